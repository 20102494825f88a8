package fakebank.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.image.RgbImage;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The held-out re-sharing transforms do what their names say (their geometry, not their looks). */
class CopyTransformsTest {
    private static RgbImage noise(int w, int h) {
        Random r = new Random(3);
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = r.nextInt(0x1000000);
        }
        return new RgbImage(w, h, px, "png");
    }

    @Test
    void aQuarterTurnSwapsTheSidesAndFourOfThemAreTheIdentity() {
        RgbImage im = noise(40, 24);
        RgbImage once = CopyTransforms.rotate90(im, true);
        assertEquals(24, once.width());
        assertEquals(40, once.height());
        // clockwise: the top-left pixel goes to the top-right corner
        assertEquals(im.pixels()[0], once.pixels()[once.width() - 1]);
        RgbImage back = CopyTransforms.rotate90(once, false);
        assertArrayEquals(im.pixels(), back.pixels());
        RgbImage four = im;
        for (int i = 0; i < 4; i++) {
            four = CopyTransforms.rotate90(four, true);
        }
        assertArrayEquals(im.pixels(), four.pixels());
    }

    @Test
    void theKeystoneKeepsTheWideEdgeAndBlacksOutTheNarrowEdgesCorners() {
        RgbImage im = noise(100, 50);
        RgbImage k = CopyTransforms.keystone(im, 0.12);
        int w = im.width();
        int last = (im.height() - 1) * w;
        // bottom row untouched, top row narrowed by 12 px on each side
        for (int x = 0; x < w; x++) {
            assertEquals(im.pixels()[last + x], k.pixels()[last + x]);
        }
        assertEquals(0, k.pixels()[5]);
        assertEquals(0, k.pixels()[w - 6]);
        assertNotEquals(0, k.pixels()[w / 2]);
    }

    @Test
    void theLetterboxIsA1280By720FrameWithThePictureInTheMiddle() {
        RgbImage im = new RgbImage(300, 300, java.util.Collections.nCopies(300 * 300, 0x80c040).stream()
                .mapToInt(Integer::intValue).toArray(), "png");
        RgbImage box = CopyTransforms.letterbox(im);
        assertEquals(1280, box.width());
        assertEquals(720, box.height());
        assertEquals(0, box.pixels()[0]);
        assertEquals(0x80c040, box.pixels()[360 * 1280 + 640]);
    }

    @Test
    void everyNamedTransformIsFoundAndNamesAreUnique() {
        Set<String> names = new HashSet<>();
        for (CopyTransforms.Transform t : CopyTransforms.UNSEEN) {
            assertTrue(names.add(t.name()));
            assertEquals(t, CopyTransforms.named(t.name()));
            RgbImage out = t.apply().apply(noise(64, 48), 1L);
            assertTrue(out.width() > 0 && out.height() > 0, t.name());
        }
        for (CopyTransforms.Transform t : CopyTransforms.ALL) {
            assertTrue(names.add(t.name()), "a held-out transform reuses the name " + t.name());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CopyTransforms.named("sepia"));
        assertTrue(e.getMessage().contains("rotate_90"), e.getMessage());
    }
}
