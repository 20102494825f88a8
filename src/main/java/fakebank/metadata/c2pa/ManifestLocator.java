package fakebank.metadata.c2pa;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the C2PA manifest store (a JUMBF {@code jumb} box) where the C2PA specification embeds it: JPEG APP11
 * segments (JPEG XT framing, possibly many segments per box), the PNG {@code caBX} chunk, the RIFF/WebP
 * {@code C2PA} chunk, TIFF/DNG tag 0xCD41, the ISO BMFF (HEIF, AVIF, MP4) {@code uuid} box with the C2PA UUID,
 * and the top-level {@code jumb} box of a JPEG XL container. Returns the store's bytes, or null when there is none.
 */
final class ManifestLocator {
    /**
     * The store, the container it was found in and the byte range the container's wrapping of it takes in the asset
     * ({@code start} is -1 when not tracked), plus anything odd seen on the way.
     */
    record Found(byte[] store, String container, int start, int length, List<String> notes) {
    }

    /** Where the wrapped store sits in the asset; set by the container readers that track it. */
    private static final class Span {
        int start = -1;
        int end = -1;
    }

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] BMFF_C2PA_UUID = {(byte) 0xD8, (byte) 0xFE, (byte) 0xC3, (byte) 0xD6, 0x1B, 0x0E,
            0x48, 0x3C, (byte) 0x92, (byte) 0x97, 0x58, 0x28, (byte) 0x87, 0x7E, (byte) 0xC4, (byte) 0x81};
    private static final byte[] JXL = {0, 0, 0, 0x0C, 'J', 'X', 'L', ' ', 0x0D, 0x0A, (byte) 0x87, 0x0A};
    private static final int TIFF_C2PA_TAG = 0xCD41;

    private ManifestLocator() {
    }

    static Found find(byte[] a) {
        List<String> notes = new ArrayList<>();
        Span span = new Span();
        byte[] store = null;
        String container = null;
        if (a.length > 4 && (a[0] & 0xFF) == 0xFF && (a[1] & 0xFF) == 0xD8) {
            store = jpeg(a, notes, span);
            container = "JPEG APP11";
        } else if (startsWith(a, PNG, 0)) {
            store = png(a, notes, span);
            container = "PNG caBX";
        } else if (a.length >= 12 && ascii(a, 0, 4).equals("RIFF")) {
            store = riff(a, notes, span);
            container = "RIFF C2PA";
        } else if (a.length >= 8 && (ascii(a, 0, 4).equals("II*\0") || ascii(a, 0, 4).equals("MM\0*"))) {
            store = tiff(a);
            container = "TIFF tag 0xCD41";
        } else if (startsWith(a, JXL, 0)) {
            store = topLevelJumb(a, 0);
            container = "JPEG XL jumb box";
        } else if (a.length >= 12 && ascii(a, 4, 8).equals("ftyp")) {
            store = bmff(a);
            container = "BMFF uuid box";
        }
        return store == null ? null
                : new Found(store, container, span.start, span.start < 0 ? -1 : span.end - span.start, List.copyOf(notes));
    }

    /**
     * JPEG XT marker segments: {@code CI "JP", En (box instance), Z (sequence)} then the box; continuation segments
     * repeat LBox/TBox (and XLBox) before the next piece. The first box whose jumd says {@code c2pa} is the store.
     */
    private static byte[] jpeg(byte[] a, List<String> notes, Span span) {
        ByteArrayOutputStream store = null;
        int instance = -1;
        long expectedSeq = 0;
        int stores = 0;
        int at = 2;
        while (at + 4 <= a.length) {
            if ((a[at] & 0xFF) != 0xFF) {
                break;
            }
            int marker = a[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++;
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) {
                break; // end of image or start of scan: APP segments come before
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                at += 2;
                continue;
            }
            int len = ((a[at + 2] & 0xFF) << 8) | (a[at + 3] & 0xFF);
            if (len < 2 || at + 2 + len > a.length) {
                notes.add("JPEG segment at byte " + at + " runs past the end of the file");
                break;
            }
            int body = at + 4;
            int bodyEnd = at + 2 + len;
            if (marker == 0xEB && bodyEnd - body >= 16 && a[body] == 'J' && a[body + 1] == 'P') {
                int en = ((a[body + 2] & 0xFF) << 8) | (a[body + 3] & 0xFF);
                long seq = Box.u32(a, body + 4);
                long lbox = Box.u32(a, body + 8);
                int header = lbox == 1 ? 16 : 8;
                if (store != null && en == instance) {
                    if (seq != expectedSeq) {
                        notes.add("C2PA APP11 segment out of order (sequence " + seq + ", expected " + expectedSeq + ")");
                    } else if (bodyEnd - body >= 8 + header) {
                        store.write(a, body + 8 + header, bodyEnd - body - 8 - header);
                        expectedSeq++;
                        span.end = bodyEnd;
                    }
                } else if (bodyEnd - body >= 8 + header + 20 && ascii(a, body + 12, body + 16).equals("jumb")
                        && ascii(a, body + 8 + header + 8, body + 8 + header + 12).equals("c2pa")) {
                    // 8 (CI, En, Z) + box header, then the jumd box: its own header (8), then the type UUID
                    stores++;
                    if (store == null) {
                        store = new ByteArrayOutputStream();
                        store.write(a, body + 8, bodyEnd - body - 8);
                        instance = en;
                        expectedSeq = seq + 1;
                        span.start = at;
                        span.end = bodyEnd;
                    }
                }
            }
            at = bodyEnd;
        }
        if (stores > 1) {
            notes.add(stores + " C2PA manifest stores in APP11; only the first is read");
        }
        return store == null ? null : store.toByteArray();
    }

    private static byte[] png(byte[] a, List<String> notes, Span span) {
        int at = 8;
        while (at + 12 <= a.length) {
            long len = Box.u32(a, at);
            String type = ascii(a, at + 4, at + 8);
            if (len > a.length - at - 12) {
                notes.add("PNG chunk '" + Box.printable(type) + "' runs past the end of the file");
                return null;
            }
            if (type.equals("caBX")) {
                span.start = at;
                span.end = at + 12 + (int) len;
                return Arrays.copyOfRange(a, at + 8, at + 8 + (int) len);
            }
            if (type.equals("IEND")) {
                return null;
            }
            at += 12 + (int) len;
        }
        return null;
    }

    private static byte[] riff(byte[] a, List<String> notes, Span span) {
        int at = 12;
        while (at + 8 <= a.length) {
            String fourcc = ascii(a, at, at + 4);
            long len = le32(a, at + 4);
            if (len > a.length - at - 8) {
                notes.add("RIFF chunk '" + Box.printable(fourcc) + "' runs past the end of the file");
                return null;
            }
            if (fourcc.equals("C2PA")) {
                span.start = at;
                span.end = (int) Math.min(a.length, at + 8 + len + (len & 1));
                return Arrays.copyOfRange(a, at + 8, at + 8 + (int) len);
            }
            at += 8 + (int) len + (int) (len & 1);
        }
        return null;
    }

    /** IFD0 only: C2PA puts the store in the first IFD as an UNDEFINED-typed value. */
    private static byte[] tiff(byte[] a) {
        boolean le = a[0] == 'I';
        long ifd = u32(a, 4, le);
        if (ifd < 8 || ifd + 2 > a.length) {
            return null;
        }
        int count = u16(a, (int) ifd, le);
        for (int i = 0; i < count; i++) {
            int e = (int) ifd + 2 + 12 * i;
            if (e + 12 > a.length) {
                return null;
            }
            if (u16(a, e, le) == TIFF_C2PA_TAG) {
                long n = u32(a, e + 4, le);
                long off = n <= 4 ? e + 8 : u32(a, e + 8, le);
                if (off + n > a.length) {
                    return null;
                }
                return Arrays.copyOfRange(a, (int) off, (int) (off + n));
            }
        }
        return null;
    }

    private static byte[] topLevelJumb(byte[] a, int from) {
        for (Box b : Box.read(a, from, a.length)) {
            if (b.type().equals("jumb")) {
                return Arrays.copyOfRange(a, b.start(), b.end());
            }
        }
        return null;
    }

    /** {@code uuid} box: 16-byte C2PA UUID, version/flags, purpose string, then (for "manifest") offset + store. */
    private static byte[] bmff(byte[] a) {
        for (Box b : Box.read(a, 0, a.length)) {
            if (!b.type().equals("uuid") || b.end() - b.body() < 16 + 4 + 1
                    || !startsWith(a, BMFF_C2PA_UUID, b.body())) {
                continue;
            }
            int at = b.body() + 20;
            int zero = at;
            while (zero < b.end() && a[zero] != 0) {
                zero++;
            }
            String purpose = ascii(a, at, zero);
            int store = zero + 1 + 8; // skip the NUL and the 64-bit merkle offset
            if (purpose.equals("manifest") && store < b.end()) {
                return Arrays.copyOfRange(a, store, b.end());
            }
        }
        return null;
    }

    static boolean startsWith(byte[] a, byte[] prefix, int at) {
        if (at + prefix.length > a.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (a[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static String ascii(byte[] a, int from, int to) {
        return from < 0 || to > a.length || from > to ? "" : new String(a, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static long le32(byte[] a, int at) {
        return (a[at] & 0xFFL) | ((a[at + 1] & 0xFFL) << 8) | ((a[at + 2] & 0xFFL) << 16) | ((a[at + 3] & 0xFFL) << 24);
    }

    private static int u16(byte[] a, int at, boolean le) {
        return le ? (a[at] & 0xFF) | ((a[at + 1] & 0xFF) << 8) : ((a[at] & 0xFF) << 8) | (a[at + 1] & 0xFF);
    }

    private static long u32(byte[] a, int at, boolean le) {
        return le ? le32(a, at) : Box.u32(a, at);
    }
}
