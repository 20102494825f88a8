package fakebank.detect;

import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.bank.Match;
import fakebank.provenance.KnownCopy;
import fakebank.provenance.MatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One image's calibrated verdict. {@code pFake} is the combined, calibrated probability; {@code pFakeKnn} and
 * {@code pFakeProbe} are the two raw scores it combines; {@code threshold} is the single cut the metrics report;
 * {@code pFake < unsureLow} is the real region ({@code t_real}) and {@code pFake >= unsureHigh} the fake region
 * ({@code t_fake}), each only where the model decides that side at all. {@code matches} are the closest live bank
 * entries (evidence), sorted by similarity. {@code knownMatch} is the id of a bank entry the query was recognised
 * as (the same image, a near copy, a verified copy or a PDQ match), else null; {@code known} says how it was
 * recognised and with what evidence. {@code reasons} say why, the deciding one first.
 */
public record Verdict(
        Decision verdict,
        double pFake,
        double pFakeKnn,
        double pFakeProbe,
        double threshold,
        double unsureLow,
        double unsureHigh,
        Attribution attribution,
        List<Match> matches,
        String knownMatch,
        KnownCopy known,
        List<Reason> reasons) {
    /** p_fake reported for a copy of a known fake (1 minus it for a known real): certain, but not absolutely. */
    static final double KNOWN_P = 0.99;
    /**
     * Cosine from which a near copy of a known real counts as the same photo. Below it, a face swap or an inpainted
     * region of a real photo looks like the photo to the encoder, and a wrong "real" is the worst outcome.
     */
    static final double SAME_REAL = 0.995;

    public Verdict {
        matches = List.copyOf(matches);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /** A verdict from the statistical detector; a near match it made is described from the matching entry. */
    public Verdict(Decision verdict, double pFake, double pFakeKnn, double pFakeProbe, double threshold,
            double unsureLow, double unsureHigh, Attribution attribution, List<Match> matches, String knownMatch,
            List<Reason> reasons) {
        this(verdict, pFake, pFakeKnn, pFakeProbe, threshold, unsureLow, unsureHigh, attribution, matches, knownMatch,
                nearFrom(knownMatch, matches), reasons);
    }

    public MatchType matchType() {
        return known == null ? null : known.matchType();
    }

    /**
     * This verdict decided by a known image. A copy of a known fake is fake, whatever the score. A copy of a known
     * real is real only when it is that photo (the same bytes, or cosine >= {@link #SAME_REAL}); any other copy
     * (verified crop, PDQ match, looser near copy) may be an edit of the photo, so it is unsure, with the original
     * as evidence. Symmetrically, a known fake that is an edit of a real photo ({@link Family#editsAPhoto}) decides
     * only for the same image: a looser match may be the photo the edit was made from.
     */
    public Verdict decidedBy(KnownCopy k) {
        boolean samePhoto = k.matchType() == MatchType.EXACT
                || (k.matchType() == MatchType.NEAR && k.similarity() != null && k.similarity() >= SAME_REAL);
        // an edit of a real photo (face swap, AI edit) looks like the photo it was made from: only the same image
        // is called fake, anything looser may be that original photo
        boolean fake = k.label() == Label.FAKE && (samePhoto || !Family.editsAPhoto(k.family(), k.generator()));
        boolean real = k.label() == Label.REAL && samePhoto;
        Decision d = fake ? Decision.FAKE : real ? Decision.REAL : Decision.UNSURE;
        double p = fake ? Math.max(pFake, KNOWN_P) : real ? Math.min(pFake, 1 - KNOWN_P) : pFake;
        Attribution a = !fake ? Attribution.NONE
                : k.generator() != null ? new Attribution(k.family().json(), k.generator(), 1.0) : attribution;
        List<Reason> more = new ArrayList<>();
        more.add(new Reason(Reason.KNOWN_MATCH, describe(k, fake || real)));
        reasons.stream().filter(r -> !Reason.KNOWN_MATCH.equals(r.code())).forEach(more::add);
        return new Verdict(d, p, pFakeKnn, pFakeProbe, threshold, unsureLow, unsureHigh, a, matches, k.entryId(), k,
                more);
    }

    private static String describe(KnownCopy k, boolean decides) {
        String how = switch (k.matchType()) {
            case EXACT -> "the same file as";
            case NEAR -> String.format(Locale.ROOT, "a near copy (cosine %.3f) of", k.similarity());
            case PDQ -> "a perceptual-hash match (PDQ distance " + k.pdqDistance() + ") of";
            case COPY -> "a verified copy (" + k.copy().inliers() + " matching keypoints) of";
        };
        String what = (k.hashOnly() ? "hash-only " : "") + "known " + k.label().json() + " image " + k.entryId()
                + (k.generator() == null || k.label() == Label.REAL ? "" : " (" + k.generator() + ")");
        String why = k.label() == Label.REAL
                ? ": the original is a real photo, but this may be an edited copy of it, so it is not called real"
                : ": that fake is an edit of a real photo (a face swap or an AI edit), so an image this close to it may "
                        + "be a copy of the edit or the photo it was made from; it is not called fake or real";
        return "the image is " + how + " " + what + (decides ? "" : why);
    }

    /** This verdict with one more (non-deciding) reason appended. */
    public Verdict withReason(Reason reason) {
        List<Reason> more = new ArrayList<>(reasons);
        more.add(reason);
        return new Verdict(verdict, pFake, pFakeKnn, pFakeProbe, threshold, unsureLow, unsureHigh, attribution,
                matches, knownMatch, known, more);
    }

    /**
     * This verdict overruled by stronger evidence (e.g. metadata that says the image was generated): the decision
     * becomes {@code decision} and {@code reason} goes first; the earlier reasons stay as context.
     */
    public Verdict decidedBy(Decision decision, Reason reason) {
        List<Reason> more = new ArrayList<>();
        more.add(reason);
        more.addAll(reasons);
        double p = decision == Decision.FAKE ? Math.max(pFake, KNOWN_P) : pFake;
        return new Verdict(decision, p, pFakeKnn, pFakeProbe, threshold, unsureLow, unsureHigh, attribution,
                matches, knownMatch, known, more);
    }

    /** The reason codes, deciding one first: e.g. {@code [score]} or {@code [novel, score]}. */
    public List<String> reasonCodes() {
        return reasons.stream().map(Reason::code).toList();
    }

    private static KnownCopy nearFrom(String id, List<Match> matches) {
        if (id == null || matches == null) {
            return null;
        }
        return matches.stream().filter(m -> m.id().equals(id)).findFirst().map(Verdict::nearCopy).orElse(null);
    }

    /** A bank neighbour as a near copy (embedding cosine at or above the known-match threshold). */
    static KnownCopy nearCopy(Match m) {
        return new KnownCopy(m.id(), MatchType.NEAR, m.label(), m.generator(), m.family(), m.source(),
                (double) m.similarity(), null, null, false);
    }
}
