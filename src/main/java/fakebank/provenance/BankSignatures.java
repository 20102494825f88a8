package fakebank.provenance;

import fakebank.bank.Bank;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What copy detection keeps in memory of every banked image's signature, so that a match does not depend on the
 * embedding ranking:
 * <ul>
 *   <li>the PDQ hash: blur, colour and greyscale changes move an image's embedding far more than its hash (on all
 *       525 devset images, PDQ alone found 0.941 of the blurred copies while the embedding's top candidates held the
 *       original for far fewer). Scanned linearly, as the hash-only entries are (four popcounts per entry);</li>
 *   <li>the keypoints ({@link KeypointIndex}): strong crops and screenshots move the embedding too, but keep many of
 *       the original's keypoints.</li>
 * </ul>
 * Refreshed from the bank's signature folder when the bank has changed, at most once per {@link #REFRESH_NANOS}:
 * entries added since are still found through the embedding candidates. A refresh reads only the signatures it has
 * not seen. Thread-safe.
 */
final class BankSignatures {
    /** Shortest time between two refreshes (a refresh lists the signature folder). */
    static final long REFRESH_NANOS = 5_000_000_000L;

    /** A banked image's hash, by the sha256 of its bytes. */
    record Hit(String sha256, int distance) {
    }

    private final Bank bank;
    private final KeypointIndex keypoints = new KeypointIndex();
    private long version = Long.MIN_VALUE;
    private long refreshedAt;
    private Set<String> seen = Set.of();
    private Map<String, PdqHash> bySha = Map.of();
    private String[] shas = new String[0];
    private PdqHash[] hashes = new PdqHash[0];

    BankSignatures(Bank bank) {
        this.bank = bank;
    }

    /** Reads the signatures now if the bank changed (at startup, so the first query does not pay for it). */
    synchronized void refresh() {
        refreshIfChanged();
    }

    /** The closest banked hash within {@code maxDistance} of {@code query}, both of usable quality. */
    Optional<Hit> nearestPdq(PdqHash query, int maxDistance) {
        if (query.quality() < PdqHash.MIN_QUALITY) {
            return Optional.empty();
        }
        String[] s;
        PdqHash[] h;
        synchronized (this) {
            refreshIfChanged();
            s = shas;
            h = hashes;
        }
        int best = -1;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = 0; i < h.length; i++) {
            int d = h[i].distance(query);
            if (d <= maxDistance && d < bestDistance) {
                best = i;
                bestDistance = d;
            }
        }
        return best < 0 ? Optional.empty() : Optional.of(new Hit(s[best], bestDistance));
    }

    /** Banked images that share keypoints with the query, most first (see {@link KeypointIndex#vote}). */
    List<KeypointIndex.Vote> byKeypoints(Signature query, int n, int minVotes, Set<String> skip) {
        synchronized (this) {
            refreshIfChanged();
        }
        return keypoints.vote(query, n, minVotes, skip);
    }

    private void refreshIfChanged() {
        long now = System.nanoTime();
        long v = bank.version();
        if (v == version || (version != Long.MIN_VALUE && now - refreshedAt < REFRESH_NANOS)) {
            return;
        }
        Set<String> names = new HashSet<>(bank.signedSha256s());
        Map<String, PdqHash> next = new HashMap<>();
        for (String sha : names) {
            PdqHash known = bySha.get(sha);
            if (known == null && !seen.contains(sha)) {
                Optional<Signature> s = bank.signature(sha).map(Signature::fromBytes);
                if (s.isPresent()) {
                    known = s.get().pdq();
                    keypoints.add(sha, s.get());
                }
            }
            if (known != null && known.quality() >= PdqHash.MIN_QUALITY) {
                next.put(sha, known);
            }
        }
        for (String sha : seen) {
            if (!names.contains(sha)) {
                keypoints.remove(sha);
            }
        }
        seen = names;
        bySha = next;
        shas = next.keySet().toArray(String[]::new);
        hashes = new PdqHash[shas.length];
        for (int i = 0; i < shas.length; i++) {
            hashes[i] = next.get(shas[i]);
        }
        version = v;
        refreshedAt = now;
    }
}
