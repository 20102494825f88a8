package fakebank.provenance;

import fakebank.image.RgbImage;

/**
 * PDQ (Meta's perceptual hash, what ThreatExchange and Hasher-Matcher-Actioner share), written from the published
 * algorithm and checked bit for bit against the C++ reference (see {@code PdqHasherTest}): luma, two passes of a
 * Jarosz box filter sized to the image, decimation to 64x64, the 16x16 low-frequency DCT, and one bit per
 * coefficient above the median. Float arithmetic follows the reference's order so the bits agree.
 */
public final class PdqHasher {
    private static final float LUMA_R = 0.299f;
    private static final float LUMA_G = 0.587f;
    private static final float LUMA_B = 0.114f;
    private static final int MIN_DIM = 5;
    private static final int PASSES = 2;
    private static final float[] DCT = dctMatrix();

    private PdqHasher() {
    }

    public static PdqHash hash(RgbImage image) {
        int rows = image.height();
        int cols = image.width();
        if (rows < MIN_DIM || cols < MIN_DIM) {
            return new PdqHash(new long[4], 0);
        }
        int[] px = image.pixels();
        float[] luma = new float[rows * cols];
        for (int i = 0; i < luma.length; i++) {
            int p = px[i];
            luma[i] = LUMA_R * (p >>> 16 & 0xff) + LUMA_G * (p >>> 8 & 0xff) + LUMA_B * (p & 0xff);
        }
        return hashLuma(luma, rows, cols);
    }

    /** The hash of a row-major luma plane (values 0-255); {@code luma} is overwritten. */
    static PdqHash hashLuma(float[] luma, int rows, int cols) {
        float[] b64 = new float[64 * 64];
        if (rows == 64 && cols == 64) {
            System.arraycopy(luma, 0, b64, 0, b64.length);
        } else {
            float[] tmp = new float[rows * cols];
            int windowAlongRows = windowSize(cols, 64);
            int windowAlongCols = windowSize(rows, 64);
            for (int p = 0; p < PASSES; p++) {
                for (int i = 0; i < rows; i++) {
                    box1d(luma, tmp, i * cols, cols, 1, windowAlongRows);
                }
                box1dDown(tmp, luma, rows, cols, windowAlongCols);
            }
            for (int oi = 0; oi < 64; oi++) {
                int ii = (int) (((oi + 0.5) * rows) / 64);
                for (int oj = 0; oj < 64; oj++) {
                    int ij = (int) (((oj + 0.5) * cols) / 64);
                    b64[oi * 64 + oj] = luma[ii * cols + ij];
                }
            }
        }
        int quality = quality(b64);
        float[] dct = dct64To16(b64);
        float median = torben(dct);
        long[] words = new long[4];
        for (int k = 0; k < 256; k++) {
            if (dct[k] > median) {
                words[k >>> 6] |= 1L << (k & 63);
            }
        }
        return new PdqHash(words, quality);
    }

    static int windowSize(int oldDim, int newDim) {
        return (oldDim + 2 * newDim - 1) / (2 * newDim);
    }

    /** A box filter of {@code window} along one line, with shrinking windows at both ends (the reference's). */
    private static void box1d(float[] in, float[] out, int start, int length, int stride, int window) {
        int half = (window + 2) / 2;
        int phase1 = half - 1;
        int phase2 = window - half + 1;
        int phase3 = length - window;
        int phase4 = half - 1;
        int li = start;
        int ri = start;
        int oi = start;
        float sum = 0f;
        int size = 0;
        for (int i = 0; i < phase1; i++) {
            sum += in[ri];
            size++;
            ri += stride;
        }
        for (int i = 0; i < phase2; i++) {
            sum += in[ri];
            size++;
            out[oi] = sum / size;
            ri += stride;
            oi += stride;
        }
        for (int i = 0; i < phase3; i++) {
            sum += in[ri];
            sum -= in[li];
            out[oi] = sum / size;
            li += stride;
            ri += stride;
            oi += stride;
        }
        for (int i = 0; i < phase4; i++) {
            sum -= in[li];
            size--;
            out[oi] = sum / size;
            li += stride;
            oi += stride;
        }
    }

