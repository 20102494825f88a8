package fakebank.provenance;

import fakebank.bank.Family;
import fakebank.bank.Label;

/**
 * A bank entry the query is a copy of, and how that was established. {@code similarity} is the embedding cosine
 * (null for hash-only entries), {@code pdqDistance} the Hamming distance of the PDQ hashes when both are known,
 * {@code copy} the geometric evidence for {@link MatchType#COPY} (null otherwise). {@code hashOnly} entries have
 * no image, only a hash someone shared.
 */
public record KnownCopy(String entryId, MatchType matchType, Label label, String generator, Family family,
        String source, Double similarity, Integer pdqDistance, CopyEvidence copy, boolean hashOnly) {

    /** This match, found on the box {x, y, width, height} of a width x height query, in the whole query's terms. */
    public KnownCopy withinBox(int[] box, int width, int height) {
        return copy == null ? this : new KnownCopy(entryId, matchType, label, generator, family, source, similarity,
                pdqDistance, copy.withinBox(box, width, height), hashOnly);
    }
}
