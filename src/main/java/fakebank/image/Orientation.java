package fakebank.image;

/**
 * Applies an EXIF orientation (1..8) to decoded pixels so the image is upright, as a camera app shows it.
 * Works on the packed pixel array: an exact index remap, no resampling.
 */
final class Orientation {
    private Orientation() {
    }

    static RgbImage apply(RgbImage in, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return in;
        }
        int w = in.width();
        int h = in.height();
        boolean swaps = orientation >= 5;
        int ow = swaps ? h : w;
        int oh = swaps ? w : h;
        int[] src = in.pixels();
        int[] out = new int[src.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; } // 8: rotate 90 degrees counter-clockwise
                }
                out[y * ow + x] = src[sy * w + sx];
            }
        }
        return new RgbImage(ow, oh, out, in.format());
    }
}
