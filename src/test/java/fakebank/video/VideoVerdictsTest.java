package fakebank.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.bank.Match;
import fakebank.detect.Attribution;
import fakebank.detect.Decision;
import fakebank.detect.Verdict;
import fakebank.service.Classification;
import fakebank.video.VideoVerdicts.FrameVerdict;
import fakebank.video.VideoVerdicts.VideoVerdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The aggregation rules on hand-made frame verdicts (operating point: threshold 0.5, unsure band [0.4, 0.6)). */
class VideoVerdictsTest {
    private static Verdict frame(double p) {
        Decision d = p >= 0.6 ? Decision.FAKE : p < 0.4 ? Decision.REAL : Decision.UNSURE;
        Match near = new Match("n" + Math.round(p * 100), 0.8f, p >= 0.5 ? Label.FAKE : Label.REAL, null,
                Family.UNKNOWN, null, null);
        return new Verdict(d, p, p, p, 0.5, 0.4, 0.6, d == Decision.REAL ? Attribution.NONE
                : new Attribution("diffusion", "sd", 0.5), List.of(near), null, List.of());
    }

    private static Verdict knownFake(String id) {
        Match copy = new Match(id, 0.995f, Label.FAKE, "midjourney", Family.DIFFUSION, "known.png", null);
        return new Verdict(Decision.FAKE, 0.99, 0.7, 0.7, 0.5, 0.4, 0.6,
                new Attribution("diffusion", "midjourney", 1), List.of(copy), id, List.of());
    }

    private static VideoVerdict aggregate(Verdict... verdicts) {
        List<FrameVerdict> frames = new ArrayList<>();
        for (int i = 0; i < verdicts.length; i++) {
            frames.add(new FrameVerdict(i, i * 1.0, new Classification("sha" + i, verdicts[i], "enc", 0, 0, 0, null), null));
        }
        return VideoVerdicts.aggregate(frames, 5, List.of());
    }

    @Test
    void one_copy_of_a_known_fake_makes_the_video_fake_and_names_entry_and_time() {
        VideoVerdict v = aggregate(frame(0.1), frame(0.1), knownFake("abc"), frame(0.1));
        assertEquals(Decision.FAKE, v.verdict().verdict());
        assertEquals("abc", v.verdict().knownMatch());
        assertEquals(0.99, v.verdict().pFake(), 1e-9);
        assertEquals(1, v.known().size());
        assertEquals(2.0, v.known().getFirst().seconds(), 1e-9);
        assertEquals("abc", v.known().getFirst().match().id());
        assertEquals("midjourney", v.verdict().attribution().generator());
        assertTrue(v.reasons().getFirst().contains("t=2.0"), v.reasons().toString());
    }

    @Test
    void half_the_frames_scoring_fake_makes_the_video_fake() {
        VideoVerdict v = aggregate(frame(0.9), frame(0.8), frame(0.2), frame(0.1));
        assertEquals(Decision.FAKE, v.verdict().verdict());
        assertEquals(0.8, v.verdict().pFake(), 1e-9, "upper median");
        assertNull(v.verdict().knownMatch());
    }

    @Test
    void a_single_fake_frame_among_many_real_ones_is_unsure_not_real() {
        VideoVerdict v = aggregate(frame(0.9), frame(0.1), frame(0.1), frame(0.1), frame(0.1));
        assertEquals(Decision.UNSURE, v.verdict().verdict());
    }

    @Test
    void real_needs_every_frame_real_and_enough_frames() {
        assertEquals(Decision.REAL, aggregate(frame(0.1), frame(0.2), frame(0.3)).verdict().verdict());
        assertEquals(Decision.UNSURE, aggregate(frame(0.1), frame(0.2)).verdict().verdict(), "two frames say little");
        assertEquals(Decision.UNSURE, aggregate(frame(0.1), frame(0.2), frame(0.45), frame(0.1)).verdict().verdict(),
                "one unsure frame blocks real");
        assertEquals(Attribution.NONE, aggregate(frame(0.1), frame(0.2), frame(0.3)).verdict().attribution());
    }

    @Test
    void evidence_lists_each_entry_once_at_its_best_similarity() {
        VideoVerdict v = aggregate(knownFake("abc"), knownFake("abc"), frame(0.1));
        List<String> ids = v.verdict().matches().stream().map(Match::id).toList();
        assertEquals(List.of("abc", "n10"), ids);
        assertEquals(2, v.known().size(), "both frames that copy it are listed with their times");
    }
}
