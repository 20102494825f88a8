package fakebank.detect;

import fakebank.bank.Match;
import java.util.ArrayList;
import java.util.List;

/**
 * One image's calibrated verdict. {@code pFake} is the combined, calibrated probability; {@code pFakeKnn} and
 * {@code pFakeProbe} are the two raw scores it combines; {@code threshold} is the single cut the metrics report;
 * {@code pFake < unsureLow} is the real region ({@code t_real}) and {@code pFake >= unsureHigh} the fake region
 * ({@code t_fake}), each only where the model decides that side at all. {@code matches} are the closest live bank
 * entries (evidence), sorted by similarity. {@code knownMatch} is the id of a bank entry so similar that it decided
 * the verdict by its own label (the same image, or a near copy of it), else null. {@code reasons} say why, the
 * deciding one first.
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
        List<Reason> reasons) {

    public Verdict {
        matches = List.copyOf(matches);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /** This verdict with one more (non-deciding) reason appended. */
    public Verdict withReason(Reason reason) {
        List<Reason> more = new ArrayList<>(reasons);
        more.add(reason);
        return new Verdict(verdict, pFake, pFakeKnn, pFakeProbe, threshold, unsureLow, unsureHigh, attribution,
                matches, knownMatch, more);
    }

    /**
     * This verdict overruled by stronger evidence (e.g. metadata that says the image was generated): the decision
     * becomes {@code decision} and {@code reason} goes first; the detector's own reasons stay as context.
     */
    public Verdict decidedBy(Decision decision, Reason reason) {
        List<Reason> more = new ArrayList<>();
        more.add(reason);
        more.addAll(reasons);
        return new Verdict(decision, pFake, pFakeKnn, pFakeProbe, threshold, unsureLow, unsureHigh, attribution,
                matches, knownMatch, more);
    }

    /** The reason codes, deciding one first: e.g. {@code [score]} or {@code [novel, score]}. */
    public List<String> reasonCodes() {
        return reasons.stream().map(Reason::code).toList();
    }
}
