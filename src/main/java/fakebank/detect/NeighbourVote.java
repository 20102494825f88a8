package fakebank.detect;

import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.bank.Match;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * UnivFD's nearest-neighbour classifier, softened into a weighted vote over the {@code k} nearest bank entries.
 *
 * <p>Neighbour {@code i} weighs {@code exp((sim_i - sim_1) / temperature)}, so the nearest one weighs 1 and a
 * neighbour {@code temperature} less similar weighs 1/e. A small temperature approaches the plain nearest-neighbour
 * rule, a large one a uniform vote of the k. The trainer picks the temperature by out-of-fold AUC.
 * {@code p_fake = (W_fake + pseudoCount) / (W + 2 * pseudoCount)}: the pseudo-count is a symmetric prior in units of
 * "the nearest neighbour's weight", which keeps a lone neighbour from giving certainty. With {@code k = 1} and
 * {@code pseudoCount = 0} this is exactly UnivFD's NN rule (1 if the nearest entry is fake, else 0).
 */
public record NeighbourVote(int k, double temperature, double pseudoCount) {
    public NeighbourVote {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a positive finite number, got " + temperature);
        }
        if (!(pseudoCount >= 0) || Double.isInfinite(pseudoCount)) {
            throw new IllegalArgumentException("pseudoCount must be >= 0 and finite, got " + pseudoCount);
        }
    }

    /**
     * The probability that the query is fake from its neighbours (sorted by similarity; only the first k are
     * used). No neighbours at all gives 0.5.
     */
    public double pFake(List<Match> neighbours) {
        List<Match> used = firstK(neighbours);
        if (used.isEmpty()) {
            return 0.5;
        }
        double top = used.getFirst().similarity();
        double fake = 0;
        double total = 0;
        for (Match m : used) {
            double w = weight(m, top);
            total += w;
            if (m.label() == Label.FAKE) {
                fake += w;
            }
        }
        return (fake + pseudoCount) / (total + 2 * pseudoCount);
    }

    /**
     * The most likely family among the fake neighbours (by summed weight), then the most likely generator within
     * it. Confidence is that generator's share of the fake neighbours' weight (the family's share is at least as
     * large). {@link Attribution#NONE} when no fake is among the first k.
     */
    public Attribution attribute(List<Match> neighbours) {
        List<Match> used = firstK(neighbours);
        if (used.isEmpty()) {
            return Attribution.NONE;
        }
        double top = used.getFirst().similarity();
        // TreeMaps keep ties deterministic: the first key in name order wins.
        Map<Family, Double> byFamily = new TreeMap<>();
        Map<Family, Map<String, Double>> byGenerator = new TreeMap<>();
        double fakeWeight = 0;
        for (Match m : used) {
            if (m.label() != Label.FAKE) {
                continue;
            }
            double w = weight(m, top);
            Family family = Objects.requireNonNullElse(m.family(), Family.UNKNOWN);
            String generator = Objects.requireNonNullElse(m.generator(), "");
            fakeWeight += w;
            byFamily.merge(family, w, Double::sum);
            byGenerator.computeIfAbsent(family, f -> new TreeMap<>()).merge(generator, w, Double::sum);
        }
        if (fakeWeight == 0) {
            return Attribution.NONE;
        }
        Family family = argMax(byFamily);
        Map<String, Double> generators = byGenerator.get(family);
        String generator = argMax(generators);
        return new Attribution(family.json(), generator.isEmpty() ? null : generator,
                generators.get(generator) / fakeWeight);
    }

    private List<Match> firstK(List<Match> neighbours) {
        return neighbours.size() <= k ? neighbours : neighbours.subList(0, k);
    }

    private double weight(Match m, double topSimilarity) {
        return Math.exp((m.similarity() - topSimilarity) / temperature);
    }

    private static <K> K argMax(Map<K, Double> weights) {
        K best = null;
        double bestWeight = Double.NEGATIVE_INFINITY;
        for (Map.Entry<K, Double> e : weights.entrySet()) {
            if (e.getValue() > bestWeight) {
                best = e.getKey();
                bestWeight = e.getValue();
            }
        }
        return best;
    }
}
