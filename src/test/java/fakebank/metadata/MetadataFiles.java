package fakebank.metadata;

import fakebank.metadata.c2pa.C2paFixture;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.Deflater;

/** Small images with metadata the tests write themselves: PNG text chunks, JPEG XMP and EXIF segments. */
public final class MetadataFiles {
    private MetadataFiles() {
    }

    /** Inserts tEXt chunks (Latin-1, as PNG specifies) right after IHDR. */
    public static byte[] pngWithText(byte[] png, Map<String, String> text) {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        text.forEach((k, v) -> chunks.writeBytes(C2paFixture.pngChunk("tEXt",
                (k + "\0" + v).getBytes(StandardCharsets.ISO_8859_1))));
        return insertAfterIhdr(png, chunks.toByteArray());
    }

    static byte[] insertAfterIhdr(byte[] png, byte[] chunks) {
        int at = 8 + 12 + (((png[8] & 0xFF) << 24) | ((png[9] & 0xFF) << 16) | ((png[10] & 0xFF) << 8) | (png[11] & 0xFF));
        return insert(png, at, chunks);
    }

    /** A zTXt chunk whose text inflates to {@code inflated} bytes of zeros. */
    static byte[] zTxtBomb(String keyword, int inflated) {
        Deflater d = new Deflater(9);
        d.setInput(new byte[inflated]);
        d.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!d.finished()) {
            z.write(buf, 0, d.deflate(buf));
        }
        d.end();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(keyword.getBytes(StandardCharsets.ISO_8859_1));
        data.write(0);
        data.write(0);
        data.writeBytes(z.toByteArray());
        return C2paFixture.pngChunk("zTXt", data.toByteArray());
    }

    static byte[] jpegWithXmp(byte[] jpeg, String rdfDescriptionBody) {
        String packet = "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description rdf:about=\"\" xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\""
                + " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
                + rdfDescriptionBody + "</rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(packet.getBytes(StandardCharsets.UTF_8));
        return jpegWithSegment(jpeg, 0xE1, body.toByteArray());
    }

    /** EXIF APP1 with IFD0 ASCII tags (tag number -> value), big-endian TIFF. */
    public static byte[] jpegWithExif(byte[] jpeg, Map<Integer, String> ascii) {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        tiff.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8});
        int n = ascii.size();
        int dataAt = 8 + 2 + 12 * n + 4;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        put16(tiff, n);
        for (Map.Entry<Integer, String> e : new java.util.TreeMap<>(ascii).entrySet()) {
            byte[] v = (e.getValue() + "\0").getBytes(StandardCharsets.ISO_8859_1);
            put16(tiff, e.getKey());
            put16(tiff, 2);
            put32(tiff, v.length);
            if (v.length <= 4) {
                tiff.writeBytes(java.util.Arrays.copyOf(v, 4));
            } else {
                put32(tiff, dataAt + data.size());
                data.writeBytes(v);
            }
        }
        put32(tiff, 0);
        tiff.writeBytes(data.toByteArray());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        body.writeBytes(tiff.toByteArray());
        return jpegWithSegment(jpeg, 0xE1, body.toByteArray());
    }

    /** EXIF APP1 whose Exif sub-IFD holds a UserComment: 8-byte charset prefix, then the encoded text. */
    static byte[] jpegWithUserComment(byte[] jpeg, String prefix, byte[] text) {
        byte[] comment = new byte[8 + text.length];
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(p, 0, comment, 0, p.length);
        System.arraycopy(text, 0, comment, 8, text.length);
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        tiff.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8});
        put16(tiff, 1); // IFD0: one entry, the Exif sub-IFD pointer
        put16(tiff, 0x8769);
        put16(tiff, 4);
        put32(tiff, 1);
        put32(tiff, 26);
        put32(tiff, 0);
        put16(tiff, 1); // sub-IFD at 26: UserComment, UNDEFINED, data at 44
        put16(tiff, 0x9286);
        put16(tiff, 7);
        put32(tiff, comment.length);
        put32(tiff, 44);
        put32(tiff, 0);
        tiff.writeBytes(comment);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        body.writeBytes(tiff.toByteArray());
        return jpegWithSegment(jpeg, 0xE1, body.toByteArray());
    }

    static byte[] jpegWithSegment(byte[] jpeg, int marker, byte[] body) {
        int len = body.length + 2;
        ByteArrayOutputStream seg = new ByteArrayOutputStream();
        seg.writeBytes(new byte[] {(byte) 0xFF, (byte) marker, (byte) (len >> 8), (byte) len});
        seg.writeBytes(body);
        return insert(jpeg, 2, seg.toByteArray());
    }

    static byte[] insert(byte[] file, int at, byte[] piece) {
        byte[] out = new byte[file.length + piece.length];
        System.arraycopy(file, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(file, at, out, at + piece.length, file.length - at);
        return out;
    }

    private static void put16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8);
        out.write(v);
    }

    private static void put32(ByteArrayOutputStream out, int v) {
        out.writeBytes(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }
}
