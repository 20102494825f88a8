package fakebank.cli;

import fakebank.video.VideoSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Video limits and sampling, shared by classify, add and serve; defaults from {@link VideoSettings#defaults}. */
final class VideoOptions {
    @Option(names = "--ffmpeg", paramLabel = "PATH", description = "ffmpeg program; ffprobe is taken from the same "
            + "folder (default: ffmpeg and ffprobe on PATH).")
    String ffmpeg;

    @Option(names = "--max-frames", description = "Most frames sampled per video (default: ${DEFAULT-VALUE}).")
    int maxFrames = VideoSettings.DEFAULT_MAX_FRAMES;

    @Option(names = "--frame-interval", paramLabel = "SECONDS", description = "Seconds between fixed-rate frame "
            + "samples, stretched so long videos are covered (default: ${DEFAULT-VALUE}).")
    double interval = VideoSettings.DEFAULT_INTERVAL;

    @Option(names = "--scene-threshold", description = "ffmpeg scene score (0-1) that also samples a frame "
            + "(default: ${DEFAULT-VALUE}).")
    double scene = VideoSettings.DEFAULT_SCENE_THRESHOLD;

    @Option(names = "--max-video-seconds", description = "Longest video accepted (default: ${DEFAULT-VALUE}).")
    double maxSeconds = VideoSettings.DEFAULT_MAX_SECONDS;

    @Option(names = "--max-video-bytes", description = "Largest video file accepted (default: ${DEFAULT-VALUE}; "
            + "the API's upload limit is --max-bytes).")
    long maxBytes = VideoSettings.DEFAULT_MAX_BYTES;

    @Option(names = "--max-video-side", description = "Largest video width or height (default: ${DEFAULT-VALUE}).")
    int maxSide = VideoSettings.DEFAULT_MAX_SIDE;

    @Option(names = "--max-video-source-frames", description = "Most frames a video may contain "
            + "(default: ${DEFAULT-VALUE}).")
    long maxSourceFrames = VideoSettings.DEFAULT_MAX_SOURCE_FRAMES;

    @Option(names = "--video-timeout", paramLabel = "SECONDS", description = "Longest one ffprobe or ffmpeg run may "
            + "take before it is killed (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = (int) VideoSettings.DEFAULT_TIMEOUT.toSeconds();

    VideoSettings settings() {
        VideoSettings s = VideoSettings.defaults();
        if (ffmpeg != null) {
            s = s.withFfmpeg(ffmpeg);
        }
        return s.withLimits(maxBytes, maxSeconds, maxSide, maxSourceFrames).withSampling(maxFrames, interval, scene)
                .withTimeout(Duration.ofSeconds(timeoutSeconds));
    }
}
