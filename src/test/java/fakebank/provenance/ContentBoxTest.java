package fakebank.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.eval.CopyTransforms;
import fakebank.image.RgbImage;
import fakebank.testing.TestImages;
import java.awt.image.BufferedImage;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The picture inside a phone screenshot is found; a picture without a frame, or a caption over it, has no box. */
class ContentBoxTest {
    private static RgbImage scene(long seed, int w, int h) {
        BufferedImage b = TestImages.scene(seed, w, h);
        int[] px = b.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < px.length; i++) {
            px[i] &= 0xffffff;
        }
        return new RgbImage(w, h, px, "png");
    }

    private static RgbImage transformed(String name, RgbImage im) {
        return CopyTransforms.ALL.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow().apply()
                .apply(im, 3L);
    }

    @Test
    void thePictureInsideAPhoneScreenshotIsFound() {
        RgbImage shot = transformed("screenshot", scene(7, 480, 360));
        // CopyTransforms.screenshot: canvas 528 wide, the picture 476 x 357 at (26, 110) below the status lines
        assertEquals(528, shot.width());
        Optional<int[]> box = ContentBox.find(shot);
        assertTrue(box.isPresent());
        int[] b = box.get();
        int tolerance = 12; // the box is found on a copy 192 pixels high
        assertTrue(Math.abs(b[0] - 26) <= tolerance && Math.abs(b[1] - 110) <= tolerance, java.util.Arrays.toString(b));
        assertTrue(Math.abs(b[2] - 476) <= 2 * tolerance && Math.abs(b[3] - 357) <= 2 * tolerance,
                java.util.Arrays.toString(b));
    }

    @Test
    void aPictureWithoutAFrameHasNoBox() {
        for (long seed = 1; seed <= 5; seed++) {
            assertTrue(ContentBox.find(scene(seed, 480, 360)).isEmpty(), "seed " + seed);
            assertTrue(ContentBox.find(transformed("caption_bar", scene(seed, 480, 360))).isEmpty(), "caption " + seed);
        }
    }
}
