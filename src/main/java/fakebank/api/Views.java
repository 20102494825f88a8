package fakebank.api;

import fakebank.provenance.CopyEvidence;
import fakebank.provenance.HashEntry;
import fakebank.provenance.HashList;
import fakebank.provenance.KnownCopy;
import fakebank.service.Fakebank;
import fakebank.service.RetrainStatus;
import com.fasterxml.jackson.annotation.JsonInclude;
import fakebank.bank.AddResult;
import fakebank.bank.BankStats;
import fakebank.bank.Entry;
import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.bank.Match;
import fakebank.detect.Attribution;
import fakebank.detect.CvMetrics;
import fakebank.detect.DetectorModel;
import fakebank.detect.OperatingPoint;
import fakebank.detect.Reason;
import fakebank.detect.Verdict;
import fakebank.embed.ModelManifest;
import fakebank.metadata.MetadataReport;
import fakebank.service.Classification;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The JSON shapes of the API (serialised with snake_case names). Kept apart from the service records so the wire
 * format changes only on purpose.
 */
final class Views {
    private Views() {
    }

    record Model(String name, String version) {
        static Model of(ModelManifest m) {
            return new Model(m.name(), m.version());
        }
    }

    /** Raw scores; {@code probe} is null when the detector has no linear probe (a small or one-class bank). */
    record Scores(Double knn, Double probe) {
    }

    record Timing(double decode, double embed, double detect, double total) {
    }

    /**
     * {@code sourceUrl} is a link derived from {@code source} where one can be (GitHub, Debian, http), else null.
     * {@code thumbnailUrl} is null when the entry keeps no thumbnail ({@code hasThumbnail} false: its licence
     * does not allow one), so clients never request a picture that is not there.
     */
    record MatchView(String id, double similarity, String label, String generator, String family, String source,
            String thumbnailUrl, String sourceUrl, String sourceNote, boolean hasThumbnail) {
        static MatchView of(Match m, Predicate<String> hasThumbnail) {
            SourceLink link = SourceLink.of(m.source());
            boolean thumb = hasThumbnail.test(m.id());
            return new MatchView(m.id(), round(m.similarity(), 6), json(m.label()), m.generator(), json(m.family()),
                    m.source(), thumb ? Views.thumbnailUrl(m.id()) : null, link == null ? null : link.url(),
                    link == null ? null : link.note(), thumb);
        }
    }

    /** Why a verdict is what it is: a code ({@code known_match}, {@code score}, {@code novel}, ...) and a sentence. */
    record ReasonView(String code, String detail) {
        static List<ReasonView> of(List<Reason> reasons) {
            return reasons.stream().map(r -> new ReasonView(r.code(), r.detail())).toList();
        }
    }

    record ClassifyView(String verdict, double pFake, Scores scores, double threshold, double[] unsureBand,
            String family, String generator, double attributionConfidence, List<MatchView> matches, Model model,
            String sha256, Timing timingMs, String knownMatch, String matchType, KnownView known,
            List<ReasonView> reasons, MetadataReport metadata) {
        static ClassifyView of(Classification c, Model model, Predicate<String> hasThumbnail) {
            Verdict v = c.verdict();
            Attribution a = v.attribution() == null ? Attribution.NONE : v.attribution();
            return new ClassifyView(v.verdict().json(), v.pFake(), new Scores(finite(v.pFakeKnn()), finite(v.pFakeProbe())),
                    v.threshold(), new double[] {v.unsureLow(), v.unsureHigh()}, a.family(), a.generator(),
                    a.confidence(), Views.matches(v.matches(), hasThumbnail), model, c.sha256(),
                    new Timing(round(c.decodeMs(), 2), round(c.embedMs(), 2), round(c.detectMs(), 2),
                            round(c.totalMs(), 2)), v.knownMatch(),
                    v.matchType() == null ? null : v.matchType().json(), KnownView.of(v.known(), hasThumbnail),
                    ReasonView.of(v.reasons()), c.metadata());
        }
    }

