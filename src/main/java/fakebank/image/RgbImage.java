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
}
