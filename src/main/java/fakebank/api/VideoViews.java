package fakebank.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import fakebank.service.Classification;
import fakebank.video.VideoAnalyzer;
import fakebank.video.VideoInfo;
import fakebank.video.VideoVerdicts;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/**
 * The JSON of a classified video: every field of an image's verdict (so clients and the page read both alike),
 * (its {@code reasons} say how the frames decided), plus {@code media: "video"}, the header, the frames that match known images with their times, and
 * one entry per sampled frame.
 */
final class VideoViews {
    private VideoViews() {
    }

    record VideoView(@JsonUnwrapped Views.ClassifyView aggregate, String media, double durationS, int width,
            int height, List<KnownFrameView> knownFrames, List<FrameView> frames) {
    }

    record KnownFrameView(double t, Views.MatchView match) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FrameView(int index, double t, String name, String verdict, double pFake, String knownMatch,
            Views.MatchView nearest, String sha256, String thumbnail) {
    }

    static VideoView of(VideoAnalyzer.Result r, String filename, String encoder, Views.Model model,
            Predicate<String> hasThumbnail) {
        VideoVerdicts.VideoVerdict v = r.video();
        double embed = 0;
        double detect = 0;
        for (VideoVerdicts.FrameVerdict f : v.frames()) {
            embed += f.classification().embedMs();
            detect += f.classification().detectMs();
        }
        // "decode" is everything but the forward passes and bank lookups: ffprobe, ffmpeg and frame hand-over
        Classification whole = new Classification(r.sha256(), v.verdict(), encoder,
                Math.max(0, r.millis() - embed - detect), embed, detect, null);
        VideoInfo info = r.info();
        String name = filename == null || filename.isBlank() ? "video" : filename;
        return new VideoView(Views.ClassifyView.of(whole, model, hasThumbnail), "video", info.seconds(), info.width(),
                info.height(),
                v.known().stream().map(k -> new KnownFrameView(k.seconds(), Views.MatchView.of(k.match(), hasThumbnail)))
                        .toList(),
                v.frames().stream().map(f -> frame(f, name, hasThumbnail)).toList());
    }

    private static FrameView frame(VideoVerdicts.FrameVerdict f, String video, Predicate<String> hasThumbnail) {
        var verdict = f.verdict();
        return new FrameView(f.index(), f.seconds(), VideoAnalyzer.frameName(video, f.seconds()),
                verdict.verdict().json(), verdict.pFake(), verdict.knownMatch(),
                verdict.matches().isEmpty() ? null : Views.MatchView.of(verdict.matches().getFirst(), hasThumbnail),
                f.classification().sha256(),
                f.thumbnail() == null ? null
                        : "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(f.thumbnail()));
    }
}
