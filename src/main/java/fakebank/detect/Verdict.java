package fakebank.detect;

import fakebank.bank.Label;
import fakebank.bank.Match;
import fakebank.provenance.KnownCopy;
import fakebank.provenance.MatchType;
import java.util.List;

/**
 * One image's calibrated verdict. {@code pFake} is the combined, calibrated probability; {@code pFakeKnn} and
 * {@code pFakeProbe} are the two raw scores it combines; {@code threshold} is where {@code pFake} turns fake, and
 * [{@code unsureLow}, {@code unsureHigh}) the band reported as unsure. {@code matches} are the closest live bank
 * entries (evidence), sorted by similarity. {@code knownMatch} is the id of a bank entry the query was recognised
 * as (the same image, a near copy, a verified copy or a PDQ match), which decided the verdict by its own label,
 * else null; {@code known} says how it was recognised and with what evidence.
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
        KnownCopy known) {
    /** p_fake reported for a copy of a known fake (1 minus it for a known real): certain, but not absolutely. */
    private static final double KNOWN_P = 0.99;

    /** A verdict from the statistical detector; a near match it made is described from the matching entry. */
    public Verdict(Decision verdict, double pFake, double pFakeKnn, double pFakeProbe, double threshold,
            double unsureLow, double unsureHigh, Attribution attribution, List<Match> matches, String knownMatch) {
        this(verdict, pFake, pFakeKnn, pFakeProbe, threshold, unsureLow, unsureHigh, attribution, matches, knownMatch,
                nearFrom(knownMatch, matches));
    }

    public MatchType matchType() {
        return known == null ? null : known.matchType();
    }

    /** This verdict decided by a known image: its label wins over any statistical score, as for a near match. */
    public Verdict decidedBy(KnownCopy k) {
        boolean fake = k.label() == Label.FAKE;
        Decision d = fake ? Decision.FAKE : Decision.REAL;
        double p = fake ? Math.max(pFake, KNOWN_P) : Math.min(pFake, 1 - KNOWN_P);
        Attribution a = !fake ? Attribution.NONE
                : k.generator() != null ? new Attribution(k.family().json(), k.generator(), 1.0) : attribution;
        return new Verdict(d, p, pFakeKnn, pFakeProbe, threshold, unsureLow, unsureHigh, a, matches, k.entryId(), k);
    }

    private static KnownCopy nearFrom(String id, List<Match> matches) {
        if (id == null || matches == null) {
            return null;
        }
        for (Match m : matches) {
            if (m.id().equals(id)) {
                return new KnownCopy(m.id(), MatchType.NEAR, m.label(), m.generator(), m.family(), m.source(),
                        (double) m.similarity(), null, null, false);
            }
        }
        return null;
    }
}
