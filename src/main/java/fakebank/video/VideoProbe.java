package fakebank.video;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fakebank.error.BadVideoException;
import fakebank.error.TooLargeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads a video's header with ffprobe (no frame decoded) and enforces every {@link VideoSettings} limit on it:
 * bytes, declared duration, width and height, and frame count. Only local files, only the MP4/MOV and Matroska
 * demuxers. Thread-safe.
 */
public final class VideoProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_JSON = 256 * 1024;

    private final VideoSettings settings;

    public VideoProbe(VideoSettings settings) {
        this.settings = settings;
    }

    public VideoInfo probe(Path file) {
        long size = size(file);
        if (size == 0) {
            throw new BadVideoException("empty file: zero bytes is not a video");
        }
        if (size > settings.maxBytes()) {
            throw new TooLargeException("the video is " + size + " bytes; the limit is " + settings.maxBytes());
        }
        JsonNode root = parse(run(file));
        JsonNode stream = root.path("streams").path(0);
        JsonNode format = root.path("format");
        if (stream.isMissingNode()) {
            throw new BadVideoException("the file has no video stream");
        }
        int width = stream.path("width").asInt(0);
        int height = stream.path("height").asInt(0);
        if (width <= 0 || height <= 0) {
            throw new BadVideoException("the video stream declares no frame size");
        }
        if (width > settings.maxSide() || height > settings.maxSide()) {
            throw new TooLargeException("the video is " + width + "x" + height + "; the limit is "
                    + settings.maxSide() + " pixels a side");
        }
        double seconds = number(stream.path("duration"));
        if (!(seconds > 0)) {
            seconds = clock(stream.path("tags").path("DURATION").asText("")); // Matroska keeps it per stream here
        }
        if (!(seconds > 0)) {
            seconds = number(format.path("duration"));
        }
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new BadVideoException("the video does not declare its duration (a live stream or an unfinished "
                    + "recording?); remux it first, e.g. ffmpeg -i in.webm -c copy out.mkv");
        }
        if (seconds > settings.maxSeconds()) {
            throw new TooLargeException(String.format(Locale.ROOT, "the video lasts %.1f s; the limit is %.0f s",
                    seconds, settings.maxSeconds()));
        }
        long frames = stream.path("nb_frames").asLong(-1);
        double fps = rate(stream.path("avg_frame_rate").asText(""));
        if (frames <= 0 && fps > 0) {
            frames = (long) Math.ceil(seconds * fps);
        }
        if (frames > settings.maxSourceFrames()) {
            throw new TooLargeException("the video has " + frames + " frames; the limit is "
                    + settings.maxSourceFrames());
        }
        double start = number(stream.path("start_time"));
        return new VideoInfo(format.path("format_name").asText(""), stream.path("codec_name").asText(""), width,
                height, seconds, Double.isFinite(start) ? start : 0, frames);
    }

    private String run(Path file) {
        List<String> command = List.of(settings.ffprobe(), "-v", "error", "-protocol_whitelist", "file,pipe",
                "-format_whitelist", VideoFormats.DEMUXERS, "-select_streams", "v:0", "-show_entries",
                "format=format_name,duration:stream=codec_name,width,height,duration,start_time,nb_frames,"
                        + "avg_frame_rate:stream_tags=DURATION", "-of", "json", "file:" + file.toAbsolutePath());
        Process p = Tools.start(command);
        try {
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()),
                    Thread::startVirtualThread);
            ProcessOutput err = new ProcessOutput();
            CompletableFuture<Void> errDone = CompletableFuture.runAsync(() -> err.drain(p.getErrorStream(), l -> {
            }), Thread::startVirtualThread);
            if (!p.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new BadVideoException("reading the video's header took longer than "
                        + settings.timeout().toSeconds() + " s");
            }
            String json = out.join();
            errDone.join();
            if (p.exitValue() != 0) {
                throw new BadVideoException("not a readable MP4, MOV, WebM or MKV video: " + reason(err.tail(), file));
            }
            return json;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadVideoException("interrupted while reading the video's header");
        } finally {
            Tools.kill(p);
        }
    }

    /** ffprobe's last message without the (possibly temporary) file name it starts with. */
    static String reason(List<String> lines, Path file) {
        String last = lines.isEmpty() ? "unknown error" : lines.getLast();
        String name = "file:" + file.toAbsolutePath();
        last = last.replace(name + ": ", "").replace(name, "the file");
        return last.replaceAll("^\\[[^\\]]*\\] ", "");
    }

    private static String read(java.io.InputStream in) {
        try {
            return ProcessOutput.readBounded(in, MAX_JSON);
        } catch (IOException e) {
            return "";
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new BadVideoException("ffprobe gave no readable description of the video");
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static double number(JsonNode n) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        try {
            return n.isTextual() ? Double.parseDouble(n.asText()) : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Matroska's "00:01:02.500000000" as 62.5; NaN when absent or malformed. */
    static double clock(String hms) {
        String[] parts = hms.strip().split(":");
        if (parts.length != 3) {
            return Double.NaN;
        }
        try {
            return Integer.parseInt(parts[0]) * 3600.0 + Integer.parseInt(parts[1]) * 60.0
                    + Double.parseDouble(parts[2]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** "30000/1001" as 29.97; 0 when unknown ("0/0"). */
    static double rate(String fraction) {
        String[] parts = fraction.split("/");
        try {
            double num = Double.parseDouble(parts[0]);
            double den = parts.length > 1 ? Double.parseDouble(parts[1]) : 1;
            return den > 0 && num > 0 ? num / den : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
