package fakebank.provenance;

import fakebank.bank.Bank;
import fakebank.bank.Entry;
import fakebank.bank.Match;
import fakebank.bank.SearchFilter;
import fakebank.image.RgbImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;

/**
 * The copy-detection step the service runs beside the statistical detector: is the query a known image or a copy
 * of one? Cheapest evidence first: the same bytes, then an embedding at the near-duplicate threshold, then PDQ
 * (against the nearest candidates' stored hashes, then every banked hash and every hash-only entry), then geometric
 * verification of the nearest candidates by embedding (first as given, then mirrored), then of the banked images
 * that share the most keypoints with the query (whatever their embedding rank), stopping at the first confirmed
 * copy; when none is and the query is far from everything banked, the next candidates down the embedding ranking.
 */
public final class Provenance {
    /**
     * When the nearest entry is below this cosine and the first candidates hold no copy, the query looks nothing
     * like anything banked: typical of a screenshot or a framed re-post, whose original then often ranks beyond
     * the first candidates. Only those queries pay for the wider look (unmirrored only, to bound its cost).
     */
    static final double WIDE_BELOW = 0.7;
    /** How far down the embedding ranking the wider look goes. */
    static final int WIDE_CANDIDATES = 15;
    /** Banked images verified because they share the most keypoints with the query, per orientation. */
    static final int KEYPOINT_CANDIDATES = 3;

    private final Bank bank;
    private final HashList hashes;
    private final ProvenanceSettings settings;
    private final double nearThreshold;
    private final SignatureExtractor extractor = new SignatureExtractor();
    private final CopyVerifier verifier;
    private final BankSignatures bankSignatures;

    public Provenance(Bank bank, HashList hashes, ProvenanceSettings settings, double nearThreshold) {
        this.bank = bank;
        this.hashes = hashes;
        this.settings = settings;
        this.nearThreshold = nearThreshold;
        this.verifier = new CopyVerifier(settings.minInliers());
        this.bankSignatures = new BankSignatures(bank);
    }

    public ProvenanceSettings settings() {
        return settings;
    }

    public HashList hashes() {
        return hashes;
    }

    public SignatureExtractor extractor() {
        return extractor;
    }

    /**
     * What the query side of matching needs, computed before the candidates are known so it can run beside the
     * encoder's forward pass: the PDQ hash and the keypoints (the mirrored keypoints are computed only if needed).
     */
    public final class Query {
        private final RgbImage image;
        private final PdqHash pdq;
        private Signature keypoints;
        private Signature mirrored;

        private Query(RgbImage image, boolean withKeypoints) {
            this.image = image;
            this.pdq = PdqHasher.hash(image);
            this.keypoints = withKeypoints ? extractor.forQuery(image, false) : null;
        }

        Signature keypoints(boolean mirror) {
            if (mirror) {
                if (mirrored == null) {
                    mirrored = keypoints(false).mirror();
                }
                return mirrored;
            }
            if (keypoints == null) {
                keypoints = extractor.forQuery(image, false);
            }
            return keypoints;
        }
    }

    /** Prepares a query (PDQ and, when verification is on, keypoints); not thread-safe, use once. */
    public Query prepare(RgbImage image) {
        return new Query(image, settings.verify() && settings.candidates() > 0);
    }

    /** As {@link #find(Query, String, float[], List)} for a query not prepared in advance. */
    public Optional<KnownCopy> find(RgbImage image, String sha256, float[] vector, List<Match> neighbours) {
        return find(new Query(image, false), sha256, vector, neighbours);
    }

    /**
     * The known image this query copies, if any. {@code neighbours} are the nearest live entries by embedding when
     * the caller already has them (at least {@code candidates} of them), else null.
     */
    public Optional<KnownCopy> find(Query query, String sha256, float[] vector, List<Match> neighbours) {
        Optional<String> same = bank.idForSha256(sha256);
        if (same.isPresent()) {
            Entry e = bank.require(same.get());
            return Optional.of(known(e, MatchType.EXACT, 1.0, 0, null));
        }
        int k = Math.max(1, settings.candidates());
        List<Match> candidates = neighbours != null && neighbours.size() >= k ? neighbours.subList(0, k)
                : bank.search(vector, k, SearchFilter.NONE);
        if (!candidates.isEmpty() && candidates.getFirst().similarity() >= nearThreshold) {
            return Optional.of(known(candidates.getFirst(), MatchType.NEAR, null, null));
        }
        PdqHash pdq = query.pdq;
        List<Candidate> verifiable = new ArrayList<>();
        Candidate bestPdq = null;
        for (Match m : candidates) {
            Optional<byte[]> stored = bank.signature(m.sha256());
            if (stored.isEmpty()) {
                continue;
            }
            Candidate c = new Candidate(m, Signature.fromBytes(stored.get()));
            int d = c.signature.pdq().distance(pdq);
            if (pdq.quality() >= PdqHash.MIN_QUALITY && c.signature.pdq().quality() >= PdqHash.MIN_QUALITY
                    && d <= settings.pdqMaxDistance() && (bestPdq == null || d < bestPdq.pdqDistance)) {
                bestPdq = c.withDistance(d);
            }
            if (m.similarity() >= settings.minCosine()) {
                verifiable.add(c.withDistance(d));
            }
        }
        Optional<HashList.Hit> hashHit = hashes.nearest(pdq, settings.pdqMaxDistance());
        if (bestPdq != null && (hashHit.isEmpty() || bestPdq.pdqDistance <= hashHit.get().distance())) {
            return Optional.of(known(bestPdq.match, MatchType.PDQ, bestPdq.pdqDistance, null));
        }
        if (bestPdq == null) {
            // the original may have fallen out of the embedding candidates (blur, colour): every banked hash
            Optional<KnownCopy> banked = bankWidePdq(pdq, hashHit);
            if (banked.isPresent()) {
                return banked;
            }
        }
        if (hashHit.isPresent()) {
            HashEntry h = hashHit.get().entry();
            return Optional.of(new KnownCopy(h.id(), MatchType.PDQ, h.label(), h.generator(), h.family(), h.source(),
                    null, hashHit.get().distance(), null, true));
        }
        if (!settings.verify() || candidates.isEmpty()) {
            return Optional.empty();
        }
        for (boolean mirrored : new boolean[] {false, true}) {
            Optional<KnownCopy> copy = verify(query, mirrored, verifiable);
            if (copy.isPresent()) {
                return copy;
            }
        }
        Set<String> tried = new HashSet<>();
        verifiable.forEach(c -> tried.add(c.match.sha256()));
        for (boolean mirrored : new boolean[] {false, true}) {
            Optional<KnownCopy> copy = verifyByKeypoints(query, mirrored, tried);
            if (copy.isPresent()) {
                return copy;
            }
        }
        if (candidates.getFirst().similarity() >= WIDE_BELOW || candidates.size() < k || k >= WIDE_CANDIDATES) {
            return Optional.empty();
        }
        return verify(query, false, farther(vector, neighbours, k));
    }

