package fakebank.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Perturbations for augmentation and robustness tests. Each returns a new image and leaves its input alone; each
 * is deterministic (same input and parameters, same pixels) on a given JDK.
 */
public final class ImageTransforms {
    /** The JDK's own JPEG codec, preferred over plugins so results do not depend on the class path. */
    private static final String JDK_JPEG_PACKAGE = "com.sun.imageio.plugins.jpeg.";

    private ImageTransforms() {
    }

    /**
     * Encodes as baseline JPEG at {@code quality} (1-100) with the JDK writer (4:2:0 chroma subsampling, its
     * default) and decodes it again: the same size, with JPEG's losses. The result's format is "jpeg".
     */
    public static RgbImage jpeg(RgbImage image, int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be in 1..100, got " + quality);
        }
        try {
            return decodeJpeg(encodeJpeg(image, quality / 100f));
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory JPEG round trip failed", e);
        }
    }

    /**
     * The training-time augmentation of UnivFD and its successors: one JPEG copy (quality 60-95), one blurred copy
     * (sigma 0-2) and one downscaled copy (0.5-1x), parameters drawn from {@code random}.
     */
    public static java.util.List<RgbImage> augmentations(RgbImage image, java.util.Random random) {
        return java.util.List.of(
                jpeg(image, 60 + random.nextInt(36)),
                gaussianBlur(image, 2.0 * random.nextDouble()),
                downscale(image, 0.5 + 0.5 * random.nextDouble()));
    }

    /**
     * Gaussian blur with standard deviation {@code sigma} pixels: a separable kernel of radius ceil(3 sigma),
     * normalised to sum 1, edges clamped (the border pixel repeats). Sigma 0 returns a copy.
     */
    public static RgbImage gaussianBlur(RgbImage image, double sigma) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("blur sigma must be >= 0 and finite, got " + sigma);
        }
        if (sigma == 0) {
            return copy(image);
        }
        double[] kernel = gaussianKernel(sigma);
        int w = image.width();
        int h = image.height();
        Planes planes = Planes.of(image);
        Planes horizontal = new Planes(w, h);
        Planes vertical = new Planes(w, h);
        int radius = kernel.length / 2;
        for (int c = 0; c < 3; c++) {
            double[] in = planes.channel[c];
            double[] mid = horizontal.channel[c];
            double[] out = vertical.channel[c];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sum = 0;
                    for (int t = -radius; t <= radius; t++) {
                        sum += kernel[t + radius] * in[y * w + clamp(x + t, w)];
                    }
                    mid[y * w + x] = sum;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sum = 0;
                    for (int t = -radius; t <= radius; t++) {
                        sum += kernel[t + radius] * mid[clamp(y + t, h) * w + x];
                    }
                    out[y * w + x] = sum;
                }
            }
        }
        return vertical.toImage(image.format());
    }

    /**
     * Shrinks by {@code factor} in (0, 1] to round(size x factor) pixels per side (at least 1), each output pixel
     * the exact area-weighted mean of the input pixels it covers (a box filter, so no aliasing).
     */
    public static RgbImage downscale(RgbImage image, double factor) {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("downscale factor must be in (0, 1], got " + factor);
        }
        int w = Math.max(1, (int) Math.round(image.width() * factor));
        int h = Math.max(1, (int) Math.round(image.height() * factor));
        if (w == image.width() && h == image.height()) {
            return copy(image);
        }
        Span[] columns = areaWeights(image.width(), w);
        Span[] rows = areaWeights(image.height(), h);
        Planes in = Planes.of(image);
        Planes mid = new Planes(w, image.height());
        Planes out = new Planes(w, h);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < image.height(); y++) {
                for (int x = 0; x < w; x++) {
                    mid.channel[c][y * w + x] = columns[x].apply(in.channel[c], y * image.width(), 1);
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out.channel[c][y * w + x] = rows[y].apply(mid.channel[c], x, w);
                }
            }
        }
        return out.toImage(image.format());
    }

    /**
     * The centre {@code size x size} square (smaller when a side is shorter), without resampling: evaluation uses
     * it so that image size, which separates reals from fakes in the devsets, cannot be what is detected.
     */
    public static RgbImage centreCrop(RgbImage image, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("crop size must be positive, got " + size);
        }
        int w = Math.min(size, image.width());
        int h = Math.min(size, image.height());
        int x0 = (image.width() - w) / 2;
        int y0 = (image.height() - h) / 2;
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(image.pixels(), (y0 + y) * image.width() + x0, out, y * w, w);
        }
        return new RgbImage(w, h, out, image.format());
    }

    /** JPEG bytes of {@code image} at {@code quality} in (0, 1], by the JDK writer (thumbnails use it too). */
    public static byte[] encodeJpeg(RgbImage image, float quality) {
        try {
            return writeJpeg(image, quality);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory JPEG encoding failed", e);
        }
    }

    private static byte[] writeJpeg(RgbImage image, float quality) throws IOException {
        BufferedImage buffered = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        buffered.setRGB(0, 0, image.width(), image.height(), image.pixels(), 0, image.width());
        ImageWriter writer = jdkFirst(ImageIO.getImageWritersByFormatName("jpeg"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(buffered, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static RgbImage decodeJpeg(byte[] jpeg) throws IOException {
        ImageReader reader = jdkFirst(ImageIO.getImageReadersByFormatName("jpeg"));
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in);
            BufferedImage decoded = reader.read(0);
            int w = decoded.getWidth();
            int h = decoded.getHeight();
            int[] pixels = decoded.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] &= 0xFFFFFF;
            }
            return new RgbImage(w, h, pixels, "jpeg");
        } finally {
            reader.dispose();
        }
    }

    private static <T> T jdkFirst(Iterator<T> candidates) {
        T first = null;
        while (candidates.hasNext()) {
            T candidate = candidates.next();
            if (candidate.getClass().getName().startsWith(JDK_JPEG_PACKAGE)) {
                return candidate;
            }
            if (first == null) {
                first = candidate;
            }
        }
        if (first == null) {
            throw new IllegalStateException("no JPEG codec registered with ImageIO");
        }
        return first;
    }

    private static double[] gaussianKernel(double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        return kernel;
    }

    /**
     * For each of {@code outSize} output cells, the input cells it covers and their weights: the share of the
     * output cell's span [o * s, (o + 1) * s) (s = inSize / outSize) each input cell covers, summing to 1.
     */
    private static Span[] areaWeights(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        Span[] spans = new Span[outSize];
        for (int o = 0; o < outSize; o++) {
            double start = o * scale;
            double end = Math.min(inSize, (o + 1) * scale);
            int first = (int) Math.floor(start);
            int last = Math.min(inSize, (int) Math.ceil(end)) - 1;
            double[] w = new double[last - first + 1];
            for (int i = first; i <= last; i++) {
                w[i - first] = (Math.min(end, i + 1) - Math.max(start, i)) / (end - start);
            }
            spans[o] = new Span(first, w);
        }
        return spans;
    }

    /** Input cells {@code first ..} with their weights. */
    private record Span(int first, double[] weights) {
        double apply(double[] values, int offset, int stride) {
            double sum = 0;
            for (int i = 0; i < weights.length; i++) {
                sum += weights[i] * values[offset + (first + i) * stride];
            }
            return sum;
        }
    }

    private static int clamp(int i, int size) {
        return i < 0 ? 0 : i >= size ? size - 1 : i;
    }

    private static RgbImage copy(RgbImage image) {
        return new RgbImage(image.width(), image.height(), image.pixels().clone(), image.format());
    }

    /** An image as three double channels, for filtering without intermediate rounding. */
    private static final class Planes {
        final int width;
        final int height;
        final double[][] channel;

        Planes(int width, int height) {
            this.width = width;
            this.height = height;
            this.channel = new double[3][width * height];
        }

        static Planes of(RgbImage image) {
            Planes p = new Planes(image.width(), image.height());
            int[] px = image.pixels();
            for (int i = 0; i < px.length; i++) {
                p.channel[0][i] = (px[i] >> 16) & 0xFF;
                p.channel[1][i] = (px[i] >> 8) & 0xFF;
                p.channel[2][i] = px[i] & 0xFF;
            }
            return p;
        }

        RgbImage toImage(String format) {
            int[] px = new int[width * height];
            for (int i = 0; i < px.length; i++) {
                px[i] = toByte(channel[0][i]) << 16 | toByte(channel[1][i]) << 8 | toByte(channel[2][i]);
            }
            return new RgbImage(width, height, px, format);
        }

        private static int toByte(double v) {
            return (int) Math.max(0, Math.min(255, Math.round(v)));
        }
    }
}
