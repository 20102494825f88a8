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

    /**
     * Re-sharing transforms that played no part in choosing any threshold or rule: the tuning used {@link #ALL}
     * only. They check that copy detection generalises to edits it was not built around.
     */
    public static final List<Transform> UNSEEN = List.of(
            new Transform("rotate_90", (im, s) -> rotate90(im, new Random(s).nextBoolean())),
            new Transform("jpeg_q20", (im, s) -> ImageTransforms.jpeg(im, 20)),
            new Transform("crop_45_zoom", (im, s) -> {
                Random r = new Random(s);
                RgbImage c = crop(im, 0.45, 0.3 + 0.4 * r.nextDouble(), 0.3 + 0.4 * r.nextDouble());
                return Resampler.resize(c, im.width(), im.height(), Filter.BILINEAR);
            }),
            new Transform("sticker", CopyTransforms::sticker),
            new Transform("meme_text", CopyTransforms::memeText),
            new Transform("letterbox_16x9", (im, s) -> letterbox(im)),
            new Transform("collage_2x2", CopyTransforms::collage),
            new Transform("keystone", (im, s) -> keystone(im, new Random(s).nextBoolean() ? 0.12 : -0.12)));

    /** A transform of {@link #ALL} or {@link #UNSEEN} by name. */
    public static Transform named(String name) {
        return java.util.stream.Stream.concat(ALL.stream(), UNSEEN.stream()).filter(t -> t.name().equals(name))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown copy transform " + name
                        + "; known: " + java.util.stream.Stream.concat(ALL.stream(), UNSEEN.stream())
                        .map(Transform::name).toList()));
    }

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

    /** A quarter turn, clockwise or not; width and height swap. */
    static RgbImage rotate90(RgbImage im, boolean clockwise) {
        int w = im.width();
        int h = im.height();
        int[] src = im.pixels();
        int[] out = new int[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int nx = clockwise ? h - 1 - y : y;
                int ny = clockwise ? x : w - 1 - x;
                out[ny * h + nx] = src[y * w + x];
            }
        }
        return new RgbImage(h, w, out, im.format());
    }

    /** An opaque round sticker (a fifth of the width) with a word on it, somewhere over the middle of the picture. */
    static RgbImage sticker(RgbImage im, long seed) {
        Random r = new Random(seed);
        BufferedImage b = toBuffered(im);
        Graphics2D g = b.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int d = Math.max(8, im.width() / 5);
        int x = (int) Math.round((im.width() - d) * (0.25 + 0.5 * r.nextDouble()));
        int y = (int) Math.round((im.height() - d) * (0.25 + 0.5 * r.nextDouble()));
        g.setColor(new Color(Color.HSBtoRGB(r.nextFloat(), 0.8f, 0.95f)));
        g.fillOval(x, y, d, d);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(6, d / 4)));
        g.drawString(r.nextBoolean() ? "LOL" : "WOW", x + d / 5, y + d * 3 / 5);
        g.dispose();
        return fromBuffered(b, im.format());
    }

    /** White words with a black outline across the top and the bottom, as meme generators write them. */
    static RgbImage memeText(RgbImage im, long seed) {
        BufferedImage b = toBuffered(im);
        Graphics2D g = b.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int size = Math.max(8, im.height() / 9);
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, size);
        String top = WORDS[(int) Math.floorMod(seed, (long) WORDS.length)].toUpperCase(java.util.Locale.ROOT);
        String bottom = WORDS[(int) Math.floorMod(seed + 3, (long) WORDS.length)].toUpperCase(java.util.Locale.ROOT);
        int[] ys = {size + size / 4, im.height() - size / 3};
        String[] lines = {top, bottom};
        for (int k = 0; k < 2; k++) {
            java.awt.Shape text = font.createGlyphVector(g.getFontRenderContext(), lines[k]).getOutline(size / 3f, ys[k]);
            g.setColor(Color.BLACK);
            g.setStroke(new java.awt.BasicStroke(Math.max(2f, size / 10f)));
            g.draw(text);
            g.setColor(Color.WHITE);
            g.fill(text);
        }
        g.dispose();
        return fromBuffered(b, im.format());
    }

    /** Fitted into a 1280 x 720 frame with black bars, as a video or a slide shows a still. */
    static RgbImage letterbox(RgbImage im) {
        int fw = 1280;
        int fh = 720;
        double f = Math.min((double) fw / im.width(), (double) fh / im.height());
        int w = Math.max(1, (int) Math.round(im.width() * f));
        int h = Math.max(1, (int) Math.round(im.height() * f));
        BufferedImage b = new BufferedImage(fw, fh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = b.createGraphics();
        g.drawImage(toBuffered(Resampler.resize(im, w, h, Filter.BILINEAR)), (fw - w) / 2, (fh - h) / 2, null);
        g.dispose();
        return fromBuffered(b, im.format());
    }

    /**
     * One tile of a 2 x 2 collage (the picture at half size), the other three filled with drawn shapes and words,
     * so they bring keypoints of their own.
     */
    static RgbImage collage(RgbImage im, long seed) {
        Random r = new Random(seed);
        int tw = Math.max(1, im.width() / 2);
        int th = Math.max(1, im.height() / 2);
        int gap = Math.max(1, tw / 40);
        BufferedImage b = new BufferedImage(2 * tw + gap, 2 * th + gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = b.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, b.getWidth(), b.getHeight());
        int mine = r.nextInt(4);
        for (int k = 0; k < 4; k++) {
            int x = (k % 2) * (tw + gap);
            int y = (k / 2) * (th + gap);
            if (k == mine) {
                g.drawImage(toBuffered(Resampler.resize(im, tw, th, Filter.BILINEAR)), x, y, null);
                continue;
            }
            g.setClip(x, y, tw, th);
            g.setPaint(new java.awt.GradientPaint(x, y, new Color(r.nextInt(0xffffff)), x + tw, y + th,
                    new Color(r.nextInt(0xffffff))));
            g.fillRect(x, y, tw, th);
            for (int s = 0; s < 12; s++) {
                g.setColor(new Color(r.nextInt(0xffffff)));
                int sw = 4 + r.nextInt(Math.max(1, tw / 3));
                int sh = 4 + r.nextInt(Math.max(1, th / 3));
                if (r.nextBoolean()) {
                    g.fillOval(x + r.nextInt(tw), y + r.nextInt(th), sw, sh);
                } else {
                    g.fillRect(x + r.nextInt(tw), y + r.nextInt(th), sw, sh);
                }
            }
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(6, th / 8)));
            g.drawString(WORDS[r.nextInt(WORDS.length)], x + tw / 10, y + th / 2);
            g.setClip(null);
        }
        g.dispose();
        return fromBuffered(b, im.format());
    }

    /**
     * A keystone: one edge narrowed by {@code share} of the width on each side (negative: the bottom edge), as when
     * a screen or a print is photographed at an angle. Bilinear sampling of the inverse map; outside is black.
     */
    static RgbImage keystone(RgbImage im, double share) {
        int w = im.width();
        int h = im.height();
        int[] src = im.pixels();
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            double t = h == 1 ? 0 : (double) y / (h - 1);
            // inset of this row on each side: share at the narrowed edge, 0 at the other
            double inset = (share > 0 ? 1 - t : t) * Math.abs(share) * w;
            // this row's span [inset, w - 1 - inset] shows the whole source row [0, w - 1]
            double span = Math.max(1e-9, w - 1 - 2 * inset);
            for (int x = 0; x < w; x++) {
                double u = (x - inset) / span * (w - 1);
                if (u < -1e-9 || u > w - 1 + 1e-9) {
                    continue;
                }
                u = Math.max(0, Math.min(w - 1, u));
                int x0 = (int) Math.floor(u);
                int x1 = Math.min(w - 1, x0 + 1);
                double fx = u - x0;
                int a = src[y * w + x0];
                int c = src[y * w + x1];
                int p = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    double v = (a >>> shift & 0xff) * (1 - fx) + (c >>> shift & 0xff) * fx;
                    p |= (int) Math.round(v) << shift;
                }
                out[y * w + x] = p;
            }
        }
        return new RgbImage(w, h, out, im.format());
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
