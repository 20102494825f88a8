package fakebank.detect;

import fakebank.bank.Label;
import fakebank.bank.Match;
import java.util.List;

/**
 * Classifies embeddings against a bank with a trained {@link DetectorModel}: a kNN vote over the bank, the linear
 * probe, their calibrated combination, and the model's operating point. Immutable and thread-safe as long as the
 * bank's {@code nearest} is.
 */
public final class Detector {
    /** Similarity at which a known image decides on its own: the bank's near-duplicate threshold by default. */
    public static final double DEFAULT_KNOWN_MATCH = 0.97;
    /** p_fake reported for a copy of a known fake (1 minus it for a known real): certain, but not absolutely. */
    private static final double KNOWN_P = 0.99;

    private final KnownImages bank;
    private final DetectorModel model;
    private final double knownMatch;

    public Detector(KnownImages bank, DetectorModel model) {
        this(bank, model, DEFAULT_KNOWN_MATCH);
    }

    /**
     * @param knownMatch cosine similarity at or above which the closest bank entry decides the verdict by its label
     *                   (an exact or near copy of a known image); above 1 turns this off
     */
    public Detector(KnownImages bank, DetectorModel model, double knownMatch) {
        if (bank == null || model == null) {
            throw new IllegalArgumentException("bank and model are required");
        }
        if (knownMatch <= 0) {
            throw new IllegalArgumentException("knownMatch must be positive, got " + knownMatch);
        }
        this.bank = bank;
        this.model = model;
        this.knownMatch = knownMatch;
    }

    /**
     * The verdict for a unit-length embedding, with the {@code evidenceCount} nearest bank entries as evidence.
     * {@code pFakeProbe} is NaN when the model has no probe. Attribution is given only for fake and unsure
     * verdicts, from the fake entries among the k nearest.
     */
    public Verdict classify(float[] embedding, int evidenceCount) {
        if (evidenceCount < 0) {
            throw new IllegalArgumentException("evidenceCount must be >= 0, got " + evidenceCount);
        }
        if (model.dimension() > 0 && embedding.length != model.dimension()) {
            throw new IllegalArgumentException("embedding has dimension " + embedding.length + ", the model was trained on "
                    + model.dimension());
        }
        NeighbourVote vote = model.vote();
        List<Match> neighbours = bank.nearest(embedding, Math.max(vote.k(), evidenceCount));
        double pKnn = vote.pFake(neighbours);
        double pProbe = model.probe() == null ? Double.NaN : model.probe().pFake(embedding);
        double pFake = model.combine(pKnn, pProbe);
        Decision decision = model.decide(pFake);
        String decidedBy = null;
        if (!neighbours.isEmpty() && neighbours.get(0).similarity() >= knownMatch) {
            // A copy of a known image is what the bank is for: its label outranks any statistical score.
            Match known = neighbours.get(0);
            decidedBy = known.id();
            decision = known.label() == Label.FAKE ? Decision.FAKE : Decision.REAL;
            pFake = known.label() == Label.FAKE ? Math.max(pFake, KNOWN_P) : Math.min(pFake, 1 - KNOWN_P);
        }
        Attribution attribution = decision == Decision.REAL ? Attribution.NONE : vote.attribute(neighbours);
        OperatingPoint op = model.operatingPoint();
        List<Match> evidence = List.copyOf(neighbours.subList(0, Math.min(evidenceCount, neighbours.size())));
        return new Verdict(decision, pFake, pKnn, pProbe, op.threshold(), op.unsureLow(), op.unsureHigh(),
                attribution, evidence, decidedBy);
    }

    public DetectorModel model() {
        return model;
    }
}
