package fakebank.metadata;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Prepares untrusted bytes for metadata-extractor, which allocates a chunk's declared length before reading it and
 * inflates compressed PNG chunks without a cap. PNG: chunks whose length runs past the file end the copy (an IEND
 * is appended), compressed text/ICC chunks that inflate past {@link #MAX_INFLATED} are dropped. RIFF (WebP): the
 * chunk list is cut at the first chunk that runs past the end. Other formats pass through unchanged.
 */
final class SafeContainers {
    static final int MAX_INFLATED = 8 << 20;
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};

    private SafeContainers() {
    }

    static byte[] prepare(byte[] a, List<String> notes) {
        if (a.length >= 8 && java.util.Arrays.equals(a, 0, 8, PNG, 0, 8)) {
            return png(a, notes);
        }
        if (a.length >= 12 && ascii(a, 0, 4).equals("RIFF")) {
            return riff(a, notes);
        }
        return a;
    }

    private static byte[] png(byte[] a, List<String> notes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length);
        out.write(a, 0, 8);
        int at = 8;
        while (at + 12 <= a.length) {
            long len = u32be(a, at);
            String type = ascii(a, at + 4, at + 8);
            if (len > a.length - at - 12) {
                notes.add("PNG chunk '" + printable(type) + "' at byte " + at
                        + " runs past the end; metadata after it is not read");
                break;
            }
            int n = (int) len;
            int body = at + 8;
            boolean keep = switch (type) {
                case "zTXt", "iCCP" -> inflatesWithinCap(a, afterKeyword(a, body, n) + 2, body + n);
                case "iTXt" -> iTxtWithinCap(a, body, n);
                default -> true;
            };
            if (keep) {
                out.write(a, at, 12 + n);
            } else {
                notes.add("PNG " + type + " chunk at byte " + at + " is not valid deflate or inflates past "
                        + (MAX_INFLATED >> 20) + " MB; skipped");
            }
            at += 12 + n;
            if (type.equals("IEND")) {
                return out.toByteArray();
            }
        }
        out.writeBytes(IEND);
        return out.toByteArray();
    }

    private static boolean iTxtWithinCap(byte[] a, int body, int n) {
        int k = afterKeyword(a, body, n);
        if (k + 2 >= body + n || a[k + 1] == 0) {
            return true; // not compressed
        }
        int at = k + 3;
        for (int zeros = 0; at < body + n && zeros < 2; at++) {
            if (a[at] == 0) {
                zeros++;
            }
        }
        return inflatesWithinCap(a, at, body + n);
    }

    /** Index of the NUL that ends the chunk's keyword (or the chunk end). */
    private static int afterKeyword(byte[] a, int body, int n) {
        int k = body;
        while (k < body + n && a[k] != 0) {
            k++;
        }
        return k;
    }

    private static boolean inflatesWithinCap(byte[] a, int from, int to) {
        if (from >= to) {
            return true;
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(a, from, to - from);
            byte[] buf = new byte[64 << 10];
            long total = 0;
            while (!inflater.finished()) {
                int got = inflater.inflate(buf);
                total += got;
                if (total > MAX_INFLATED) {
                    return false;
                }
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return true; // truncated stream: the library reports its own error, nothing to bomb
                }
            }
            return true;
        } catch (DataFormatException e) {
            return false;
        } finally {
            inflater.end();
        }
    }

    private static byte[] riff(byte[] a, List<String> notes) {
        int at = 12;
        while (at + 8 <= a.length) {
            long len = (a[at + 4] & 0xFFL) | ((a[at + 5] & 0xFFL) << 8) | ((a[at + 6] & 0xFFL) << 16)
                    | ((a[at + 7] & 0xFFL) << 24);
            long next = at + 8 + len + (len & 1);
            if (len > a.length - at - 8) {
                notes.add("RIFF chunk '" + printable(ascii(a, at, at + 4))
                        + "' runs past the end; metadata after it is not read");
                break;
            }
            at = (int) Math.min(next, a.length);
        }
        if (at >= a.length) {
            return a;
        }
        byte[] cut = java.util.Arrays.copyOf(a, at);
        int size = at - 8;
        cut[4] = (byte) size;
        cut[5] = (byte) (size >> 8);
        cut[6] = (byte) (size >> 16);
        cut[7] = (byte) (size >> 24);
        return cut;
    }

    private static long u32be(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }

    static String ascii(byte[] a, int from, int to) {
        return new String(a, from, to - from, StandardCharsets.ISO_8859_1);
    }

    static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
