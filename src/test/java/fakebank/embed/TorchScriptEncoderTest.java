package fakebank.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.image.RgbImage;
import fakebank.testing.TestPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real default encoder: unit vectors of the declared size, batch-invariant, safe across threads. */
class TorchScriptEncoderTest {
    private static TorchScriptEncoder encoder;

    @BeforeAll
    static void open() {
        encoder = TorchScriptEncoder.open(TestPaths.defaultModel(), 2);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    static RgbImage pattern(int seed, int w, int h) {
        Random r = new Random(seed);
        int[] px = new int[w * h];
        int base = r.nextInt(0xFFFFFF);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = (base + x * (seed + 3) + y * 7 * seed + r.nextInt(16)) & 0xFFFFFF;
            }
        }
        return new RgbImage(w, h, px, "png");
    }

    @Test
    void embeddings_are_unit_length_with_the_declared_dimension() {
        float[] v = encoder.embed(pattern(1, 300, 200));
        assertEquals(encoder.dim(), v.length);
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        assertEquals(1.0, Math.sqrt(norm), 1e-5);
    }

    @Test
    void a_batch_gives_the_same_vectors_as_one_at_a_time() {
        List<RgbImage> images = List.of(pattern(1, 300, 200), pattern(2, 128, 256), pattern(3, 512, 512));
        float[][] batch = encoder.embed(images);
        for (int i = 0; i < images.size(); i++) {
            assertArrayEquals(encoder.embed(images.get(i)), batch[i], 1e-4f, "image " + i);
        }
    }

    @Test
    void different_images_get_different_embeddings() {
        float[] a = encoder.embed(pattern(1, 300, 200));
        float[] b = encoder.embed(pattern(9, 300, 200));
        assertTrue(TinyClipParityTest.cosine(a, b) < 0.999, "distinct images should not collapse");
    }

    @Test
    void concurrent_callers_get_correct_results() throws Exception {
        float[] expected = encoder.embed(pattern(5, 200, 200));
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                futures.add(pool.submit(() -> encoder.embed(pattern(5, 200, 200))));
            }
            for (Future<float[]> f : futures) {
                assertArrayEquals(expected, f.get(), 1e-4f);
            }
        }
    }
}
