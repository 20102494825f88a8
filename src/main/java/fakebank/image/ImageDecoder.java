package fakebank.image;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import fakebank.error.BadImageException;
import fakebank.error.TooLargeException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns untrusted bytes into an {@link RgbImage}: header first (type and size checked before decoding), then the
 * first frame, then EXIF orientation. Every failure is a {@link BadImageException} or {@link TooLargeException}
 * with a message meant for the sender. Thread-safe.
 *
 * <p>Large JPEGs: when built with a minimum shorter side, a JPEG larger than needed is decoded at reduced scale in
 * the DCT domain by libjpeg-turbo ({@link TurboJpeg}), after the same header checks; anything that path does not
 * handle exactly as ImageIO does (CMYK, warnings, truncation, a missing library) is decoded by ImageIO as before.
 */
public final class ImageDecoder {
    static {
        // Plugins (TwelveMonkeys JPEG/WebP/TIFF) register through the service loader; scan once per JVM.
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
    }

    /**
     * Shorter side every consumer of a decoded image gets at least (when the file has it): thumbnails (160 px),
     * copy verification by local features and perceptual hashes (about 512 px), the model input (see callers).
     */
    public static final int EVIDENCE_SIDE = 512;

    private final ImageLimits limits;
    private final int minShortSide;
    private final TurboJpeg turbo;

    /** Decodes every image at full size. */
    public ImageDecoder(ImageLimits limits) {
        this(limits, 0, Optional.empty());
    }

    /**
     * Decodes large JPEGs at reduced scale when libjpeg-turbo is installed, keeping the shorter side at least
     * {@code max(modelSide, EVIDENCE_SIDE)}; {@code modelSide} 0 means the model needs native pixels (full size).
     */
    public ImageDecoder(ImageLimits limits, int modelSide) {
        this(limits, modelSide, TurboJpeg.system());
    }

    ImageDecoder(ImageLimits limits, int modelSide, Optional<TurboJpeg> turbo) {
        if (modelSide < 0) {
            throw new IllegalArgumentException("modelSide must be >= 0");
        }
        this.limits = limits;
        this.minShortSide = modelSide == 0 ? 0 : Math.max(modelSide, EVIDENCE_SIDE);
        this.turbo = modelSide == 0 ? null : turbo.orElse(null);
    }

    /** Whether large JPEGs are decoded at reduced scale (libjpeg-turbo found and the model allows it). */
    public boolean scaledJpeg() {
        return turbo != null;
    }

    public ImageLimits limits() {
        return limits;
    }

    public RgbImage decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new BadImageException("empty file: zero bytes is not an image");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new TooLargeException("file is " + bytes.length + " bytes; the limit is " + limits.maxBytes());
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadImageException("not a recognised image format (JPEG, PNG, GIF, BMP, WebP and TIFF are read)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new BadImageException("image header gives no size");
                }
                if (width * height > limits.maxPixels()) {
                    throw new TooLargeException("image is " + width + "x" + height + " = " + (width * height)
                            + " pixels; the limit is " + limits.maxPixels() + " (decompression bomb guard)");
                }
                if (turbo != null && "jpeg".equals(format)) {
                    Optional<RgbImage> small = turbo.decode(bytes, (int) width, (int) height, minShortSide);
                    if (small.isPresent()) {
                        return Orientation.apply(small.get(), exifOrientation(bytes));
                    }
                }
                List<String> warnings = new java.util.ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage image = reader.read(0);
                refuseTruncated(warnings);
                int orientation = "jpeg".equals(format) ? exifOrientation(bytes) : 1;
                return Orientation.apply(toRgb(image, format), orientation);
            } finally {
                reader.dispose();
            }
        } catch (BadImageException | TooLargeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Truncated and hostile files surface as IIOException, EOFException, or runtime errors from plugins.
            throw new BadImageException("cannot decode image: " + describe(e), e);
        } catch (OutOfMemoryError e) {
            throw new TooLargeException("image needs more memory to decode than is available", e);
        }
    }

    /**
     * JPEG decoders fill the missing part of a truncated file with grey and only warn; a half image would get a
     * confident verdict about pixels that are not there, so it is refused like any other broken file.
     */
    private static void refuseTruncated(List<String> warnings) {
        for (String w : warnings) {
            String lower = w == null ? "" : w.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("premature end") || lower.contains("truncat") || lower.contains("eof")) {
                throw new BadImageException("truncated image: " + w);
            }
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** EXIF orientation 1..8 from a JPEG's APP1 segment; 1 (upright) when absent or unreadable. */
    static int exifOrientation(byte[] jpeg) {
        try (InputStream raw = new ByteArrayInputStream(jpeg);
                ImageInputStream in = ImageIO.createImageInputStream(raw)) {
            List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
            for (JPEGSegment segment : segments) {
                byte[] data = segment.data().readAllBytes();
                int tiff = tiffHeaderOffset(data);
                if (tiff < 0) {
                    continue;
                }
                Directory exif = new TIFFReader().read(ImageIO.createImageInputStream(
                        new ByteArrayInputStream(data, tiff, data.length - tiff)));
                Entry entry = exif.getEntryById(TIFF.TAG_ORIENTATION);
                if (entry != null && entry.getValue() instanceof Number n) {
                    int value = n.intValue();
                    return value >= 1 && value <= 8 ? value : 1;
                }
            }
        } catch (IOException | RuntimeException e) {
            // A broken EXIF block must not make a readable image unreadable.
        }
        return 1;
    }

    /** Where the TIFF structure ("II*\0" or "MM\0*") starts after the Exif identifier and its padding. */
    private static int tiffHeaderOffset(byte[] data) {
        for (int i = 0; i + 4 <= Math.min(data.length, 8); i++) {
            boolean intel = data[i] == 'I' && data[i + 1] == 'I' && data[i + 2] == 42 && data[i + 3] == 0;
            boolean motorola = data[i] == 'M' && data[i + 1] == 'M' && data[i + 2] == 0 && data[i + 3] == 42;
            if (intel || motorola) {
                return i;
            }
        }
        return -1;
    }

    static RgbImage toRgb(BufferedImage image, String format) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] out = new int[w * h];
        switch (image.getType()) {
            case BufferedImage.TYPE_3BYTE_BGR -> {
                byte[] src = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
                for (int i = 0, p = 0; i < out.length; i++, p += 3) {
                    out[i] = (src[p + 2] & 0xFF) << 16 | (src[p + 1] & 0xFF) << 8 | (src[p] & 0xFF);
                }
            }
            case BufferedImage.TYPE_4BYTE_ABGR -> {
                byte[] src = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
                for (int i = 0, p = 0; i < out.length; i++, p += 4) {
                    out[i] = (src[p + 3] & 0xFF) << 16 | (src[p + 2] & 0xFF) << 8 | (src[p + 1] & 0xFF);
                }
            }
            case BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB -> {
                int[] src = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
                for (int i = 0; i < out.length; i++) {
                    out[i] = src[i] & 0xFFFFFF;
                }
            }
            default -> {
                // Grey, palette, 16-bit and CMYK-converted images: let Java2D convert to sRGB, then drop alpha.
                image.getRGB(0, 0, w, h, out, 0, w);
                for (int i = 0; i < out.length; i++) {
                    out[i] &= 0xFFFFFF;
                }
            }
        }
        return new RgbImage(w, h, out, format);
    }
}
