package fakebank.bank;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * How journal records sit in the file: {@code FB1 <payload bytes> <crc32c hex> <payload>\n}, one per line. A
 * reader accepts a record only if its length and checksum match, and after anything it cannot read it searches
 * for the next {@code FB1 } marker. So a record torn by a crash or a full disk is dropped alone and can never
 * swallow the record written after it, even when that one was glued onto the fragment.
 */
final class JournalFrames {
    private static final byte[] MAGIC = "FB1 ".getBytes(StandardCharsets.US_ASCII);

    private JournalFrames() {
    }

    /** What reading found: the payloads, in order, and how many stretches of unreadable bytes were skipped. */
    record Read(List<String> payloads, int skipped) {
    }

    static byte[] frame(List<String> payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String payload : payloads) {
            byte[] body = payload.getBytes(StandardCharsets.UTF_8);
            String header = "FB1 " + body.length + " " + String.format("%08x", crc(body, 0, body.length)) + " ";
            out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(body);
            out.write('\n');
        }
        return out.toByteArray();
    }

    static Read read(byte[] data) {
        List<String> payloads = new ArrayList<>();
        int skipped = 0;
        int pos = 0;
        boolean skipping = false;
        while (pos < data.length) {
            int end = recordEnd(data, pos);
            if (end > 0) {
                payloads.add(payload(data, pos, end));
                pos = end;
                skipping = false;
                continue;
            }
            if (!skipping) {
                skipped++;
                skipping = true;
            }
            pos = nextMagic(data, pos + 1);
        }
        return new Read(payloads, skipped);
    }

    /** The offset just after a valid record starting at {@code pos}, or -1. */
    private static int recordEnd(byte[] data, int pos) {
        if (!startsWith(data, pos, MAGIC)) {
            return -1;
        }
        int lenStart = pos + MAGIC.length;
        int lenEnd = indexOf(data, (byte) ' ', lenStart, 12);
        if (lenEnd < 0) {
            return -1;
        }
        int crcStart = lenEnd + 1;
        int bodyStart = crcStart + 9;
        if (bodyStart > data.length || data[crcStart + 8] != ' ') {
            return -1;
        }
        long length;
        long crc;
        try {
            length = Long.parseLong(new String(data, lenStart, lenEnd - lenStart, StandardCharsets.US_ASCII));
            crc = Long.parseLong(new String(data, crcStart, 8, StandardCharsets.US_ASCII), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
        long newline = bodyStart + length;
        if (length < 0 || newline >= data.length || data[(int) newline] != '\n') {
            return -1;
        }
        if (crc(data, bodyStart, (int) length) != crc) {
            return -1;
        }
        return (int) newline + 1;
    }

    private static String payload(byte[] data, int pos, int end) {
        int lenEnd = indexOf(data, (byte) ' ', pos + MAGIC.length, 12);
        int bodyStart = lenEnd + 10;
        return new String(data, bodyStart, end - 1 - bodyStart, StandardCharsets.UTF_8);
    }

    private static long crc(byte[] data, int offset, int length) {
        CRC32C c = new CRC32C();
        c.update(data, offset, length);
        return c.getValue();
    }

    private static int nextMagic(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (startsWith(data, i, MAGIC)) {
                return i;
            }
        }
        return data.length;
    }

    private static boolean startsWith(byte[] data, int pos, byte[] prefix) {
        if (pos + prefix.length > data.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[pos + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] data, byte b, int from, int maxDistance) {
        for (int i = from; i < Math.min(data.length, from + maxDistance); i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
