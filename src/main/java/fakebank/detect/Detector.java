package fakebank.detect;

import fakebank.bank.Match;
import java.util.List;

/**
 * Classifies embeddings against a bank with a trained {@link DetectorModel}: a kNN vote over the bank, the linear
 * probe, their calibrated combination, and the model's operating point. Immutable and thread-safe as long as the
 * bank's {@code nearest} is.
 */
public final class Detector {
    private final KnownImages bank;
    private final DetectorModel model;

    public Detector(KnownImages bank, DetectorModel model) {
        if (bank == null || model == null) {
            throw new IllegalArgumentException("bank and model are required");
        }
        this.bank = bank;
        this.model = model;
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
        Attribution attribution = decision == Decision.REAL ? Attribution.NONE : vote.attribute(neighbours);
        OperatingPoint op = model.operatingPoint();
        List<Match> evidence = List.copyOf(neighbours.subList(0, Math.min(evidenceCount, neighbours.size())));
        return new Verdict(decision, pFake, pKnn, pProbe, op.threshold(), op.unsureLow(), op.unsureHigh(),
                attribution, evidence);
    }

    public DetectorModel model() {
        return model;
    }

    /** Whether the bank has changed since the model was trained (the model still works, but may be out of date). */
    public boolean stale() {
        return bank.version() != model.bankVersion();
    }
}
