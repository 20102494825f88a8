package fakebank.video;

import fakebank.bank.Label;
import fakebank.bank.Match;
import fakebank.detect.Attribution;
import fakebank.detect.Decision;
import fakebank.detect.Reason;
import fakebank.detect.Verdict;
import fakebank.provenance.KnownCopy;
import fakebank.service.Classification;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns per-frame verdicts into one verdict for the video. Frames are scored by the same detector and operating
 * point as stills (docs/video.md has what was measured on frames); the aggregate is deliberately lopsided because
 * a wrong {@code real} is the worst outcome:
 * <ul>
 *   <li>{@code fake} when any frame is a known fake (a copy of a fake bank entry), or when at least
 *       {@link #FAKE_SHARE} of the frames are called fake;</li>
 *   <li>{@code real} only when every frame is called real and there are at least {@link #MIN_REAL_FRAMES} of
 *       them: one real-looking frame says little about the rest of a video;</li>
 *   <li>{@code unsure} otherwise.</li>
 * </ul>
 * {@code pFake} is the upper median of the frames' {@code pFake} (the value at least half the frames reach), so it
 * agrees with the share rule; a known fake lifts it to that frame's score.
 */
public final class VideoVerdicts {
    public static final double FAKE_SHARE = 0.5;
    public static final int MIN_REAL_FRAMES = 3;

    /** One classified frame: what the image path said about it, and a small JPEG of it when asked for. */
    public record FrameVerdict(int index, double seconds, Classification classification, byte[] thumbnail) {
        public Verdict verdict() {
            return classification.verdict();
        }
    }

    /** A frame whose closest bank entry decided it: the entry and where in the video it was seen. */
    public record KnownFrame(double seconds, Match match) {
    }

    /** The video's verdict (same shape as an image's), the frames it rests on, and why, in words. */
    public record VideoVerdict(Verdict verdict, List<FrameVerdict> frames, List<KnownFrame> known,
            List<String> reasons) {
    }

    private VideoVerdicts() {
    }

    public static VideoVerdict aggregate(List<FrameVerdict> frames, int evidence, List<String> notes) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a video verdict needs at least one frame");
        }
        List<KnownFrame> known = new ArrayList<>();
        int fakes = 0;
        int reals = 0;
        FrameVerdict firstKnownFake = null;
        FrameVerdict mostFake = frames.getFirst();
        for (FrameVerdict f : frames) {
            Verdict v = f.verdict();
            if (v.verdict() == Decision.FAKE) {
                fakes++;
            } else if (v.verdict() == Decision.REAL) {
                reals++;
            }
            if (v.pFake() > mostFake.verdict().pFake()) {
                mostFake = f;
            }
            Match m = knownMatch(v);
            if (m != null) {
                known.add(new KnownFrame(f.seconds(), m));
                if (m.label() == Label.FAKE && v.verdict() == Decision.FAKE && firstKnownFake == null) {
                    firstKnownFake = f;
                }
            }
        }
        int n = frames.size();
        List<String> reasons = new ArrayList<>();
        Decision decision;
        double pFake = upperMedian(frames, Verdict::pFake);
        String knownId = null;
        if (firstKnownFake != null) {
            decision = Decision.FAKE;
            knownId = firstKnownFake.verdict().knownMatch();
            pFake = Math.max(pFake, firstKnownFake.verdict().pFake());
            long knownFakes = known.stream().filter(k -> k.match().label() == Label.FAKE).count();
            reasons.add(String.format(Locale.ROOT, "%d of %d frames are copies of known fakes (first at t=%s: %s)",
                    knownFakes, n, VideoAnalyzer.time(firstKnownFake.seconds()), knownId));
        } else if (fakes >= Math.ceil(FAKE_SHARE * n)) {
            decision = Decision.FAKE;
            reasons.add(fakes + " of " + n + " frames score as fake (at least " + Math.round(FAKE_SHARE * 100)
                    + "% needed)");
        } else if (reals == n && n >= MIN_REAL_FRAMES) {
            decision = Decision.REAL;
            long knownReal = known.stream().filter(k -> k.match().label() == Label.REAL).count();
            reasons.add("all " + n + " frames score as real" + (knownReal == 0 ? ""
                    : " (" + knownReal + " of them copies of known real photos)"));
        } else {
            decision = Decision.UNSURE;
            reasons.add(n < MIN_REAL_FRAMES && reals == n
                    ? "only " + n + " frame(s) sampled; real needs at least " + MIN_REAL_FRAMES + " real frames"
                    : fakes + " fake, " + reals + " real and " + (n - fakes - reals) + " unsure of " + n
                            + " frames: not enough for either");
        }
        reasons.addAll(notes);
        Verdict first = frames.getFirst().verdict();
        Attribution attribution = decision == Decision.REAL ? Attribution.NONE
                : (firstKnownFake != null ? firstKnownFake : mostFake).verdict().attribution();
        Verdict v = new Verdict(decision, pFake, upperMedian(frames, Verdict::pFakeKnn),
                upperMedian(frames, Verdict::pFakeProbe), first.threshold(), first.unsureLow(), first.unsureHigh(),
                attribution, evidence(frames, evidence), knownId,
                firstKnownFake == null ? null : firstKnownFake.verdict().known(),
                reasons.stream().map(r -> new Reason(Reason.FRAMES, r)).toList());
        return new VideoVerdict(v, List.copyOf(frames), List.copyOf(known), List.copyOf(reasons));
    }

    /**
     * The bank entry that decided a frame by itself, or null: from the evidence list, else (a PDQ or keypoint copy
     * of an entry that is not among the nearest embeddings) from the verdict's known copy.
     */
    static Match knownMatch(Verdict v) {
        if (v.knownMatch() == null) {
            return null;
        }
        Match listed = v.matches().stream().filter(m -> m.id().equals(v.knownMatch())).findFirst().orElse(null);
        KnownCopy k = v.known();
        if (listed != null || k == null) {
            return listed;
        }
        float similarity = k.similarity() == null ? 1f : k.similarity().floatValue();
        return new Match(k.entryId(), similarity, k.label(), k.generator(), k.family(), k.source(), null);
    }

    /** The closest entries over all frames, each entry once at its best similarity. */
    private static List<Match> evidence(List<FrameVerdict> frames, int count) {
        Map<String, Match> best = new LinkedHashMap<>();
        for (FrameVerdict f : frames) {
            for (Match m : f.verdict().matches()) {
                best.merge(m.id(), m, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        return best.values().stream().sorted(Comparator.naturalOrder()).limit(count).toList();
    }

    private static double upperMedian(List<FrameVerdict> frames, java.util.function.ToDoubleFunction<Verdict> score) {
        double[] values = frames.stream().mapToDouble(f -> score.applyAsDouble(f.verdict())).toArray();
        if (Arrays.stream(values).anyMatch(Double::isNaN)) {
            return Double.NaN;
        }
        Arrays.sort(values);
        return values[values.length / 2];
    }
}
