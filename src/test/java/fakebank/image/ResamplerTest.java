package fakebank.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResamplerTest {
    private static RgbImage solid(int w, int h, int rgb) {
        int[] px = new int[w * h];
        java.util.Arrays.fill(px, rgb);
        return new RgbImage(w, h, px, "png");
    }

    @Test
    void a_solid_image_stays_solid_at_any_size() {
        for (Filter f : Filter.values()) {
            RgbImage out = Resampler.resize(solid(97, 61, 0x336699), 40, 224, f);
            assertEquals(40, out.width());
            assertEquals(224, out.height());
            for (int p : out.pixels()) {
                assertEquals(0x336699, p, f.name());
            }
        }
    }

    @Test
    void downscaling_matches_pil_bilinear_exactly() {
        // Expected values printed by PIL 9.4: Image.resize((2, 1), BILINEAR) of [0, 200, 0, 200].
        int[] px = {0x000000, 0xC8C8C8, 0x000000, 0xC8C8C8};
        RgbImage out = Resampler.resize(new RgbImage(4, 1, px, "png"), 2, 1, Filter.BILINEAR);
        assertEquals(86, out.pixels()[0] & 0xFF);
        assertEquals(114, out.pixels()[1] & 0xFF);
    }

    @Test
    void resizing_in_both_directions_matches_pil_bicubic_exactly() {
        // A 7x5 ramp (value i % 251 at flat RGB index i) resized to 3x4 by PIL 9.4 with BICUBIC.
        int[] px = new int[35];
        for (int i = 0; i < 35; i++) {
            px[i] = (3 * i) << 16 | (3 * i + 1) << 8 | (3 * i + 2);
        }
        int[] expected = {5, 6, 7, 12, 13, 14, 19, 20, 21, 31, 32, 33, 38, 39, 40, 45, 46, 47, 57, 58, 59, 64, 65, 66,
            71, 72, 73, 83, 84, 85, 90, 91, 92, 97, 98, 99};
        RgbImage out = Resampler.resize(new RgbImage(7, 5, px, "png"), 3, 4, Filter.BICUBIC);
        for (int i = 0; i < 12; i++) {
            int p = out.pixels()[i];
            assertEquals(expected[3 * i], (p >> 16) & 0xFF, "pixel " + i + " red");
            assertEquals(expected[3 * i + 1], (p >> 8) & 0xFF, "pixel " + i + " green");
            assertEquals(expected[3 * i + 2], p & 0xFF, "pixel " + i + " blue");
        }
    }

    @Test
    void crop_takes_the_requested_window() {
        int[] px = new int[16];
        for (int i = 0; i < 16; i++) {
            px[i] = i;
        }
        RgbImage out = Resampler.crop(new RgbImage(4, 4, px, "png"), 1, 2, 2, 2);
        assertEquals(9, out.pixels()[0]);
        assertEquals(14, out.pixels()[3]);
    }
}
