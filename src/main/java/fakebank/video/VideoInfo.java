package fakebank.video;

/**
 * What the container header says about a video's first video stream, as checked before decoding.
 *
 * @param format      ffmpeg's demuxer name ({@code mov,mp4,...} or {@code matroska,webm})
 * @param codec       the video codec (h264, vp9, ...)
 * @param width       coded width in pixels
 * @param height      coded height in pixels
 * @param seconds     declared duration
 * @param startTime   timestamp of the first frame (subtracted so frame times start at 0)
 * @param frameCount  declared or estimated number of frames, or -1 when neither is known
 */
public record VideoInfo(String format, String codec, int width, int height, double seconds, double startTime,
        long frameCount) {
}