    /** The closest banked image by PDQ when it is closer than any hash-only entry, as a live entry. */
    private Optional<KnownCopy> bankWidePdq(PdqHash pdq, Optional<HashList.Hit> hashHit) {
        Optional<BankSignatures.Hit> hit = bankSignatures.nearestPdq(pdq, settings.pdqMaxDistance());
        if (hit.isEmpty() || (hashHit.isPresent() && hashHit.get().distance() < hit.get().distance())) {
            return Optional.empty();
        }
        return bank.idForSha256(hit.get().sha256()).flatMap(bank::get)
                .map(e -> known(e, MatchType.PDQ, null, hit.get().distance(), null));
    }

    private Optional<KnownCopy> verify(Query query, boolean mirrored, List<Candidate> candidates) {
        Signature keypoints = query.keypoints(mirrored);
        for (Candidate c : candidates) {
            Optional<CopyEvidence> ev = verifier.verify(keypoints, mirrored, c.signature);
            if (ev.isPresent()) {
                return Optional.of(known(c.match, MatchType.COPY, c.pdqDistance, ev.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * Verifies the banked images that share the most keypoints with the query (or its mirror image), whatever
     * their embedding rank: a 60% crop or a screenshot often ranks its original below the first candidates.
     */
    private Optional<KnownCopy> verifyByKeypoints(Query query, boolean mirrored, Set<String> tried) {
        Signature keypoints = query.keypoints(mirrored);
        for (KeypointIndex.Vote v : bankSignatures.byKeypoints(keypoints, KEYPOINT_CANDIDATES,
                settings.minInliers() / 2, tried)) {
            tried.add(v.sha256());
            Optional<CopyEvidence> ev = bank.signature(v.sha256())
                    .flatMap(b -> verifier.verify(keypoints, mirrored, Signature.fromBytes(b)));
            // the entry is looked up only for a confirmed copy (an entry removed since the index refreshed is skipped)
            Optional<KnownCopy> copy = ev.flatMap(c -> bank.idForSha256(v.sha256()).flatMap(bank::get)
                    .map(e -> known(e, MatchType.COPY, null, null, c)));
            if (copy.isPresent()) {
                return copy;
            }
        }
        return Optional.empty();
    }

    /** Reads every banked signature into memory now, so that the first query does not wait for it. */
    public void warmUp() {
        bankSignatures.refresh();
    }

    /**
     * The candidates ranked k+1 to {@link #WIDE_CANDIDATES} by embedding, above the cosine floor: a second, wider
     * look for queries whose embedding a frame or screenshot moved away from everything banked.
     */
    private List<Candidate> farther(float[] vector, List<Match> neighbours, int k) {
        List<Match> wide = neighbours != null && neighbours.size() >= WIDE_CANDIDATES ? neighbours
                : bank.search(vector, WIDE_CANDIDATES, SearchFilter.NONE);
        List<Candidate> out = new ArrayList<>();
        for (Match m : wide.subList(Math.min(k, wide.size()), Math.min(WIDE_CANDIDATES, wide.size()))) {
            if (m.similarity() < settings.minCosine()) {
                break;
            }
            bank.signature(m.sha256()).ifPresent(b -> out.add(new Candidate(m, Signature.fromBytes(b))));
        }
        return out;
    }

    /** A bank entry found without the embedding ranking (same bytes, bank-wide PDQ, the keypoint index). */
    private static KnownCopy known(Entry e, MatchType type, Double similarity, Integer pdqDistance,
            CopyEvidence copy) {
        return new KnownCopy(e.id(), type, e.label(), e.generator(), e.family(), e.source(), similarity, pdqDistance,
                copy, false);
    }

    private static KnownCopy known(Match m, MatchType type, Integer pdqDistance, CopyEvidence copy) {
        return new KnownCopy(m.id(), type, m.label(), m.generator(), m.family(), m.source(),
                (double) m.similarity(), pdqDistance, copy, false);
    }

    private record Candidate(Match match, Signature signature, Integer pdqDistance) {
        Candidate(Match match, Signature signature) {
            this(match, signature, null);
        }

        Candidate withDistance(int d) {
            return new Candidate(match, signature, d);
        }
    }
}
