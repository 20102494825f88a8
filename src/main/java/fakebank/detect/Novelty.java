package fakebank.detect;

import fakebank.bank.LabeledVector;
import fakebank.bank.Match;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * When a query is too far from everything the bank knows for its scores to mean anything: its nearest bank entry is
 * less similar than the {@code quantile} of the bank's own leave-one-out nearest-neighbour similarities. A score
 * learnt on the bank's neighbourhoods says little about an image in none of them (a new kind of camera, a new
 * generator's style), so such a query is {@code unsure} with reason {@code novel}.
 *
 * @param quantile   share of the bank's own entries that would count as novel, in [0, 1); 0 turns novelty off
 * @param similarity the cut: nearest-neighbour similarity below it is novel (-1 when off or not measured)
 */
public record Novelty(double quantile, double similarity) {
    public static final Novelty OFF = new Novelty(0, -1);

    public Novelty {
        if (!(quantile >= 0 && quantile < 1)) {
            throw new IllegalArgumentException("novelty quantile must be in [0, 1), got " + quantile);
        }
    }

    /** Measures the cut on the bank's entries: each one's most similar other entry, leave-one-out. */
    static Novelty measure(List<LabeledVector> data, double quantile) {
        if (quantile == 0 || data.size() < 2) {
            return new Novelty(quantile, -1);
        }
        InMemoryKnownImages all = new InMemoryKnownImages(data);
        double[] nearest = data.parallelStream().mapToDouble(v -> {
            for (Match m : all.nearest(v.vector(), 2)) {
                if (!m.id().equals(v.id())) {
                    return m.similarity();
                }
            }
            return -1;
        }).toArray();
        return fromNearest(nearest, quantile);
    }

    /**
     * The cut from leave-one-out nearest similarities already measured (of every entry, or of a sample of them on a
     * large bank; -1 for an entry with no other).
     */
    static Novelty fromNearest(double[] nearestOther, double quantile) {
        if (quantile == 0 || nearestOther.length < 2) {
            return new Novelty(quantile, -1);
        }
        double[] nearest = nearestOther.clone();
        Arrays.sort(nearest);
        // Lower quantile without interpolation: at most quantile * n entries lie strictly below the cut.
        return new Novelty(quantile, nearest[(int) Math.floor(quantile * (nearest.length - 1))]);
    }

    /** Whether a query whose nearest bank entry has similarity {@code nearest} (NaN: no entries) is novel. */
    public boolean isNovel(double nearest) {
        return quantile > 0 && (Double.isNaN(nearest) || nearest < similarity);
    }

    String explain(double nearest) {
        return String.format(Locale.ROOT, "the closest known image is at cosine %.3f, below %.3f, the bank's own %.0f%%"
                + " nearest-neighbour similarity: too unlike anything known for the score to mean much", nearest,
                similarity, quantile * 100);
    }
}
