package fakebank.image;

/** Small JPEG thumbnails stored in the bank as evidence: at most {@link #MAX_BYTES}, longest side 160 px. */
public final class Thumbnails {
    public static final int MAX_BYTES = 8 * 1024;
    private static final int[] SIDES = {160, 128, 96, 64};
    private static final float[] QUALITIES = {0.8f, 0.65f, 0.5f};

    private Thumbnails() {
    }

    /** Tries shrinking sizes and qualities until the JPEG fits in {@link #MAX_BYTES}. */
    public static byte[] of(RgbImage image) {
        for (int side : SIDES) {
            RgbImage small = fit(image, side);
            for (float q : QUALITIES) {
                byte[] jpeg = ImageTransforms.encodeJpeg(small, q);
                if (jpeg.length <= MAX_BYTES) {
                    return jpeg;
                }
            }
        }
        return ImageTransforms.encodeJpeg(fit(image, 48), 0.4f);
    }

    private static RgbImage fit(RgbImage image, int side) {
        double scale = Math.min(1.0, (double) side / Math.max(image.width(), image.height()));
        int w = Math.max(1, (int) Math.round(image.width() * scale));
        int h = Math.max(1, (int) Math.round(image.height() * scale));
        return Resampler.resize(image, w, h, Filter.BILINEAR);
    }
}