    /**
     * {@link #box1d} down every column at once, row by row: each column sees exactly the same float operations in
     * the same order (so the bits agree), but memory is read in rows instead of with a stride of a whole row, which
     * made this pass most of a request's hashing time.
     */
    private static void box1dDown(float[] in, float[] out, int rows, int cols, int window) {
        int half = (window + 2) / 2;
        int phase1 = half - 1;
        int phase2 = window - half + 1;
        int phase3 = rows - window;
        int phase4 = half - 1;
        float[] sum = new float[cols];
        int size = 0;
        int li = 0;
        int ri = 0;
        int oi = 0;
        for (int i = 0; i < phase1; i++, ri += cols) {
            for (int j = 0; j < cols; j++) {
                sum[j] += in[ri + j];
            }
            size++;
        }
        for (int i = 0; i < phase2; i++, ri += cols, oi += cols) {
            size++;
            for (int j = 0; j < cols; j++) {
                sum[j] += in[ri + j];
                out[oi + j] = sum[j] / size;
            }
        }
        for (int i = 0; i < phase3; i++, li += cols, ri += cols, oi += cols) {
            for (int j = 0; j < cols; j++) {
                sum[j] += in[ri + j];
                sum[j] -= in[li + j];
                out[oi + j] = sum[j] / size;
            }
        }
        for (int i = 0; i < phase4; i++, li += cols, oi += cols) {
            size--;
            for (int j = 0; j < cols; j++) {
                sum[j] -= in[li + j];
                out[oi + j] = sum[j] / size;
            }
        }
    }

    private static int quality(float[] b) {
        int sum = 0;
        for (int i = 0; i < 63; i++) {
            for (int j = 0; j < 64; j++) {
                int d = (int) (((b[i * 64 + j] - b[(i + 1) * 64 + j]) * 100) / 255);
                sum += Math.abs(d);
            }
        }
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 63; j++) {
                int d = (int) (((b[i * 64 + j] - b[i * 64 + j + 1]) * 100) / 255);
                sum += Math.abs(d);
            }
        }
        return Math.min(100, sum / 90);
    }

    private static float[] dctMatrix() {
        float scale = (float) Math.sqrt(2.0 / 64);
        float[] d = new float[16 * 64];
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 64; j++) {
                d[i * 64 + j] = (float) (scale * Math.cos((Math.PI / 2.0 / 64) * (i + 1) * (2 * j + 1)));
            }
        }
        return d;
    }

    /** B = D A D^T for the 16 lowest non-DC frequencies, summed in the reference's order. */
    private static float[] dct64To16(float[] a) {
        float[] t = new float[16 * 64];
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 64; j++) {
                float s = 0f;
                for (int k = 0; k < 64; k++) {
                    s += DCT[i * 64 + k] * a[k * 64 + j];
                }
                t[i * 64 + j] = s;
            }
        }
        float[] b = new float[256];
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                float s = 0f;
                for (int k = 0; k < 64; k++) {
                    s += t[i * 64 + k] * DCT[j * 64 + k];
                }
                b[i * 16 + j] = s;
            }
        }
        return b;
    }

    /** Torben Mogensen's median (public domain), as the reference computes it. */
    private static float torben(float[] m) {
        int n = m.length;
        float min = m[0];
        float max = m[0];
        for (int i = 1; i < n; i++) {
            if (m[i] < min) {
                min = m[i];
            }
            if (m[i] > max) {
                max = m[i];
            }
        }
        int less;
        int greater;
        int equal;
        float guess;
        float maxLt;
        float minGt;
        while (true) {
            guess = (min + max) / 2;
            less = 0;
            greater = 0;
            equal = 0;
            maxLt = min;
            minGt = max;
            for (float v : m) {
                if (v < guess) {
                    less++;
                    if (v > maxLt) {
                        maxLt = v;
                    }
                } else if (v > guess) {
                    greater++;
                    if (v < minGt) {
                        minGt = v;
                    }
                } else {
                    equal++;
                }
            }
            if (less <= (n + 1) / 2 && greater <= (n + 1) / 2) {
                break;
            } else if (less > greater) {
                max = maxLt;
            } else {
                min = minGt;
            }
        }
        if (less >= (n + 1) / 2) {
            return maxLt;
        } else if (less + equal >= (n + 1) / 2) {
            return guess;
        }
        return minGt;
    }
}
