package fakebank.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageTransformsTest {
    /** Seeded noise: every filter visibly changes it. */
    private static RgbImage noise(int width, int height) {
        Random random = new Random(1);
        int[] pixels = new int[width * height];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(0x1000000);
        }
        return new RgbImage(width, height, pixels, "png");
    }

    private static RgbImage uniform(int width, int height, int rgb) {
        int[] pixels = new int[width * height];
        Arrays.fill(pixels, rgb);
        return new RgbImage(width, height, pixels, "png");
    }

    @Test
    void jpegKeepsTheSizeAndChangesThePixels() {
        RgbImage image = noise(40, 30);
        RgbImage jpeg = ImageTransforms.jpeg(image, 75);
        assertEquals(40, jpeg.width());
        assertEquals(30, jpeg.height());
        assertEquals("jpeg", jpeg.format());
        assertFalse(Arrays.equals(image.pixels(), jpeg.pixels()));
    }

    @Test
    void jpegIsDeterministic() {
        RgbImage image = noise(24, 24);
        assertArrayEquals(ImageTransforms.jpeg(image, 60).pixels(), ImageTransforms.jpeg(image, 60).pixels());
    }

    @Test
    void blurKeepsTheSizeAndChangesThePixels() {
        RgbImage image = noise(20, 10);
        RgbImage blurred = ImageTransforms.gaussianBlur(image, 1.0);
        assertEquals(20, blurred.width());
        assertEquals(10, blurred.height());
        assertFalse(Arrays.equals(image.pixels(), blurred.pixels()));
    }

    @Test
    void blurLeavesAUniformImageUniformUpToTheEdges() {
        RgbImage image = uniform(9, 7, 0x336699);
        assertArrayEquals(image.pixels(), ImageTransforms.gaussianBlur(image, 2.0).pixels());
    }

    @Test
    void blurWithZeroSigmaIsACopy() {
        RgbImage image = noise(5, 5);
        assertArrayEquals(image.pixels(), ImageTransforms.gaussianBlur(image, 0).pixels());
    }

    @Test
    void downscalingByHalfHalvesTheSizeAndAveragesEachTwoByTwoBlock() {
        RgbImage image = new RgbImage(2, 2, new int[] {0x000000, 0x0000FF, 0x00FF00, 0xFF0000}, "png");
        RgbImage half = ImageTransforms.downscale(image, 0.5);
        assertEquals(1, half.width());
        assertEquals(1, half.height());
        // each channel: one of four pixels is 255 -> 63.75 -> 64
        assertEquals(0x404040, half.pixels()[0]);
        assertEquals(50, ImageTransforms.downscale(noise(100, 60), 0.5).width());
        assertEquals(30, ImageTransforms.downscale(noise(100, 60), 0.5).height());
    }

    @Test
    void nonIntegerDownscalingWeighsPixelsByCoveredArea() {
        // 3 -> 2 pixels: each output covers 1.5 inputs: (0 + 0.5 * 90) / 1.5 = 30 and (0.5 * 90 + 180) / 1.5 = 150
        RgbImage row = new RgbImage(3, 1, new int[] {0x000000, 0x5A5A5A, 0xB4B4B4}, "png");
        RgbImage scaled = ImageTransforms.downscale(row, 2.0 / 3);
        assertArrayEquals(new int[] {0x1E1E1E, 0x969696}, scaled.pixels());
    }

    @Test
    void parametersOutsideTheirRangeAreRejected() {
        RgbImage image = noise(4, 4);
        assertThrows(IllegalArgumentException.class, () -> ImageTransforms.jpeg(image, 0));
        assertThrows(IllegalArgumentException.class, () -> ImageTransforms.gaussianBlur(image, -1));
        assertThrows(IllegalArgumentException.class, () -> ImageTransforms.downscale(image, 1.5));
    }
}
