package fakebank.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.bank.LabeledVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EmbeddingMapTest {
    /** Points spread widely along dimension 2, less along dimension 5, barely elsewhere. */
    private static List<LabeledVector> cloud(int n) {
        Random r = new Random(3);
        List<LabeledVector> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = new float[8];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) (0.01 * r.nextGaussian());
            }
            v[2] += (float) (10 * r.nextGaussian());
            v[5] += (float) (3 * r.nextGaussian());
            out.add(new LabeledVector("id" + i, v, i % 2 == 0 ? Label.REAL : Label.FAKE, null, Family.UNKNOWN,
                    "0".repeat(64)));
        }
        return out;
    }

    @Test
    void first_axis_follows_the_largest_variance_and_second_the_next() {
        EmbeddingMap.Projection p = EmbeddingMap.compute(1, cloud(400));
        assertTrue(Math.abs(p.axisX()[2]) > 0.99, "x axis is dimension 2");
        assertTrue(Math.abs(p.axisY()[5]) > 0.99, "y axis is dimension 5");
        assertTrue(p.explained()[0] > 0.85 && p.explained()[1] > 0.05, "variance shares");
        assertEquals(400, p.points().size());
    }

    @Test
    void a_query_lands_where_its_vector_points() {
        List<LabeledVector> data = cloud(200);
        EmbeddingMap.Projection p = EmbeddingMap.compute(1, data);
        double[] xy = p.project(data.get(17).vector());
        assertEquals(p.points().get(17).x(), xy[0], 1e-9);
        assertEquals(p.points().get(17).y(), xy[1], 1e-9);
    }

    @Test
    void same_bank_gives_the_same_picture() {
        EmbeddingMap.Projection a = EmbeddingMap.compute(1, cloud(100));
        EmbeddingMap.Projection b = EmbeddingMap.compute(1, cloud(100));
        assertEquals(a.points(), b.points());
    }

    @Test
    void projection_is_cached_until_the_version_moves() {
        AtomicLong version = new AtomicLong(1);
        AtomicInteger loads = new AtomicInteger();
        EmbeddingMap map = new EmbeddingMap(version::get, () -> {
            loads.incrementAndGet();
            return cloud(50);
        });
        EmbeddingMap.Projection first = map.current();
        assertSame(first, map.current());
        assertEquals(1, loads.get());
        version.incrementAndGet();
        map.current();
        assertEquals(2, loads.get());
    }

    @Test
    void empty_and_single_entry_banks_give_a_flat_map() {
        assertEquals(0, EmbeddingMap.compute(0, List.of()).points().size());
        EmbeddingMap.Projection one = EmbeddingMap.compute(1, cloud(1));
        assertEquals(0, one.points().getFirst().x(), 1e-12);
        assertEquals(0, one.project(new float[8])[1], 1e-12);
    }
}
