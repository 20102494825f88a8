package fakebank.detect;

import fakebank.bank.Match;
import java.util.List;

/**
 * One image's calibrated verdict. {@code pFake} is the combined, calibrated probability; {@code pFakeKnn} and
 * {@code pFakeProbe} are the two raw scores it combines; {@code threshold} is where {@code pFake} turns fake, and
 * [{@code unsureLow}, {@code unsureHigh}) the band reported as unsure. {@code matches} are the closest live bank
 * entries (evidence), sorted by similarity. {@code knownMatch} is the id of a bank entry so similar that it decided
 * the verdict by its own label (the same image, or a near copy of it), else null.
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
        String knownMatch) {
}
