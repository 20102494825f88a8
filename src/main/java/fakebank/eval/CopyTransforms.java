package fakebank.eval;

import fakebank.image.Filter;
import fakebank.image.ImageTransforms;
import fakebank.image.Resampler;
import fakebank.image.RgbImage;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * The ways images are re-shared, for copy-detection evaluation: each a deterministic function of the image and a
 * seed (the seed picks crop corners and caption words, so different images get different variants).
 */
public final class CopyTransforms {
    /** One named re-sharing transform. */
    public record Transform(String name, BiFunction<RgbImage, Long, RgbImage> apply) {
    }

    public static final List<Transform> ALL = List.of(
            new Transform("jpeg_q50", (im, s) -> ImageTransforms.jpeg(im, 50)),
            new Transform("half_size", (im, s) -> ImageTransforms.downscale(im, 0.5)),
            new Transform("crop_80_centre", (im, s) -> crop(im, 0.8, 0.5, 0.5)),
            new Transform("crop_60_corner", (im, s) -> {
                Random r = new Random(s);
                return crop(im, 0.6, r.nextBoolean() ? 0 : 1, r.nextBoolean() ? 0 : 1);
            }),
            new Transform("mirror", (im, s) -> mirror(im)),
            new Transform("rotate_8", (im, s) -> rotate(im, new Random(s).nextBoolean() ? 8 : -8)),
            new Transform("blur_sigma2", (im, s) -> ImageTransforms.gaussianBlur(im, 2.0)),
            new Transform("colour", (im, s) -> colour(im, 1.15, 1.2, 1.3)),
            new Transform("greyscale", (im, s) -> colour(im, 1.0, 1.0, 0.0)),
            new Transform("caption_bar", CopyTransforms::caption),
            new Transform("screenshot", CopyTransforms::screenshot),
            new Transform("crop_down_jpeg70", (im, s) -> {
                Random r = new Random(s);
                RgbImage c = crop(im, 0.75, r.nextDouble(), r.nextDouble());
                return ImageTransforms.jpeg(ImageTransforms.downscale(c, 0.6), 70);
            }),
            new Transform("mirror_crop", (im, s) -> crop(mirror(im), 0.8, new Random(s).nextDouble(), 0.5)));

    private static final String[] WORDS = {"BREAKING", "you won't believe this", "share before it's deleted",
        "Official photo", "LOL", "this is real", "Source: a friend", "WOW"};

    private CopyTransforms() {
    }

    /** A {@code share} x {@code share} crop placed at fractions (fx, fy) of the free space. */
    public static RgbImage crop(RgbImage im, double share, double fx, double fy) {
        int w = Math.max(1, (int) Math.round(im.width() * share));
        int h = Math.max(1, (int) Math.round(im.height() * share));
        int left = (int) Math.round((im.width() - w) * fx);
        int top = (int) Math.round((im.height() - h) * fy);
        return Resampler.crop(im, left, top, w, h);
    }

    public static RgbImage mirror(RgbImage im) {
        int w = im.width();
        int[] src = im.pixels();
        int[] out = new int[src.length];
        for (int y = 0; y < im.height(); y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = src[y * w + w - 1 - x];
            }
        }
        return new RgbImage(w, im.height(), out, im.format());
    }

    /** Rotation about the centre on a canvas of the same size; the uncovered corners are black. */
    static RgbImage rotate(RgbImage im, double degrees) {
        BufferedImage out = new BufferedImage(im.width(), im.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setTransform(AffineTransform.getRotateInstance(Math.toRadians(degrees), im.width() / 2.0, im.height() / 2.0));
        g.drawImage(toBuffered(im), 0, 0, null);
        g.dispose();
        return fromBuffered(out, im.format());
    }

    /** Brightness (multiplier), contrast (around mid-grey) and saturation (0 = greyscale). */
    static RgbImage colour(RgbImage im, double brightness, double contrast, double saturation) {
        int[] src = im.pixels();
        int[] out = new int[src.length];
        for (int i = 0; i < src.length; i++) {
            double r = src[i] >>> 16 & 0xff;
            double g = src[i] >>> 8 & 0xff;
            double b = src[i] & 0xff;
            double grey = 0.299 * r + 0.587 * g + 0.114 * b;
            double[] c = {r, g, b};
            int p = 0;
            for (int k = 0; k < 3; k++) {
                double v = grey + (c[k] - grey) * saturation;
                v = (v * brightness - 128) * contrast + 128;
                p = p << 8 | (int) Math.max(0, Math.min(255, Math.round(v)));
            }
            out[i] = p;
        }
        return new RgbImage(im.width(), im.height(), out, im.format());
    }

    /** A white bar with black text over the bottom 15%. */
    static RgbImage caption(RgbImage im, long seed) {
        BufferedImage b = toBuffered(im);
        Graphics2D g = b.createGraphics();
        int bar = (int) Math.round(im.height() * 0.15);
        g.setColor(Color.WHITE);
        g.fillRect(0, im.height() - bar, im.width(), bar);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(8, bar / 2)));
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.drawString(WORDS[(int) Math.floorMod(seed, (long) WORDS.length)], bar / 3, im.height() - bar / 3);
        g.dispose();
        return fromBuffered(b, im.format());
    }

    /** A phone screenshot: status bar, the image fitted to the width with margins, UI text below, then JPEG 85. */
    static RgbImage screenshot(RgbImage im, long seed) {
        int w = Math.max(64, (int) Math.round(im.width() * 1.1));
        int h = (int) Math.round(w * 19.5 / 9);
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = b.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(new Color(0x18, 0x18, 0x1b));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.WHITE);
        int text = Math.max(8, w / 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, text));
        g.drawString("9:41", text, text * 3 / 2);
        g.drawString("@user" + Math.floorMod(seed, 1000) + " · 2h", text, text * 4);
        int margin = w / 20;
        int iw = w - 2 * margin;
        int ih = (int) Math.round(iw * (double) im.height() / im.width());
        int top = text * 5;
        g.drawImage(toBuffered(Resampler.resize(im, iw, ih, Filter.BILINEAR)), margin, top, null);
        g.drawString("\u2661 1.2k    \u21bb 340    Share", text, top + ih + text * 2);
        g.drawString(WORDS[(int) Math.floorMod(seed, (long) WORDS.length)], text, top + ih + text * 4);
        g.dispose();
        return ImageTransforms.jpeg(fromBuffered(b, im.format()), 85);
    }

    static BufferedImage toBuffered(RgbImage im) {
        BufferedImage b = new BufferedImage(im.width(), im.height(), BufferedImage.TYPE_INT_RGB);
        b.setRGB(0, 0, im.width(), im.height(), im.pixels(), 0, im.width());
        return b;
    }

    static RgbImage fromBuffered(BufferedImage b, String format) {
        int[] px = b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth());
        for (int i = 0; i < px.length; i++) {
            px[i] &= 0xffffff;
        }
        return new RgbImage(b.getWidth(), b.getHeight(), px, format);
    }
}