    /**
     * The known image a query was recognised as: how ({@code matchType}), the entry's label and origin, and the
     * evidence (cosine, PDQ distance, geometric copy evidence). Hash-only entries, and entries whose licence
     * allows no thumbnail, have none: {@code thumbnailUrl} is then null and {@code hasThumbnail} false.
     */
    record KnownView(String id, String matchType, String label, String generator, String family, String source,
            Double similarity, Integer pdqDistance, boolean hashOnly, CopyView copy, String thumbnailUrl,
            boolean hasThumbnail, String sourceUrl, String sourceNote) {
        static KnownView of(KnownCopy k, Predicate<String> hasThumbnail) {
            if (k == null) {
                return null;
            }
            boolean thumb = !k.hashOnly() && hasThumbnail.test(k.entryId());
            SourceLink link = SourceLink.of(k.source());
            return new KnownView(k.entryId(), k.matchType().json(), json(k.label()), k.generator(), json(k.family()),
                    k.source(), k.similarity() == null ? null : round(k.similarity(), 6), k.pdqDistance(), k.hashOnly(),
                    CopyView.of(k.copy()), thumb ? Views.thumbnailUrl(k.entryId()) : null, thumb,
                    link == null ? null : link.url(), link == null ? null : link.note());
        }
    }

    /** Geometric copy evidence; regions are [x0, y0, x1, y1] fractions of the bank image and of the query. */
    record CopyView(int inliers, int matches, double confidence, List<Double> region, List<Double> queryRegion,
            Transform transform) {
        static CopyView of(CopyEvidence c) {
            return c == null ? null : new CopyView(c.inliers(), c.matches(), c.confidence(), c.region(),
                    c.queryRegion(), new Transform(c.mirrored(), c.rotation(), c.scale()));
        }
    }

    /** How the bank image was changed into the query: mirrored, rotated (degrees, clockwise), scaled. */
    record Transform(boolean mirrored, double rotation, double scale) {
    }

    /** A hash-only entry within the PDQ threshold of a searched image: never a thumbnail, only a hash. */
    record HashMatchView(String id, int pdqDistance, String label, String generator, String family, String source,
            boolean hashOnly, boolean hasThumbnail) {
        static HashMatchView of(HashList.Hit h) {
            HashEntry e = h.entry();
            return new HashMatchView(e.id(), h.distance(), json(e.label()), e.generator(), json(e.family()),
                    e.source(), true, false);
        }
    }

    record MatchesView(List<MatchView> matches, List<HashMatchView> hashMatches) {
        static MatchesView of(List<Match> matches, List<HashList.Hit> hits, Predicate<String> hasThumbnail) {
            return new MatchesView(Views.matches(matches, hasThumbnail), hits.stream().map(HashMatchView::of).toList());
        }
    }

