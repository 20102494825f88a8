package fakebank.provenance;

import fakebank.image.Filter;
import fakebank.image.Resampler;
import fakebank.image.RgbImage;
import java.util.Optional;

/**
 * The picture inside a screenshot or a framed re-post: the largest block of rows and columns that differ from the
 * frame's flat colour. A phone screenshot puts the image between a status bar, a user line and buttons on a flat
 * background; that frame moves the whole image's embedding so far that its original drops out of the candidates.
 * Text on the frame differs from it only in thin strokes, so rows and columns count as picture only when most of
 * their pixels differ. Works on a small grey copy; returns a box in the image's own pixels.
 */
public final class ContentBox {
    /** Long side of the working copy. */
    private static final int WORK = 192;
    /** A pixel differs from the frame when a channel is this far from the frame colour. */
    private static final int DIFFERS = 28;
    /** Share of a row's (column's) pixels that must differ for it to be picture. */
    private static final double PICTURE_ROW = 0.5;
    /** The box must be a real part of the image, not all of it (no frame) and not a sliver. */
    private static final double MIN_AREA = 0.15;
    private static final double MAX_AREA = 0.85;

    private ContentBox() {
    }

    /** The box as {x, y, width, height} in {@code image}'s pixels, when the image is a picture inside a frame. */
    public static Optional<int[]> find(RgbImage image) {
        double f = Math.min(1.0, (double) WORK / Math.max(image.width(), image.height()));
        int w = Math.max(1, (int) Math.round(image.width() * f));
        int h = Math.max(1, (int) Math.round(image.height() * f));
        if (w < 16 || h < 16) {
            return Optional.empty();
        }
        RgbImage small = f < 1.0 ? Resampler.resize(image, w, h, Filter.BILINEAR) : image;
        int[] px = small.pixels();
        int frame = frameColour(px, w, h);
        boolean[] differs = new boolean[px.length];
        for (int i = 0; i < px.length; i++) {
            differs[i] = distance(px[i], frame) > DIFFERS;
        }
        int[] rows = longestRun(w, h, differs, true, 0, w);
        if (rows == null) {
            return Optional.empty();
        }
        int[] cols = longestRun(w, h, differs, false, rows[0], rows[1]);
        if (cols == null) {
            return Optional.empty();
        }
        double area = (double) (rows[1] - rows[0]) * (cols[1] - cols[0]) / ((double) w * h);
        if (area < MIN_AREA || area > MAX_AREA || !flatOutside(w, h, differs, rows, cols)) {
            return Optional.empty();
        }
        int x = (int) Math.floor(cols[0] / f);
        int y = (int) Math.floor(rows[0] / f);
        int bw = Math.min(image.width() - x, (int) Math.ceil((cols[1] - cols[0]) / f));
        int bh = Math.min(image.height() - y, (int) Math.ceil((rows[1] - rows[0]) / f));
        return bw < 32 || bh < 32 ? Optional.empty() : Optional.of(new int[] {x, y, bw, bh});
    }

    /**
     * Whether everything outside the box is the frame: at least {@link #FLAT_FRAME} of it has the frame's colour
     * (text and icons on a frame are thin strokes). In a photo without a frame, the "outside" of any block is more
     * photo.
     */
    private static boolean flatOutside(int w, int h, boolean[] differs, int[] rows, int[] cols) {
        int outside = 0;
        int frame = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (y >= rows[0] && y < rows[1] && x >= cols[0] && x < cols[1]) {
                    continue;
                }
                outside++;
                frame += differs[y * w + x] ? 0 : 1;
            }
        }
        return outside > 0 && frame >= FLAT_FRAME * outside;
    }

    /** Share of the pixels outside the box that must have the frame's colour. */
    private static final double FLAT_FRAME = 0.85;

    /**
     * The longest run [from, to) of rows (or columns, within rows [lo, hi)) that are picture; gaps of a line or two
     * (a dark line inside the picture) do not break a run.
     */
    private static int[] longestRun(int w, int h, boolean[] differs, boolean byRow, int lo, int hi) {
        int n = byRow ? h : w;
        int bestFrom = -1;
        int bestTo = -1;
        int from = -1;
        int lastPicture = -1;
        for (int i = 0; i <= n; i++) {
            boolean picture = i < n && share(w, differs, byRow, i, lo, hi) >= PICTURE_ROW;
            if (picture) {
                if (from < 0 || i - lastPicture > 3) {
                    from = i;
                }
                lastPicture = i;
                if (lastPicture + 1 - from > bestTo - bestFrom) {
                    bestFrom = from;
                    bestTo = lastPicture + 1;
                }
            }
        }
        return bestFrom < 0 ? null : new int[] {bestFrom, bestTo};
    }

    private static double share(int w, boolean[] differs, boolean byRow, int line, int lo, int hi) {
        int count = 0;
        int total = 0;
        if (byRow) {
            for (int x = 0; x < w; x++) {
                count += differs[line * w + x] ? 1 : 0;
                total++;
            }
        } else {
            for (int y = lo; y < hi; y++) {
                count += differs[y * w + line] ? 1 : 0;
                total++;
            }
        }
        return total == 0 ? 0 : (double) count / total;
    }

    /** The most common colour of the outermost pixels (quantised to 16 levels per channel), as 0xRRGGBB. */
    private static int frameColour(int[] px, int w, int h) {
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        java.util.function.IntConsumer add = i -> counts.merge(px[i] & 0xf0f0f0, 1, Integer::sum);
        for (int x = 0; x < w; x++) {
            add.accept(x);
            add.accept((h - 1) * w + x);
        }
        for (int y = 0; y < h; y++) {
            add.accept(y * w);
            add.accept(y * w + w - 1);
        }
        int mode = counts.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
        // the mean of the frame pixels in that bucket: the frame's actual colour
        long r = 0;
        long g = 0;
        long b = 0;
        int n = 0;
        for (int i = 0; i < px.length; i++) {
            boolean edge = i < w || i >= (h - 1) * w || i % w == 0 || i % w == w - 1;
            if (edge && (px[i] & 0xf0f0f0) == mode) {
                r += px[i] >>> 16 & 0xff;
                g += px[i] >>> 8 & 0xff;
                b += px[i] & 0xff;
                n++;
            }
        }
        return (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
    }

    private static int distance(int a, int b) {
        int dr = Math.abs((a >>> 16 & 0xff) - (b >>> 16 & 0xff));
        int dg = Math.abs((a >>> 8 & 0xff) - (b >>> 8 & 0xff));
        int db = Math.abs((a & 0xff) - (b & 0xff));
        return Math.max(dr, Math.max(dg, db));
    }
}
