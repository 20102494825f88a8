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

    /**
     * The keypoints the mirror image would give, without detecting again: positions mirrored, and each SURF
     * descriptor's 4x4 grid flipped along its first axis with the third component of every cell negated (how
     * BoofCV's SURF layout transforms under a horizontal flip; measured mean cosine 0.99 against descriptors
     * computed on the mirrored image). Positions are in the mirrored image's coordinates.
     */
    public Signature mirror() {
        int n = size();
        float[] mx = new float[n];
        byte[] d = new byte[descriptors.length];
        for (int p = 0; p < n; p++) {
            mx[p] = width - 1 - xs[p];
            int o = p * DESC;
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    for (int k = 0; k < 4; k++) {
                        byte v = descriptors[o + ((3 - i) * 4 + j) * 4 + k];
                        d[o + (i * 4 + j) * 4 + k] = k == 2 ? (byte) -v : v;
                    }
                }
            }
        }
        return new Signature(width, height, pdq, mx, ys.clone(), scales.clone(), d);
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
