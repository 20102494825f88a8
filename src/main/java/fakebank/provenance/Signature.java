package fakebank.provenance;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What copy verification needs of one image, small enough to store with every bank entry (so it works without
 * originals and for imported banks): the PDQ hash and up to {@link SignatureExtractor#MAX_FEATURES} SURF keypoints
 * (position in the image's own pixels at the working scale, scale) with their 64-d descriptors quantised to one
 * signed byte per dimension. About 70 bytes a keypoint.
 */
public record Signature(int width, int height, PdqHash pdq, float[] xs, float[] ys, float[] scales,
        byte[] descriptors) {
    public static final int DESC = 64;
    private static final byte FORMAT = 1;

    public Signature {
        if (xs.length != ys.length || xs.length != scales.length || descriptors.length != xs.length * DESC) {
            throw new IllegalArgumentException("keypoint arrays disagree");
        }
    }

    public int size() {
        return xs.length;
    }

    /** Binary form: format byte, width, height, PDQ words and quality, count, then per keypoint x, y, scale, desc. */
    public byte[] toBytes() {
        int n = size();
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + 4 + 32 + 1 + 4 + n * (6 + DESC)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(FORMAT).putInt(width).putInt(height);
        long[] w = pdq.words();
        for (long word : w) {
            b.putLong(word);
        }
        b.put((byte) pdq.quality()).putInt(n);
        for (int i = 0; i < n; i++) {
            // positions to 1/8 pixel, scale to 1/16: plenty for RANSAC and half the bytes of floats
            b.putShort((short) Math.round(xs[i] * 8)).putShort((short) Math.round(ys[i] * 8))
                    .putShort((short) Math.min(Short.MAX_VALUE, Math.round(scales[i] * 16)));
        }
        b.put(descriptors);
        return b.array();
    }

    /** Parses {@link #toBytes()}; throws IllegalArgumentException on anything else. */
    public static Signature fromBytes(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            if (b.get() != FORMAT) {
                throw new IllegalArgumentException("unknown signature format");
            }
            int width = b.getInt();
            int height = b.getInt();
            long[] w = new long[4];
            for (int i = 0; i < 4; i++) {
                w[i] = b.getLong();
            }
            int quality = b.get() & 0xff;
            int n = b.getInt();
            if (n < 0 || n > 4096 || b.remaining() != n * (6 + DESC)) {
                throw new IllegalArgumentException("signature length does not match its keypoint count");
            }
            float[] xs = new float[n];
            float[] ys = new float[n];
            float[] scales = new float[n];
            for (int i = 0; i < n; i++) {
                xs[i] = b.getShort() / 8f;
                ys[i] = b.getShort() / 8f;
                scales[i] = b.getShort() / 16f;
            }
            byte[] desc = new byte[n * DESC];
            b.get(desc);
            return new Signature(width, height, new PdqHash(w, quality), xs, ys, scales, desc);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated signature", e);
        }
    }
}
