package fakebank.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.error.BadImageException;
import fakebank.error.TooLargeException;
import fakebank.testing.TestPaths;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Fixtures in src/test/resources/images are 64x48 images made by the project (a gradient with a red block in the
 * top-left corner) saved in each format; the hostile ones are truncated, mislabelled or claim huge sizes.
 */
class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());

    private static byte[] fixture(String name) throws Exception {
        return Files.readAllBytes(TestPaths.projectDir().resolve("src/test/resources/images").resolve(name));
    }

    private static int red(int p) {
        return (p >> 16) & 0xFF;
    }

    private static int green(int p) {
        return (p >> 8) & 0xFF;
    }

    @ParameterizedTest
    @ValueSource(strings = {"rgb.jpg", "progressive.jpg", "cmyk.jpg", "rgb.png", "rgba.png", "palette.png", "rgb.bmp",
            "rgb.tiff", "rgb.webp", "anim.gif"})
    void reads_every_supported_format_upright_with_the_red_corner_top_left(String name) throws Exception {
        RgbImage image = decoder.decode(fixture(name));
        assertEquals(64, image.width(), name);
        assertEquals(48, image.height(), name);
        int corner = image.pixels()[2 * 64 + 2];
        assertTrue(red(corner) > 200 && green(corner) < 60, name + " corner is " + Integer.toHexString(corner));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gray.png", "gray16.png"})
    void turns_grayscale_into_equal_rgb_channels(String name) throws Exception {
        RgbImage image = decoder.decode(fixture(name));
        int p = image.pixels()[20 * 64 + 40];
        assertEquals(red(p), green(p), name);
        assertEquals(red(p), p & 0xFF, name);
    }

    @Test
    void applies_exif_orientation() throws Exception {
        RgbImage image = decoder.decode(fixture("exif-orientation-6.jpg"));
        assertEquals(64, image.width(), "rotated back to landscape");
        assertEquals(48, image.height());
        int corner = image.pixels()[2 * 64 + 2];
        assertTrue(red(corner) > 200 && green(corner) < 60, "corner is " + Integer.toHexString(corner));
    }

    @Test
    void rejects_zero_bytes_with_a_clear_message() {
        var e = assertThrows(BadImageException.class, () -> decoder.decode(new byte[0]));
        assertTrue(e.getMessage().contains("zero bytes"), e.getMessage());
    }

    @Test
    void rejects_text_that_is_not_an_image() throws Exception {
        var e = assertThrows(BadImageException.class, () -> decoder.decode(fixture("not-an-image.txt")));
        assertTrue(e.getMessage().contains("not a recognised image"), e.getMessage());
    }

    @Test
    void rejects_a_jpeg_cut_before_its_image_data() throws Exception {
        assertThrows(BadImageException.class, () -> decoder.decode(fixture("truncated.jpg")));
    }

    @Test
    void rejects_a_jpeg_cut_mid_scan_instead_of_judging_grey_filler() throws Exception {
        byte[] jpeg = fakebank.testing.TestImages.encode(fakebank.testing.TestImages.noise(3, 256), "jpeg");
        byte[] cut = java.util.Arrays.copyOf(jpeg, jpeg.length * 6 / 10);
        var e = assertThrows(BadImageException.class, () -> decoder.decode(cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void rejects_a_truncated_png() throws Exception {
        byte[] png = fixture("rgb.png");
        byte[] half = java.util.Arrays.copyOf(png, png.length / 2);
        assertThrows(BadImageException.class, () -> decoder.decode(half));
    }

    @Test
    void refuses_a_decompression_bomb_from_its_header() throws Exception {
        var e = assertThrows(TooLargeException.class, () -> decoder.decode(fixture("bomb.png")));
        assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
    }

    @Test
    void refuses_a_file_over_the_byte_limit() throws Exception {
        ImageDecoder small = new ImageDecoder(new ImageLimits(100, 1_000_000));
        assertThrows(TooLargeException.class, () -> small.decode(fixture("rgb.bmp")));
    }

    @Test
    void pixel_limit_is_configurable() throws Exception {
        ImageDecoder small = new ImageDecoder(new ImageLimits(1_000_000, 1000));
        assertThrows(TooLargeException.class, () -> small.decode(fixture("rgb.png")));
    }
}
