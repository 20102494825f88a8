package fakebank.api;

import fakebank.error.BadRequestException;
import fakebank.error.TooLargeException;
import fakebank.error.UnsupportedTypeException;
import fakebank.video.VideoFormats;
import io.javalin.http.Context;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads uploaded images (and videos) from a request: {@code multipart/form-data} parts named {@code image} or
 * {@code video}, or a raw body sent with an {@code image/*}, {@code video/*} or {@code application/octet-stream}
 * Content-Type. Never reads more than the limit (413), rejects other request types and non-image parts (415), and a
 * request without an image (400). Form fields come from the multipart body, or from
 * the query string for raw uploads.
 */
final class Uploads {
    static final String FIELD = "image";
    /** Videos may also come in a part of their own name; either part is told apart by its bytes. */
    static final String VIDEO_FIELD = "video";

    /** {@code declaredVideo}: sent in a {@code video} part or with a {@code video/*} type (the bytes decide). */
    record Upload(String filename, byte[] bytes, boolean declaredVideo) {
        Upload(String filename, byte[] bytes) {
            this(filename, bytes, false);
        }

        /** MP4/MOV or Matroska/WebM by the first bytes, whatever the sender called it. */
        boolean isVideo() {
            return VideoFormats.sniff(bytes.length < 16 ? bytes : java.util.Arrays.copyOf(bytes, 16));
        }
    }

    private Uploads() {
    }

    /** The single image of a request. */
    static Upload one(Context ctx, long maxBytes) {
        List<Upload> all = read(ctx, maxBytes, 1);
        if (all.size() > 1) {
            throw new BadRequestException("send one image per request (use /v1/classify/batch for several)");
        }
        return all.getFirst();
    }

    /** Every image of a request, at least one and at most {@code maxImages}. */
    static List<Upload> many(Context ctx, long maxBytes, int maxImages) {
        return read(ctx, maxBytes, maxImages);
    }

    /** A text field: multipart field, else query parameter; blank is null. */
    static String field(Context ctx, String name) {
        String value = null;
        if (isMultipart(ctx)) {
            try {
                value = ctx.formParam(name);
            } catch (RuntimeException e) {
                throw translate(e);
            }
        }
        if (value == null) {
            value = ctx.queryParam(name);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static List<Upload> read(Context ctx, long maxBytes, int maxImages) {
        String type = ctx.contentType();
        String mime = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (mime.equals("multipart/form-data")) {
            return fromMultipart(ctx, maxBytes, maxImages);
        }
        if (mime.startsWith("image/") || mime.startsWith("video/") || mime.equals("application/octet-stream")) {
            return List.of(fromRawBody(ctx, maxBytes, mime.startsWith("video/")));
        }
        throw new UnsupportedTypeException("send the image or video as multipart/form-data (field 'image' or "
                + "'video') or as a raw body with an image/*, video/* or application/octet-stream Content-Type; got "
                + (type == null ? "no Content-Type" : "'" + mime + "'"));
    }

    /**
     * The whole body is the file (no multipart parser on the way). The guard has already answered 413 to a
     * Content-Length over the limit; with a length, the body is read once into an array of that size, without one
     * (chunked) never past the limit. An empty body goes on to the decoder like a zero-byte part: 422.
     */
    private static Upload fromRawBody(Context ctx, long maxBytes, boolean declaredVideo) {
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = readPart(in, ctx.req().getContentLengthLong(), maxBytes);
        } catch (IOException e) {
            throw translate(e);
        }
        return new Upload(ctx.queryParam("filename"), bytes, declaredVideo);
    }

    private static List<Upload> fromMultipart(Context ctx, long maxBytes, int maxImages) {
        List<Upload> uploads = new ArrayList<>();
        try {
            ctx.uploadedFiles(); // lets Javalin install its multipart limits before the parts are parsed
            for (Part part : ctx.req().getParts()) {
                if (!FIELD.equals(part.getName()) && !VIDEO_FIELD.equals(part.getName())) {
                    continue;
                }
                String partType = part.getContentType();
                if (partType != null && !acceptablePartType(partType)) {
                    throw new UnsupportedTypeException("the '" + part.getName() + "' part has Content-Type '"
                            + partType + "'; an image/* or video/* (or application/octet-stream) file is expected");
                }
                if (uploads.size() == maxImages) {
                    throw new BadRequestException("at most " + maxImages + " images per request");
                }
                if (part.getSize() > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                try (InputStream in = part.getInputStream()) {
                    uploads.add(new Upload(part.getSubmittedFileName(), readPart(in, part.getSize(), maxBytes),
                            VIDEO_FIELD.equals(part.getName()) || String.valueOf(partType).startsWith("video/")));
                }
            }
        } catch (RuntimeException e) {
            throw translate(e);
        } catch (IOException e) {
            throw translate(e);
        } catch (jakarta.servlet.ServletException e) {
            throw translate(e);
        }
        if (uploads.isEmpty()) {
            throw new BadRequestException("no image: send the file in a multipart field named 'image'");
        }
        return uploads;
    }

    private static boolean acceptablePartType(String type) {
        String t = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return t.startsWith("image/") || t.startsWith("video/") || t.equals("application/octet-stream")
                || t.isEmpty();
    }

    /**
     * A part's bytes, copied once into an array of the size the parser counted (an upload is read once per request;
     * reading it in growing chunks copied it twice and left the chunks as garbage). A part whose stream disagrees
     * with its size is malformed; without a size, as {@link #readLimited}.
     */
    static byte[] readPart(InputStream in, long size, long maxBytes) throws IOException {
        if (size < 0) {
            return readLimited(in, maxBytes);
        }
        if (size > maxBytes) {
            throw tooLarge(maxBytes);
        }
        byte[] bytes = new byte[(int) size];
        int read = in.readNBytes(bytes, 0, bytes.length);
        if (read != bytes.length || in.read() != -1) {
            throw new BadRequestException("malformed body: its length does not match its content");
        }
        return bytes;
    }

    static byte[] readLimited(InputStream in, long maxBytes) {
        try {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw translate(e);
        }
    }

    static boolean isMultipart(Context ctx) {
        String type = ctx.contentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    static TooLargeException tooLarge(long maxBytes) {
        return new TooLargeException("the upload is larger than the limit of " + maxBytes + " bytes");
    }

    /**
     * Jetty reports multipart trouble as assorted exceptions (size limits as IllegalStateException or a 413
     * BadMessageException; malformed bodies as IOException/ServletException); give them our kinds.
     */
    static RuntimeException translate(Exception e) {
        if (e instanceof fakebank.error.FakebankException f) {
            return f;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            // e.g. "max length exceeded: 2097152", "Request exceeds maxRequestSize", "413: ..."
            if (m.contains("exceed") || m.contains("too large") || m.contains("413")
                    || t.getClass().getSimpleName().contains("ContentTooLarge")) {
                return new TooLargeException("the upload is larger than the server accepts", e);
            }
        }
        if (e instanceof IOException io && !(e instanceof java.io.EOFException) && isClientGone(io)) {
            return new ClientGone(io);
        }
        return new BadRequestException("malformed multipart body: " + e.getMessage(), e);
    }

    /** The client closed the connection while we read its body: its problem, not a server fault. */
    static final class ClientGone extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        ClientGone(IOException cause) {
            super(cause);
        }
    }

    private static boolean isClientGone(IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("closed") || m.contains("reset") || m.contains("broken pipe");
    }
}
