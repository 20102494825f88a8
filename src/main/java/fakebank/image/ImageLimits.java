package fakebank.image;

/**
 * Limits applied before an image is decoded. {@code maxPixels} is checked against the header's width and height,
 * so a decompression bomb is refused before any pixel memory is allocated.
 */
public record ImageLimits(long maxBytes, long maxPixels) {
    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = 64_000_000L;

    public ImageLimits {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive");
        }
    }

    public static ImageLimits defaults() {
        return new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS);
    }
}