    /** A hash-only entry: a shared PDQ hash with its label and origin, no pixels. */
    record HashEntryView(String id, String pdq, int quality, String label, String generator, String family,
            String source, String note, String addedAt, String addedBy, boolean hashOnly) {
        static HashEntryView of(HashEntry e) {
            return new HashEntryView(e.id(), e.pdq().hex(), e.pdq().quality(), json(e.label()), e.generator(),
                    json(e.family()), e.source(), e.note(), e.addedAt().toString(), e.addedBy(), true);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AddView(String id, String sha256, Boolean duplicate, String nearDuplicateOf, Double nearSimilarity,
            String url) {
        static AddView of(AddResult r) {
            return new AddView(r.id(), r.sha256(), r.duplicate() ? Boolean.TRUE : null, r.nearDuplicateOf(),
                    r.nearSimilarity() == null ? null : round(r.nearSimilarity(), 6), "/v1/images/" + r.id());
        }
    }

    record EntryView(String id, String sha256, String label, String generator, String family, String source,
            String note, String addedAt, String addedBy, String encoder, boolean hasThumbnail, boolean hasOriginal,
            boolean deleted, String deleteReason, String thumbnailUrl) {
        static EntryView of(Entry e) {
            return new EntryView(e.id(), e.sha256(), json(e.label()), e.generator(), json(e.family()), e.source(),
                    e.note(), e.addedAt() == null ? null : e.addedAt().toString(), e.addedBy(), e.encoder(),
                    e.hasThumbnail(), e.hasOriginal(), e.deleted(), e.deleteReason(),
                    e.hasThumbnail() ? Views.thumbnailUrl(e.id()) : null);
        }
    }

    record StatsView(long live, long deleted, Map<String, Long> byLabel, Map<String, Long> byFamily,
            Map<String, Long> byGenerator, long bytesOnDisk, String encoder, int dim, long version, Model model,
            Fakebank.HashStats hashOnly, DetectorView detector, RetrainStateView retrain) {
        static StatsView of(BankStats s, Model model, Fakebank.HashStats hashOnly, DetectorModel detector,
                RetrainStatus retrain) {
            return new StatsView(s.live(), s.deleted(), s.byLabel(), s.byFamily(), s.byGenerator(), s.bytesOnDisk(),
                    s.encoder(), s.dim(), s.version(), model, hashOnly, DetectorView.of(detector),
                    RetrainStateView.of(retrain));
        }
    }

    /** The latest retrain request: state idle, queued, running, done or failed; times are ISO-8601 or null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RetrainStateView(String state, String requestedBy, boolean augment, String requestedAt, String startedAt,
            String finishedAt, String error, Long bankVersion) {
        static RetrainStateView of(RetrainStatus r) {
            return new RetrainStateView(r.state(), r.requestedBy(), r.augment(), text(r.requestedAt()),
                    text(r.startedAt()), text(r.finishedAt()), r.error(), r.bankVersion() < 0 ? null : r.bankVersion());
        }

        private static String text(java.time.Instant t) {
            return t == null ? null : t.toString();
        }
    }

    /** {@code POST} and {@code GET /v1/retrain}: the request's state and a summary of the detector now in use. */
    record RetrainView(RetrainStateView retrain, ModelSummary model) {
        static RetrainView of(RetrainStatus r, DetectorModel inUse) {
            return new RetrainView(RetrainStateView.of(r), inUse == null ? null : ModelSummary.of(inUse));
        }
    }

    /**
     * What the detector can decide: {@code capability} says it in one sentence (for example that the scores
     * cannot separate at the targets, so every verdict not decided by a known image is unsure). Null cut values
     * mean that side is never decided. {@code status} is "loading" before the first model is ready.
     */
    record DetectorView(String status, boolean decidesReal, boolean decidesFake, Double tReal, Double tFake,
            Double targetFpr, Double targetMiss, Double noveltySimilarity, String capability, long bankVersion) {
        static DetectorView of(DetectorModel m) {
            if (m == null) {
                return new DetectorView("loading", false, false, null, null, null, null, null,
                        "The detector is still loading.", -1);
            }
            OperatingPoint op = m.operatingPoint();
            boolean commits = m.status().canCommit();
            boolean real = commits && op.decidesReal();
            boolean fake = commits && op.decidesFake();
            return new DetectorView(m.status().name().toLowerCase(Locale.ROOT), real, fake,
                    real ? op.unsureLow() : null, fake ? op.unsureHigh() : null, m.targetFpr(), m.targetMiss(),
                    m.novelty().quantile() > 0 ? m.novelty().similarity() : null, m.capability(), m.bankVersion());
        }
    }

    /** {@code status} is {@code ok}, or {@code degraded} with the {@code problem} while storage is failing. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Health(String status, long bank, Model model, String problem) {
    }

    record Deleted(String id, boolean deleted) {
    }

    /** What a retrain produced: enough to judge it, without the weights. */
    record ModelSummary(String status, String note, long bankVersion, String trainedAt, int dimension,
            double threshold, double[] unsureBand, double targetFpr, Metrics metrics, DetectorView detector) {
        static ModelSummary of(DetectorModel m) {
            OperatingPoint op = m.operatingPoint();
            CvMetrics c = m.metrics();
            return new ModelSummary(m.status().name().toLowerCase(Locale.ROOT), m.note(), m.bankVersion(),
                    m.trainedAt(), m.dimension(), op.threshold(), new double[] {op.unsureLow(), op.unsureHigh()},
                    m.targetFpr(), new Metrics(c.n(), c.nReal(), c.nFake(), c.nAugmented(), c.folds(), finite(c.auc()),
                            finite(c.aucKnn()), finite(c.aucProbe()), finite(c.averagePrecision()),
                            finite(c.accuracy()), finite(c.balancedAccuracy()), finite(c.fprAtThreshold()),
                            finite(c.tprAtThreshold()), finite(c.unsureRate()), c.notes()), DetectorView.of(m));
        }
    }

    /** Cross-validated quality; rank metrics are null when the model could not be cross-validated. */
    record Metrics(int n, int nReal, int nFake, int nAugmented, int folds, Double auc, Double aucKnn, Double aucProbe,
            Double averagePrecision, Double accuracy, Double balancedAccuracy, Double fprAtThreshold,
            Double tprAtThreshold, Double unsureRate, List<String> notes) {
    }

    /** JSON has no NaN: undefined scores are null. */
    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static List<MatchView> matches(List<Match> matches, Predicate<String> hasThumbnail) {
        return matches.stream().map(m -> MatchView.of(m, hasThumbnail)).toList();
    }

    static String thumbnailUrl(String id) {
        return "/v1/images/" + id + "/thumbnail";
    }

    static String json(Label l) {
        return l == null ? null : l.json();
    }

    static String json(Family f) {
        return f == null ? null : f.json();
    }

    static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }
}
