package fakebank.image;

/**
 * Antialiased separable resampling that reproduces PIL's {@code Image.resize} for 8-bit RGB: same filters, same
 * support scaling when shrinking, same 22-bit fixed-point coefficients, horizontal pass first with an 8-bit
 * intermediate. Matching PIL exactly is what lets a CLIP exported in Python give the same embedding here.
 */
public final class Resampler {
    private static final int PRECISION_BITS = 32 - 8 - 2;

    private Resampler() {
    }

    public static RgbImage resize(RgbImage in, int outWidth, int outHeight, Filter filter) {
        if (outWidth == in.width() && outHeight == in.height()) {
            return in;
        }
        int[] pixels = in.pixels();
        int width = in.width();
        if (outWidth != in.width()) {
            pixels = horizontal(pixels, width, in.height(), outWidth, filter);
            width = outWidth;
        }
        if (outHeight != in.height()) {
            pixels = vertical(pixels, width, in.height(), outHeight, filter);
        }
        return new RgbImage(outWidth, outHeight, pixels, in.format());
    }

    /** Crops a {@code w x h} window at {@code (left, top)}; the window must lie inside the image. */
    public static RgbImage crop(RgbImage in, int left, int top, int w, int h) {
        if (left == 0 && top == 0 && w == in.width() && h == in.height()) {
            return in;
        }
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(in.pixels(), (top + y) * in.width() + left, out, y * w, w);
        }
        return new RgbImage(w, h, out, in.format());
    }

    private static int[] horizontal(int[] src, int inW, int h, int outW, Filter filter) {
        Coefficients c = Coefficients.of(inW, outW, filter);
        int[] out = new int[outW * h];
        for (int y = 0; y < h; y++) {
            int row = y * inW;
            for (int x = 0; x < outW; x++) {
                int start = c.bounds[2 * x];
                int count = c.bounds[2 * x + 1];
                int base = x * c.ksize;
                long r = 1L << (PRECISION_BITS - 1);
                long g = r;
                long b = r;
                for (int k = 0; k < count; k++) {
                    int p = src[row + start + k];
                    long w = c.weights[base + k];
                    r += ((p >> 16) & 0xFF) * w;
                    g += ((p >> 8) & 0xFF) * w;
                    b += (p & 0xFF) * w;
                }
                out[y * outW + x] = pack(r, g, b);
            }
        }
        return out;
    }

    private static int[] vertical(int[] src, int w, int inH, int outH, Filter filter) {
        Coefficients c = Coefficients.of(inH, outH, filter);
        int[] out = new int[w * outH];
        for (int y = 0; y < outH; y++) {
            int start = c.bounds[2 * y];
            int count = c.bounds[2 * y + 1];
            int base = y * c.ksize;
            for (int x = 0; x < w; x++) {
                long r = 1L << (PRECISION_BITS - 1);
                long g = r;
                long b = r;
                for (int k = 0; k < count; k++) {
                    int p = src[(start + k) * w + x];
                    long wt = c.weights[base + k];
                    r += ((p >> 16) & 0xFF) * wt;
                    g += ((p >> 8) & 0xFF) * wt;
                    b += (p & 0xFF) * wt;
                }
                out[y * w + x] = pack(r, g, b);
            }
        }
        return out;
    }

    private static int pack(long r, long g, long b) {
        return clip8(r) << 16 | clip8(g) << 8 | clip8(b);
    }

    private static int clip8(long acc) {
        long v = acc >> PRECISION_BITS;
        return v < 0 ? 0 : v > 255 ? 255 : (int) v;
    }

    /** Per-output-pixel source window and fixed-point weights, as PIL's {@code precompute_coeffs}. */
    private record Coefficients(int ksize, int[] bounds, long[] weights) {
        static Coefficients of(int inSize, int outSize, Filter filter) {
            double support0 = filter == Filter.BICUBIC ? 2.0 : 1.0;
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = support0 * filterScale;
            int ksize = (int) Math.ceil(support) * 2 + 1;
            int[] bounds = new int[outSize * 2];
            long[] weights = new long[outSize * ksize];
            double[] k = new double[ksize];
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                double ss = 1.0 / filterScale;
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
                double total = 0;
                for (int x = 0; x < xmax; x++) {
                    double w = kernel(filter, (x + xmin - center + 0.5) * ss);
                    k[x] = w;
                    total += w;
                }
                for (int x = 0; x < xmax; x++) {
                    double w = total != 0 ? k[x] / total : k[x];
                    // PIL rounds half away from zero when converting to fixed point.
                    weights[xx * ksize + x] = (long) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS)
                            : 0.5 + w * (1 << PRECISION_BITS));
                }
                bounds[2 * xx] = xmin;
                bounds[2 * xx + 1] = xmax;
            }
            return new Coefficients(ksize, bounds, weights);
        }

        private static double kernel(Filter filter, double x) {
            x = Math.abs(x);
            if (filter == Filter.BILINEAR) {
                return x < 1.0 ? 1.0 - x : 0.0;
            }
            final double a = -0.5;
            if (x < 1.0) {
                return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
            }
            if (x < 2.0) {
                return (((x - 5) * x + 8) * x - 4) * a;
            }
            return 0.0;
        }
    }
}
