package fakebank.eval;

import fakebank.bank.AddResult;
import fakebank.bank.EntryMeta;
import fakebank.bank.Label;
import fakebank.bank.Match;
import fakebank.bank.NewEntry;
import fakebank.detect.Decision;
import fakebank.detect.Verdict;
import fakebank.image.ImageTransforms;
import fakebank.image.RgbImage;
import fakebank.provenance.CopyVerifier;
import fakebank.provenance.KnownCopy;
import fakebank.provenance.PdqHash;
import fakebank.provenance.PdqHasher;
import fakebank.provenance.Provenance;
import fakebank.provenance.Signature;
import fakebank.provenance.SignatureExtractor;
import fakebank.service.Classification;
import fakebank.service.Embedded;
import fakebank.service.Fakebank;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Copy-detection evaluation: half of the images (by sha256 order) go into an empty bank, then every image is
 * re-shared in each of the given transforms ({@link CopyTransforms#ALL} by default) and classified. A copy of a banked image must come back as that
 * image, or as another member of its group (the same picture at another size, another crop of the same source
 * file: groups are formed from the originals alone, before any matcher runs) (recall); a copy of a held-out image
 * must not be called a copy of anything (false-copy rate). The full
 * pipeline is compared with PDQ alone (Hamming <= the threshold over every banked hash) and the embedding
 * threshold alone (top-1 cosine >= the near-duplicate threshold), and timed against the detector without the
 * provenance step on the same copies.
 */
public final class CopyEval {
    /** An original image with what the bank should know about it. */
    public record Original(String name, byte[] bytes, EntryMeta meta) {
    }

    /** Counts for one transform (or all of them). */
    public record Row(String transform, int banked, int heldOut, double recall, double pdqRecall,
            double embeddingRecall, double falseCopyRate, double pdqFalseCopyRate, double embeddingFalseCopyRate,
            int fakes, double fakesCalledFake, double p50Ms, double p99Ms, Map<String, Integer> matchTypes,
            int wrongEntry, double originalCosineP5, double originalCosineP50, int originalNotInEvidence) {
    }

    /** Latency of the provenance step alone with k candidates verified, and what it found. */
    public record KRow(int k, double p50Ms, double p99Ms, double recall, double falseCopyRate) {
    }

    /**
     * A copy of a held-out image that was called a copy of a banked one: what matched, and how. {@code
     * originalsOverlap}: the held-out original itself, untransformed, verifies as a copy of the matched image, so
     * the two share most of their pixels (another edit or re-render of one picture), which the split's groups did
     * not catch; false otherwise, when only the transform made them look alike.
     */
    public record FalseCopy(String original, String transform, String matched, String matchType, String verdict,
            boolean originalsOverlap) {
    }

    /**
     * A copy of a banked image that was not recognised as its original: {@code found} is the entry it was matched to
     * instead (null when none), {@code originalCosine} the original's cosine when it was among the nearest entries.
     */
    public record Miss(String original, String transform, String found, String matchType, Double originalCosine) {
    }

    public record Report(int images, int banked, int copies, List<Row> rows, double baselineP50Ms,
            double baselineP99Ms, double fullP50Ms, double fullP99Ms, List<KRow> byK, int pdqMaxDistance,
            double nearThreshold, int candidates, int minInliers, List<List<String>> groups,
            List<FalseCopy> falseCopies, List<Miss> misses) {

        public String toMarkdown() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "Copy detection: %d images, %d in the bank, %d copies "
                    + "(PDQ <= %d, near-duplicate cosine >= %.2f, %d candidates verified, >= %d inliers)%n%n",
                    images, banked, copies, pdqMaxDistance, nearThreshold, candidates, minInliers));
            sb.append("| transform | copies of banked | recall | PDQ alone | embedding alone | copies of held-out "
                    + "| false-copy rate | PDQ alone | embedding alone | copies of fakes called fake "
                    + "| p50 ms | p99 ms | matched the wrong entry | match types "
                    + "| cosine to original p5 / p50 (not in evidence) |\n");
            sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
            for (Row r : rows) {
                sb.append(String.format(Locale.ROOT,
                        "| %s | %d | %.3f | %.3f | %.3f | %d | %.4f | %.4f | %.4f | %.3f (%d) | %.1f | %.1f | %d | %s "
                        + "| %.2f / %.2f (%d) |%n",
                        r.transform(), r.banked(), r.recall(), r.pdqRecall(), r.embeddingRecall(), r.heldOut(),
                        r.falseCopyRate(), r.pdqFalseCopyRate(), r.embeddingFalseCopyRate(), r.fakesCalledFake(),
                        r.fakes(), r.p50Ms(), r.p99Ms(), r.wrongEntry(), r.matchTypes(), r.originalCosineP5(),
                        r.originalCosineP50(), r.originalNotInEvidence()));
            }
            sb.append(String.format(Locale.ROOT, "%nClassify latency per copy (decode + embed + detect, same run, "
                    + "same copies; with it, keypoints are computed beside the forward pass): without the provenance "
                    + "step p50 %.1f ms / p99 %.1f ms; with it p50 %.1f ms / "
                    + "p99 %.1f ms (x%.2f at p50).%n%n", baselineP50Ms, baselineP99Ms, fullP50Ms, fullP99Ms,
                    fullP50Ms / baselineP50Ms));
            if (!byK.isEmpty()) {
                sb.append("| candidates k | provenance p50 ms | p99 ms | recall | false-copy rate |\n");
                sb.append("|---:|---:|---:|---:|---:|\n");
                for (KRow k : byK) {
                    sb.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.3f | %.4f |%n", k.k(), k.p50Ms(),
                            k.p99Ms(), k.recall(), k.falseCopyRate()));
                }
            }
            if (!groups.isEmpty()) {
                sb.append(String.format(Locale.ROOT, "%nOriginals kept on one side of the split (same source file, or "
                        + "the same picture; a copy matched to another member of its group counts as found): %d "
                        + "groups%n%n", groups.size()));
                groups.forEach(g -> sb.append("- ").append(String.join(", ", g)).append('\n'));
            }
            if (!falseCopies.isEmpty()) {
                long overlapping = falseCopies.stream().filter(FalseCopy::originalsOverlap).count();
                int heldOut = rows.getLast().heldOut();
                sb.append(String.format(Locale.ROOT, "%nFalse copies (a copy of a held-out image called a copy of a "
                        + "banked one): %d of %d copies of held-out images. In %d of them the two originals, "
                        + "untransformed, already verify as copies of each other (they share most of their pixels: "
                        + "edits or re-renders of one picture); the other %d (rate %.4f) came from the transform."
                        + "%n%n", falseCopies.size(), heldOut, overlapping, falseCopies.size() - overlapping,
                        ratio((int) (falseCopies.size() - overlapping), heldOut)));
                sb.append("| held-out original | transform | matched | match type | verdict | originals overlap |\n"
                        + "|---|---|---|---|---|---|\n");
                for (FalseCopy f : falseCopies) {
                    sb.append("| ").append(f.original()).append(" | ").append(f.transform()).append(" | ")
                            .append(f.matched()).append(" | ").append(f.matchType()).append(" | ")
                            .append(f.verdict()).append(" | ").append(f.originalsOverlap() ? "yes" : "no")
                            .append(" |\n");
                }
            }
            if (!misses.isEmpty()) {
                sb.append("\nMissed copies (a copy of a banked image not matched to its original):\n\n");
                sb.append("| original | transform | matched instead | match type | cosine to original |\n"
                        + "|---|---|---|---|---:|\n");
                for (Miss m : misses) {
                    sb.append("| ").append(m.original()).append(" | ").append(m.transform()).append(" | ")
                            .append(m.found() == null ? "" : m.found()).append(" | ")
                            .append(m.matchType() == null ? "" : m.matchType()).append(" | ")
                            .append(m.originalCosine() == null ? "" : String.format(Locale.ROOT, "%.3f",
                                    m.originalCosine())).append(" |\n");
                }
            }
            return sb.toString();
        }
    }

    private CopyEval() {
    }

    /**
     * Runs the evaluation in {@code fakebank}, which must hold an empty bank (the originals of one half are added
     * to it). {@code kSample} copies are kept to time the provenance step with each k in {@code ks}.
     */
    public static Report run(Fakebank fakebank, List<Original> originals, List<CopyTransforms.Transform> transforms,
            int[] ks, int kSample, Consumer<String> progress) {
        Map<Original, String> shas = new HashMap<>();
        originals.forEach(o -> shas.put(o, sha(o)));
        List<Original> sorted = new ArrayList<>(originals);
        sorted.sort((a, b) -> shas.get(a).compareTo(shas.get(b)));
        List<RgbImage> images = new ArrayList<>();
        for (Original o : sorted) {
            images.add(fakebank.decoder().decode(o.bytes()));
        }
        List<Original> banked = new ArrayList<>();
        List<Original> held = new ArrayList<>();
        List<List<String>> merged = new ArrayList<>();
        Map<Original, List<Original>> groupOf = splitByGroup(sorted, images, banked, held, merged);
        progress.accept("adding " + banked.size() + " originals to the evaluation bank");
        Map<String, String> idOf = new HashMap<>();
        List<NewEntry> entries = new ArrayList<>();
        for (Original o : banked) {
            entries.add(fakebank.entry(fakebank.embed(o.bytes()), o.bytes(), o.meta()));
        }
        List<AddResult> added = fakebank.addAll(entries);
        for (int i = 0; i < banked.size(); i++) {
            idOf.put(shas.get(banked.get(i)), added.get(i).id());
        }
        Map<String, PdqHash> pdqById = new LinkedHashMap<>();
        for (AddResult a : added) {
            fakebank.bank().signature(a.sha256()).ifPresent(s -> pdqById.put(a.id(), Signature.fromBytes(s).pdq()));
        }
        fakebank.warmUp();
        ProvenanceSettingsView ps = new ProvenanceSettingsView(fakebank);
        Map<String, Tally> tallies = new LinkedHashMap<>();
        transforms.forEach(t -> tallies.put(t.name(), new Tally()));
        Tally all = new Tally();
        List<double[]> base = new ArrayList<>();
        List<double[]> full = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        List<FalseCopy> falseCopies = new ArrayList<>();
        List<Miss> misses = new ArrayList<>();
        Map<String, String> nameOf = new HashMap<>();
        Map<String, String> shaOf = new HashMap<>();
        for (int i = 0; i < banked.size(); i++) {
            nameOf.put(added.get(i).id(), banked.get(i).name());
            shaOf.put(added.get(i).id(), added.get(i).sha256());
        }
        Map<String, Boolean> overlaps = new HashMap<>();
        CopyVerifier verifier = new CopyVerifier(ps.minInliers());
        SignatureExtractor extractor = new SignatureExtractor();
        int done = 0;
        int copyIndex = 0;
        int sampleEvery = Math.max(1, sorted.size() * transforms.size() / Math.max(1, kSample));
        for (int i = 0; i < sorted.size(); i++) {
            Original o = sorted.get(i);
            String originalId = idOf.get(shas.get(o));
            // a match to another member of the original's group (the same picture, or a crop of the same file)
            // is the right answer too: groups are formed from the originals before any matcher runs
            Set<String> group = originalId == null ? Set.of() : groupOf.get(o).stream()
                    .map(g -> idOf.get(shas.get(g))).collect(java.util.stream.Collectors.toSet());
            RgbImage image = images.get(i);
            for (CopyTransforms.Transform t : transforms) {
                RgbImage copy = t.apply().apply(image, (long) i * 31 + t.name().hashCode());
                byte[] bytes = ImageTransforms.encodeJpeg(copy, 0.95f);
                // the real request path with the provenance step; on every LATENCY_EVERY-th copy also today's path
                // (decode, embed, detector) on the same bytes, alternating which runs first
                boolean timed = copyIndex % LATENCY_EVERY == 0;
                boolean baseFirst = copyIndex % (2 * LATENCY_EVERY) == 0;
                double baseMs = timed && baseFirst ? timeBaseline(fakebank, bytes) : Double.NaN;
                long t1 = System.nanoTime();
                Classification c = fakebank.classify(bytes);
                double fullMs = (System.nanoTime() - t1) / 1e6;
                if (timed) {
                    base.add(new double[] {baseFirst ? baseMs : timeBaseline(fakebank, bytes)});
                    full.add(new double[] {fullMs});
                }
                Verdict v = c.verdict();
                String pdqMatch = pdqAlone(PdqHasher.hash(fakebank.decoder().decode(bytes)), pdqById,
                        ps.pdqMaxDistance());
                List<Match> m = v.matches();
                String embMatch = !m.isEmpty() && m.getFirst().similarity() >= ps.nearThreshold()
                        ? m.getFirst().id() : null;
                double originalCosine = m.stream().filter(x -> x.id().equals(originalId)).findFirst()
                        .map(x -> (double) x.similarity()).orElse(Double.NaN);
                Outcome out = new Outcome(originalId, group, v.knownMatch(), v.known(), pdqMatch, embMatch,
                        o.meta().label() == Label.FAKE, v.verdict(), fullMs, originalCosine);
                if (originalId == null && v.knownMatch() != null) {
                    boolean overlap = overlaps.computeIfAbsent(o.name() + "\n" + v.knownMatch(),
                            key -> originalsOverlap(fakebank, image, shaOf.get(v.knownMatch()), verifier,
                                    extractor));
                    falseCopies.add(new FalseCopy(o.name(), t.name(), nameOf.getOrDefault(v.knownMatch(),
                            v.knownMatch()), v.matchType() == null ? null : v.matchType().json(), v.verdict().json(),
                            overlap));
                }
                if (originalId != null && !group.contains(v.knownMatch())) {
                    misses.add(new Miss(o.name(), t.name(), v.knownMatch() == null ? null
                            : nameOf.getOrDefault(v.knownMatch(), v.knownMatch()),
                            v.matchType() == null ? null : v.matchType().json(),
                            Double.isNaN(originalCosine) ? null : round3(originalCosine)));
                }
                tallies.get(t.name()).add(out);
                all.add(out);
                if (samples.size() < kSample && copyIndex % sampleEvery == 0) {
                    samples.add(new Sample(fakebank.embed(bytes), originalId, group));
                }
                copyIndex++;
            }
            if (++done % 25 == 0) {
                progress.accept(done + "/" + sorted.size() + " originals re-shared and classified");
            }
        }
        List<Row> rows = new ArrayList<>();
        tallies.forEach((name, t) -> rows.add(t.row(name)));
        rows.add(all.row("all"));
        List<KRow> byK = new ArrayList<>();
        for (int k : ks) {
            byK.add(timeK(fakebank, samples, k));
        }
        return new Report(sorted.size(), banked.size(), all.outcomes.size(), rows, pct(base, 0.5), pct(base, 0.99),
                pct(full, 0.5), pct(full, 0.99), byK, ps.pdqMaxDistance(), ps.nearThreshold(), ps.candidates(),
                ps.minInliers(), merged, falseCopies, misses);
    }

    /**
     * Half of the originals go to the bank, whole groups at a time, in sha256 order of the groups' first member.
     * Two originals are one group when they come from the same source file (crops and tiles of one picture
     * overlap) or are the same picture (grey 32 x 32 thumbnails correlate >= {@link #SAME_PICTURE}, e.g. one
     * BigGAN latent rendered at 256 and at 512 pixels): one in the bank and the other held out would count a true
     * copy as a false one. Groups are formed from the originals alone, before any matcher runs.
     */
    private static Map<Original, List<Original>> splitByGroup(List<Original> sorted, List<RgbImage> images,
            List<Original> banked, List<Original> held, List<List<String>> merged) {
        int n = sorted.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        Map<String, Integer> firstOfFile = new HashMap<>();
        float[][] thumbs = new float[n][];
        for (int i = 0; i < n; i++) {
            String source = sorted.get(i).meta().source();
            if (source != null) {
                String file = source.replaceAll("\\s*\\[[^\\]]*\\]\\s*$", "");
                Integer first = firstOfFile.putIfAbsent(file, i);
                if (first != null) {
                    union(parent, first, i);
                }
            }
            thumbs[i] = thumbnail(images.get(i));
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (correlation(thumbs[i], thumbs[j]) >= SAME_PICTURE) {
                    union(parent, i, j);
                }
            }
        }
        Map<Integer, List<Original>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(find(parent, i), r -> new ArrayList<>()).add(sorted.get(i));
        }
        int side = 0;
        Map<Original, List<Original>> groupOf = new HashMap<>();
        for (List<Original> g : groups.values()) {
            (side++ % 2 == 0 ? banked : held).addAll(g);
            if (g.size() > 1) {
                merged.add(g.stream().map(Original::name).toList());
            }
            g.forEach(o -> groupOf.put(o, g));
        }
        return groupOf;
    }

    /** Correlation of grey thumbnails from which two originals count as the same picture. */
    static final double SAME_PICTURE = 0.99;

    private static float[] thumbnail(RgbImage image) {
        RgbImage t = fakebank.image.Resampler.resize(image, 32, 32, fakebank.image.Filter.BILINEAR);
        float[] g = new float[32 * 32];
        double sum = 0;
        for (int i = 0; i < g.length; i++) {
            g[i] = RgbImage.luma(t.pixels()[i]);
            sum += g[i];
        }
        float mean = (float) (sum / g.length);
        double var = 0;
        for (int i = 0; i < g.length; i++) {
            g[i] -= mean;
            var += g[i] * g[i];
        }
        float norm = (float) Math.sqrt(Math.max(var, 1e-9));
        for (int i = 0; i < g.length; i++) {
            g[i] /= norm;
        }
        return g;
    }

    private static double correlation(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
        }
        return d;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, a)] = find(parent, b);
    }

    /**
     * Whether a held-out original, as it is, verifies as a copy of the banked entry (as given or mirrored): the
     * same test the provenance step applies to a query, on the two originals.
     */
    private static boolean originalsOverlap(Fakebank fakebank, RgbImage original, String bankSha,
            CopyVerifier verifier, SignatureExtractor extractor) {
        Optional<byte[]> stored = bankSha == null ? Optional.empty() : fakebank.bank().signature(bankSha);
        if (stored.isEmpty()) {
            return false;
        }
        Signature bank = Signature.fromBytes(stored.get());
        for (boolean mirrored : new boolean[] {false, true}) {
            if (verifier.verify(extractor.forQuery(original, mirrored), mirrored, bank).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** Copies on which today's path is timed too (each costs another decode and forward pass). */
    private static final int LATENCY_EVERY = 4;

    private static double timeBaseline(Fakebank fakebank, byte[] bytes) {
        long t0 = System.nanoTime();
        fakebank.classifyVector(fakebank.embed(bytes).vector());
        return (System.nanoTime() - t0) / 1e6;
    }

    private record ProvenanceSettingsView(int pdqMaxDistance, double nearThreshold, int candidates, int minInliers) {
        ProvenanceSettingsView(Fakebank f) {
            this(f.config().provenance().pdqMaxDistance(), f.config().bank().nearDuplicateThreshold(),
                    f.config().provenance().candidates(), f.config().provenance().minInliers());
        }
    }

    private record Sample(Embedded embedded, String originalId, Set<String> group) {
    }

    private static KRow timeK(Fakebank fakebank, List<Sample> samples, int k) {
        Provenance p = new Provenance(fakebank.bank(), fakebank.hashes(),
                fakebank.config().provenance().withCandidates(k), fakebank.config().bank().nearDuplicateThreshold());
        // a new Provenance fills its in-memory signatures on first use: not part of any query's latency
        p.warmUp();
        List<double[]> ms = new ArrayList<>();
        int banked = 0;
        int hits = 0;
        int heldOut = 0;
        int falseCopies = 0;
        for (Sample s : samples) {
            // serial here: the query side (PDQ, keypoints) is part of what is timed
            long t0 = System.nanoTime();
            Optional<KnownCopy> found = p.find(s.embedded().image(), s.embedded().sha256(), s.embedded().vector(),
                    null);
            ms.add(new double[] {(System.nanoTime() - t0) / 1e6});
            if (s.originalId() != null) {
                banked++;
                if (found.isPresent() && s.group().contains(found.get().entryId())) {
                    hits++;
                }
            } else {
                heldOut++;
                if (found.isPresent()) {
                    falseCopies++;
                }
            }
        }
        return new KRow(k, pct(ms, 0.5), pct(ms, 0.99), banked == 0 ? Double.NaN : (double) hits / banked,
                heldOut == 0 ? Double.NaN : (double) falseCopies / heldOut);
    }

    private static String pdqAlone(PdqHash q, Map<String, PdqHash> bank, int maxDistance) {
        if (q.quality() < PdqHash.MIN_QUALITY) {
            return null;
        }
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (Map.Entry<String, PdqHash> e : bank.entrySet()) {
            if (e.getValue().quality() < PdqHash.MIN_QUALITY) {
                continue;
            }
            int d = e.getValue().distance(q);
            if (d <= maxDistance && d < bestD) {
                best = e.getKey();
                bestD = d;
            }
        }
        return best;
    }

    private record Outcome(String originalId, Set<String> group, String found, KnownCopy known, String pdq,
            String embedding, boolean fake, Decision decision, double ms, double originalCosine) {
    }

    private static final class Tally {
        final List<Outcome> outcomes = new ArrayList<>();

        void add(Outcome o) {
            outcomes.add(o);
        }

        Row row(String name) {
            int banked = 0;
            int heldOut = 0;
            int[] hit = new int[3];
            int[] wrong = new int[3];
            int wrongEntry = 0;
            int fakes = 0;
            int fakesFake = 0;
            Map<String, Integer> types = new LinkedHashMap<>();
            List<double[]> ms = new ArrayList<>();
            List<double[]> cos = new ArrayList<>();
            int originalNotNearest = 0;
            for (Outcome o : outcomes) {
                String[] found = {o.found(), o.pdq(), o.embedding()};
                ms.add(new double[] {o.ms()});
                if (o.known() != null) {
                    types.merge(o.known().matchType().json(), 1, Integer::sum);
                }
                if (o.originalId() != null) {
                    banked++;
                    if (Double.isNaN(o.originalCosine())) {
                        originalNotNearest++;
                    } else {
                        cos.add(new double[] {o.originalCosine()});
                    }
                    for (int s = 0; s < 3; s++) {
                        if (found[s] != null && o.group().contains(found[s])) {
                            hit[s]++;
                        }
                    }
                    if (o.found() != null && !o.group().contains(o.found())) {
                        wrongEntry++;
                    }
                    if (o.fake()) {
                        fakes++;
                        if (o.decision() == Decision.FAKE) {
                            fakesFake++;
                        }
                    }
                } else {
                    heldOut++;
                    for (int s = 0; s < 3; s++) {
                        if (found[s] != null) {
                            wrong[s]++;
                        }
                    }
                }
            }
            // false-copy rate: copies of held-out images (not in the bank) that were called a copy of something
            return new Row(name, banked, heldOut, ratio(hit[0], banked), ratio(hit[1], banked),
                    ratio(hit[2], banked), ratio(wrong[0], heldOut), ratio(wrong[1], heldOut),
                    ratio(wrong[2], heldOut), fakes, ratio(fakesFake, fakes), pct(ms, 0.5), pct(ms, 0.99), types,
                    wrongEntry, pct(cos, 0.05), pct(cos, 0.5), originalNotNearest);
        }
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static double ratio(int a, int b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    private static double pct(List<double[]> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(a -> a[0]).toArray();
        Arrays.sort(v);
        return v[Math.min(v.length - 1, (int) Math.ceil(q * v.length) - 1)];
    }

    private static String sha(Original o) {
        return fakebank.hash.Sha256.hex(o.bytes());
    }
}
