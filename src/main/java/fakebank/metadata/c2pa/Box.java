package fakebank.metadata.c2pa;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One ISO BMFF-style box (the framing JUMBF, JPEG XL and HEIF share) located inside a byte array: {@code start} is
 * the first header byte, {@code body} the first payload byte, {@code end} one past the last byte. Boxes are never
 * copied; a box whose declared size runs past its parent is refused, so a forged size cannot make us allocate.
 */
public record Box(String type, int start, int body, int end) {
    static final int MAX_BOXES = 10_000;

    public int length() {
        return end - start;
    }

    /** Reads the sibling boxes in {@code [from, to)}; stops with a {@link MalformedException} at the first bad one. */
    public static List<Box> read(byte[] data, int from, int to) {
        List<Box> boxes = new ArrayList<>();
        int at = from;
        while (at < to) {
            if (to - at < 8) {
                throw new MalformedException("box header truncated at byte " + at);
            }
            long size = u32(data, at);
            String type = new String(data, at + 4, 4, StandardCharsets.ISO_8859_1);
            int header = 8;
            if (size == 1) {
                if (to - at < 16) {
                    throw new MalformedException("large box header truncated at byte " + at);
                }
                size = u64(data, at + 8);
                header = 16;
            } else if (size == 0) {
                size = to - at; // "to the end of the enclosing space"
            }
            if (size < header || size > to - at) {
                throw new MalformedException("box '" + printable(type) + "' at byte " + at + " declares " + size
                        + " bytes; only " + (to - at) + " remain");
            }
            boxes.add(new Box(type, at, at + header, at + (int) size));
            if (boxes.size() > MAX_BOXES) {
                throw new MalformedException("more than " + MAX_BOXES + " boxes");
            }
            at += (int) size;
        }
        return boxes;
    }

    static long u32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }

    static long u64(byte[] b, int at) {
        long hi = u32(b, at);
        long lo = u32(b, at + 4);
        return hi > Integer.MAX_VALUE ? Long.MAX_VALUE : (hi << 32) | lo;
    }

    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return out.toString();
    }

    /** A structural problem in untrusted bytes; caught at the package boundary and reported as a note. */
    public static final class MalformedException extends RuntimeException {
        public MalformedException(String message) {
            super(message);
        }
    }
}
