package fakebank.provenance;

/**
 * Settings of the copy-detection step.
 *
 * @param pdqMaxDistance   PDQ hashes at most this many bits apart match (ThreatExchange's usual 31)
 * @param candidates       nearest bank entries (by embedding) verified geometrically
 * @param minCosine        candidates below this cosine are not verified (nothing real is a copy that far away)
 * @param minInliers       keypoint pairs that must agree on one transform for a copy
 * @param verify           geometric verification on (off leaves exact, near and PDQ matches)
 */
public record ProvenanceSettings(int pdqMaxDistance, int candidates, double minCosine, int minInliers,
        boolean verify) {
    public ProvenanceSettings {
        if (pdqMaxDistance < 0 || pdqMaxDistance > 128) {
            throw new IllegalArgumentException("PDQ distance must be in [0, 128], got " + pdqMaxDistance);
        }
        if (candidates < 0 || candidates > 100) {
            throw new IllegalArgumentException("copy candidates must be in [0, 100], got " + candidates);
        }
        if (minInliers < 4) {
            throw new IllegalArgumentException("min inliers must be at least 4, got " + minInliers);
        }
    }

    public static ProvenanceSettings defaults() {
        return new ProvenanceSettings(31, 5, 0.4, 12, true);
    }

    public ProvenanceSettings withPdqMaxDistance(int d) {
        return new ProvenanceSettings(d, candidates, minCosine, minInliers, verify);
    }

    public ProvenanceSettings withCandidates(int k) {
        return new ProvenanceSettings(pdqMaxDistance, k, minCosine, minInliers, verify);
    }

    public ProvenanceSettings withVerify(boolean on) {
        return new ProvenanceSettings(pdqMaxDistance, candidates, minCosine, minInliers, on);
    }
}
