package fakebank.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * Images the tests make themselves: smooth colour gradients stand in for "real" photos, per-pixel noise for
 * "fake" ones. Every call with a new seed gives different bytes, so adds never collide as exact duplicates.
 */
public final class TestImages {
    private static final AtomicLong SEEDS = new AtomicLong(System.nanoTime());

    private TestImages() {
    }

    public static long nextSeed() {
        return SEEDS.incrementAndGet();
    }

    public static BufferedImage gradient(long seed, int size) {
        SplittableRandom r = new SplittableRandom(seed);
        int r0 = r.nextInt(256);
        int g0 = r.nextInt(256);
        int b0 = r.nextInt(256);
        double angle = r.nextDouble() * Math.PI;
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double t = (x * Math.cos(angle) + y * Math.sin(angle)) / (size * 1.5);
                int red = clamp(r0 + (int) (120 * t));
                int green = clamp(g0 + (int) (90 * Math.sin(3 * t)));
                int blue = clamp(b0 - (int) (100 * t));
                img.setRGB(x, y, red << 16 | green << 8 | blue);
            }
        }
        return img;
    }

    public static BufferedImage noise(long seed, int size) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = r.nextInt(1 << 24);
                // blocky high-frequency pattern: nothing like a photo
                img.setRGB(x, y, ((x / 4 + y / 4) % 2 == 0) ? v : v ^ 0xFF00FF);
            }
        }
        return img;
    }

    /**
     * A busy synthetic scene (overlapping ellipses, boxes and strokes in many colours on a gradient): enough corners
     * and blobs for keypoint matching, different for every seed.
     */
    public static BufferedImage scene(long seed, int width, int height) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = gradient(seed, Math.max(width, height)).getSubimage(0, 0, width, height);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.drawImage(img, 0, 0, null);
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        for (int i = 0; i < 60; i++) {
            g.setColor(new java.awt.Color(r.nextInt(1 << 24)));
            int x = r.nextInt(width);
            int y = r.nextInt(height);
            int w = 6 + r.nextInt(width / 5);
            int h = 6 + r.nextInt(height / 5);
            switch (r.nextInt(3)) {
                case 0 -> g.fillOval(x, y, w, h);
                case 1 -> g.fillRect(x, y, w, h);
                default -> {
                    g.setStroke(new java.awt.BasicStroke(1 + r.nextInt(4)));
                    g.drawLine(x, y, r.nextInt(width), r.nextInt(height));
                }
            }
        }
        g.dispose();
        return out;
    }

    public static byte[] realPng() {
        return png(gradient(nextSeed(), 64));
    }

    public static byte[] fakePng() {
        return png(noise(nextSeed(), 64));
    }

    public static byte[] realJpeg() {
        return encode(gradient(nextSeed(), 96), "jpeg");
    }

    public static byte[] png(BufferedImage img) {
        return encode(img, "png");
    }

    public static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code keep} bytes of a valid PNG: a truncated file. */
    public static byte[] truncated(byte[] image, int keep) {
        return Arrays.copyOf(image, keep);
    }

    /**
     * A tiny valid PNG whose header claims {@code width x height} pixels (with a correct CRC), the classic
     * decompression bomb shape: the decoder must refuse it from the header alone.
     */
    public static byte[] claimingSize(int width, int height) {
        byte[] png = png(gradient(1, 8));
        // PNG signature (8) + IHDR length (4) + "IHDR" (4): width at 16, height at 20, CRC after 13 data bytes
        putInt(png, 16, width);
        putInt(png, 20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 4 + 13);
        putInt(png, 29, (int) crc.getValue());
        return png;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
