package fakebank.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.error.BadImageException;
import fakebank.testing.TestPaths;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The libjpeg-turbo fast path ({@link TurboJpeg}) and its ImageIO fallback, on JPEGs made here: a 2048x1536
 * gradient with a red block in the top-left corner. Needs Debian's libturbojpeg0; skipped without it outside CI
 * (.ci/run installs it, so CI always runs these).
 */
class ScaledJpegDecodeTest {
    private static TurboJpeg turbo;

    @BeforeAll
    static void library() {
        Optional<TurboJpeg> found = TurboJpeg.system();
        if (found.isEmpty() && TestPaths.inCi()) {
            throw new AssertionError("CI must install libturbojpeg0 (.ci/run does)");
        }
        Assumptions.assumeTrue(found.isPresent(), "libturbojpeg0 is not installed (and CI is not set)");
        turbo = found.get();
    }

    private static byte[] photo(int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, new Color(30, 90, 200), w, h, new Color(240, 220, 40)));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.RED);
        g.fillRect(0, 0, w / 8, h / 8);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }

    private static byte[] fixture(String name) throws Exception {
        return Files.readAllBytes(TestPaths.projectDir().resolve("src/test/resources/images").resolve(name));
    }

    private static void assertRedCornerTopLeft(RgbImage image) {
        int p = image.pixels()[3 * image.width() + 3];
        assertTrue(((p >> 16) & 0xFF) > 200 && ((p >> 8) & 0xFF) < 60, "corner is " + Integer.toHexString(p));
        int q = image.pixels()[image.pixels().length - 1];
        assertTrue(((q >> 16) & 0xFF) > 180 && (q & 0xFF) < 120, "bottom-right is " + Integer.toHexString(q));
    }

    @Test
    void decodes_a_large_jpeg_at_the_smallest_scale_that_keeps_the_short_side() throws Exception {
        RgbImage image = new ImageDecoder(ImageLimits.defaults(), 448, Optional.of(turbo)).decode(photo(2048, 1536));
        assertEquals(768, image.width(), "3/8 scale: 1/4 would leave a 384-px short side, under 512");
        assertEquals(576, image.height());
        assertEquals("jpeg", image.format());
        assertRedCornerTopLeft(image);
    }

    @Test
    void scaled_pixels_match_a_full_decode_shrunk_the_same_way() throws Exception {
        byte[] jpeg = photo(2048, 1536);
        RgbImage scaled = new ImageDecoder(ImageLimits.defaults(), 448, Optional.of(turbo)).decode(jpeg);
        RgbImage full = Resampler.resize(new ImageDecoder(ImageLimits.defaults()).decode(jpeg), scaled.width(),
                scaled.height(), Filter.BILINEAR);
        double sum = 0;
        for (int i = 0; i < full.pixels().length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                sum += Math.abs(((full.pixels()[i] >> shift) & 0xFF) - ((scaled.pixels()[i] >> shift) & 0xFF));
            }
        }
        double mean = sum / (3.0 * full.pixels().length);
        assertTrue(mean < 3, "mean absolute difference per channel " + mean);
    }

    @Test
    void leaves_a_jpeg_already_near_the_needed_size_at_full_size() throws Exception {
        RgbImage image = new ImageDecoder(ImageLimits.defaults(), 448, Optional.of(turbo)).decode(photo(640, 560));
        assertEquals(640, image.width(), "7/8 would leave a 490-px short side, under 512");
        assertEquals(560, image.height());
    }

    @Test
    void decodes_at_full_size_when_the_model_needs_native_pixels() throws Exception {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults(), 0, Optional.of(turbo));
        assertFalse(decoder.scaledJpeg());
        assertEquals(2048, decoder.decode(photo(2048, 1536)).width());
    }

    @Test
    void falls_back_to_imageio_when_the_library_is_missing() throws Exception {
        assertTrue(TurboJpeg.load("libturbojpeg-not-installed.so.0").isEmpty());
        ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults(), 448, Optional.empty());
        assertFalse(decoder.scaledJpeg());
        RgbImage image = decoder.decode(photo(2048, 1536));
        assertEquals(2048, image.width());
        assertRedCornerTopLeft(image);
    }

    @Test
    void still_refuses_a_large_jpeg_cut_mid_scan() throws Exception {
        byte[] jpeg = photo(2048, 1536);
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length * 6 / 10);
        assertTrue(turbo.decode(cut, 2048, 1536, 512).isEmpty(), "the fast path gives truncated files to ImageIO");
        var e = assertThrows(BadImageException.class,
                () -> new ImageDecoder(ImageLimits.defaults(), 448, Optional.of(turbo)).decode(cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void applies_exif_orientation_after_a_scaled_decode() throws Exception {
        byte[] jpeg = withApp1From(fixture("exif-orientation-6.jpg"), photo(2048, 1536));
        RgbImage image = new ImageDecoder(ImageLimits.defaults(), 448, Optional.of(turbo)).decode(jpeg);
        assertEquals(576, image.width(), "orientation 6 turns the 768x576 decode upright");
        assertEquals(768, image.height());
    }

    @Test
    void hands_cmyk_to_imageio_and_reads_progressive_itself() throws Exception {
        assertTrue(turbo.decode(fixture("cmyk.jpg"), 64, 48, 8).isEmpty(), "CMYK stays on the ImageIO path");
        RgbImage progressive = turbo.decode(fixture("progressive.jpg"), 64, 48, 8).orElseThrow();
        assertEquals(16, progressive.width(), "1/4 scale keeps a 12-px short side >= 8");
        assertEquals(12, progressive.height());
    }

    @Test
    void refuses_a_header_size_that_differs_from_the_checked_one() throws Exception {
        assertTrue(turbo.decode(photo(2048, 1536), 4096, 1536, 512).isEmpty());
    }

    /** {@code jpeg} with the first APP1 (EXIF) segment of {@code donor} inserted after its SOI marker. */
    private static byte[] withApp1From(byte[] donor, byte[] jpeg) {
        int at = 2;
        while (at + 4 <= donor.length && (donor[at] & 0xFF) == 0xFF && (donor[at + 1] & 0xFF) != 0xE1) {
            at += 2 + (((donor[at + 2] & 0xFF) << 8) | (donor[at + 3] & 0xFF));
        }
        assertEquals(0xE1, donor[at + 1] & 0xFF, "donor has an APP1 segment");
        int len = 2 + (((donor[at + 2] & 0xFF) << 8) | (donor[at + 3] & 0xFF));
        byte[] out = new byte[jpeg.length + len];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(donor, at, out, 2, len);
        System.arraycopy(jpeg, 2, out, 2 + len, jpeg.length - 2);
        return out;
    }
}
