package fakebank.image;

/**
 * A decoded, upright, 8-bit sRGB image: {@code pixels[y * width + x] = 0xRRGGBB}. Alpha is dropped (as PIL's
 * {@code convert("RGB")} does) so embeddings match the Python reference. The array is owned by this record;
 * callers must not modify it.
 */
public record RgbImage(int width, int height, int[] pixels, String format) {
    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image must have positive size, got " + width + "x" + height);
        }
        if (pixels.length != width * height) {
            throw new IllegalArgumentException("pixels must hold width*height values");
        }
    }

    /** Rec. 601 luma of one 0xRRGGBB pixel, 0-255: the grey that keypoints and thumbnails compare. */
    public static float luma(int rgb) {
        return 0.299f * (rgb >>> 16 & 0xff) + 0.587f * (rgb >>> 8 & 0xff) + 0.114f * (rgb & 0xff);
    }
}
