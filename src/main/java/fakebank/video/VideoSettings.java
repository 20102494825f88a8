package fakebank.video;

import java.time.Duration;

/**
 * Limits and sampling for videos, checked once here. Every limit except the timeout is checked from the container
 * header (ffprobe) before a single frame is decoded; the timeout and {@code -t maxSeconds} bound the decode itself
 * in case the header lies.
 *
 * @param ffmpeg          the ffmpeg program (a name looked up on PATH, or a path)
 * @param ffprobe         the ffprobe program
 * @param maxBytes        largest video file accepted
 * @param maxSeconds      longest duration accepted (the header must declare one)
 * @param maxSide         largest width or height accepted
 * @param maxSourceFrames most frames the container may hold (every frame is decoded for scene detection)
 * @param maxFrames       most frames sampled and classified per video (N)
 * @param interval        seconds between fixed-rate samples; stretched to {@code 2 * duration / maxFrames} for long
 *                        videos so the samples cover the whole video
 * @param sceneThreshold  ffmpeg scene score (0..1) above which a frame counts as a scene change and is sampled too
 * @param frameSide       longest side of a sampled frame as handed to the image path (smaller frames kept as is)
 * @param timeout         longest an ffprobe or ffmpeg run may take before it is killed
 */
public record VideoSettings(
        String ffmpeg,
        String ffprobe,
        long maxBytes,
        double maxSeconds,
        int maxSide,
        long maxSourceFrames,
        int maxFrames,
        double interval,
        double sceneThreshold,
        int frameSide,
        Duration timeout) {

    public static final long DEFAULT_MAX_BYTES = 200L * 1024 * 1024;
    public static final double DEFAULT_MAX_SECONDS = 600;
    public static final int DEFAULT_MAX_SIDE = 4096;
    public static final long DEFAULT_MAX_SOURCE_FRAMES = 36_000;
    public static final int DEFAULT_MAX_FRAMES = 32;
    public static final double DEFAULT_INTERVAL = 1.0;
    public static final double DEFAULT_SCENE_THRESHOLD = 0.3;
    public static final int DEFAULT_FRAME_SIDE = 640;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public VideoSettings {
        if (ffmpeg == null || ffmpeg.isBlank() || ffprobe == null || ffprobe.isBlank()) {
            throw new IllegalArgumentException("ffmpeg and ffprobe must be named");
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        if (!(maxSeconds > 0)) {
            throw new IllegalArgumentException("maxSeconds must be positive");
        }
        if (maxSide < 16) {
            throw new IllegalArgumentException("maxSide must be at least 16");
        }
        if (maxSourceFrames < 1) {
            throw new IllegalArgumentException("maxSourceFrames must be positive");
        }
        if (maxFrames < 1 || maxFrames > 1000) {
            throw new IllegalArgumentException("maxFrames must be between 1 and 1000, got " + maxFrames);
        }
        if (!(interval > 0)) {
            throw new IllegalArgumentException("interval must be positive");
        }
        if (!(sceneThreshold > 0 && sceneThreshold <= 1)) {
            throw new IllegalArgumentException("sceneThreshold must be in (0, 1]");
        }
        if (frameSide < 32) {
            throw new IllegalArgumentException("frameSide must be at least 32");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    public static VideoSettings defaults() {
        return new VideoSettings("ffmpeg", "ffprobe", DEFAULT_MAX_BYTES, DEFAULT_MAX_SECONDS, DEFAULT_MAX_SIDE,
                DEFAULT_MAX_SOURCE_FRAMES, DEFAULT_MAX_FRAMES, DEFAULT_INTERVAL, DEFAULT_SCENE_THRESHOLD,
                DEFAULT_FRAME_SIDE, DEFAULT_TIMEOUT);
    }

    /** ffmpeg at {@code program}; ffprobe beside it when a folder is given, else by name on PATH. */
    public VideoSettings withFfmpeg(String program) {
        int slash = program.lastIndexOf('/');
        String probe = slash < 0 ? "ffprobe" : program.substring(0, slash + 1) + "ffprobe";
        return new VideoSettings(program, probe, maxBytes, maxSeconds, maxSide, maxSourceFrames, maxFrames, interval,
                sceneThreshold, frameSide, timeout);
    }

    public VideoSettings withLimits(long bytes, double seconds, int side, long sourceFrames) {
        return new VideoSettings(ffmpeg, ffprobe, bytes, seconds, side, sourceFrames, maxFrames, interval,
                sceneThreshold, frameSide, timeout);
    }

    public VideoSettings withSampling(int frames, double everySeconds, double scene) {
        return new VideoSettings(ffmpeg, ffprobe, maxBytes, maxSeconds, maxSide, maxSourceFrames, frames, everySeconds,
                scene, frameSide, timeout);
    }

    public VideoSettings withTimeout(Duration t) {
        return new VideoSettings(ffmpeg, ffprobe, maxBytes, maxSeconds, maxSide, maxSourceFrames, maxFrames, interval,
                sceneThreshold, frameSide, t);
    }
}
