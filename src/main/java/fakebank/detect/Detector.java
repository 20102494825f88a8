package fakebank.detect;

import fakebank.bank.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Classifies embeddings against a bank with a trained {@link DetectorModel}: a kNN vote over the bank, the linear
 * probe, their calibrated combination, and the model's operating point. Immutable and thread-safe as long as the
 * bank's {@code nearest} is.
 */
public final class Detector {
    /** Similarity at which a known image decides on its own: the bank's near-duplicate threshold by default. */
    public static final double DEFAULT_KNOWN_MATCH = 0.97;
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
        OperatingPoint op = model.operatingPoint();
        double nearest = neighbours.isEmpty() ? Double.NaN : neighbours.get(0).similarity();
        Decision decision;
        List<Reason> reasons = new ArrayList<>();
        if (!model.status().canCommit()) {
            decision = Decision.UNSURE;
            reasons.add(new Reason(Reason.UNTRAINED, model.note()));
        } else if (model.novelty().isNovel(nearest)) {
            decision = Decision.UNSURE;
            reasons.add(new Reason(Reason.NOVEL, model.novelty().explain(nearest)));
            reasons.add(scoreReason(pFake, model.decide(pFake), op)); // what the score alone would have said
        } else {
            decision = model.decide(pFake);
            reasons.add(scoreReason(pFake, decision, op));
            boolean leansFake = pFake >= op.threshold();
            if (decision == Decision.UNSURE && (leansFake ? !op.decidesFake() : !op.decidesReal())) {
                reasons.add(new Reason(Reason.NO_SEPARATION, leansFake
                        ? "out of fold, no cut on p_fake kept real photos called fake within the target, so this "
                                + "detector never says fake from the score alone"
                        : "out of fold, no cut on p_fake kept fakes from unseen generators called real within the "
                                + "target, so this detector never says real from the score alone"));
            }
        }
        Attribution attribution = decision == Decision.REAL ? Attribution.NONE : vote.attribute(neighbours);
        List<Match> evidence = List.copyOf(neighbours.subList(0, Math.min(evidenceCount, neighbours.size())));
        Verdict scored = new Verdict(decision, pFake, pKnn, pProbe, op.threshold(), op.unsureLow(), op.unsureHigh(),
                attribution, evidence, null, reasons);
        // A near copy of a known image is what the bank is for: decided by the one rule the provenance step uses too.
        return nearest >= knownMatch ? scored.decidedBy(Verdict.nearCopy(neighbours.get(0))) : scored;
    }

    private static Reason scoreReason(double pFake, Decision decision, OperatingPoint op) {
        String where = switch (decision) {
            case FAKE -> String.format(Locale.ROOT, "p_fake %.3f >= t_fake %.3f", pFake, op.unsureHigh());
            case REAL -> String.format(Locale.ROOT, "p_fake %.3f < t_real %.3f", pFake, op.unsureLow());
            case UNSURE -> String.format(Locale.ROOT, "p_fake %.3f, between t_real %s and t_fake %s", pFake,
                    op.decidesReal() ? String.format(Locale.ROOT, "%.3f", op.unsureLow()) : "(none)",
                    op.decidesFake() ? String.format(Locale.ROOT, "%.3f", op.unsureHigh()) : "(none)");
        };
        return new Reason(Reason.SCORE, where);
    }

    public DetectorModel model() {
        return model;
    }
}
