package fakebank.video;

import fakebank.error.BadVideoException;
import fakebank.image.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples frames from a probed video with one ffmpeg run: a frame every {@code interval} seconds plus every scene
 * change, at most {@code maxFrames}, each scaled to fit {@code frameSide} and streamed as raw RGB through a pipe
 * (ffmpeg's {@code showinfo} filter reports each frame's time and size on stderr). The decoder runs in its own
 * process: no network protocols, two demuxers, a duration cap, and a watchdog that kills it after the timeout
 * (time spent in the caller's frame handler does not count).
 */
public final class FrameSampler {
    private static final Pattern SHOWINFO = Pattern.compile(
            "Parsed_showinfo.*\\bn:\\s*(\\d+)\\s+pts:\\s*-?\\d+\\s+pts_time:(\\S+).*\\bs:(\\d+)x(\\d+)");
    private static final Pattern DECODE_ERROR = Pattern.compile(
            "(?i)(error|invalid|corrupt|truncat|partial file|end of file|missing)");

    /** One sampled frame: {@code seconds} from the start of the video. */
    public record Frame(int index, double seconds, RgbImage image) {
    }

    /** What sampling saw besides the frames: notes for the verdict's reasons (e.g. the frame cap was reached). */
    public record Summary(int frames, boolean capped, double lastSeconds, List<String> notes) {
    }

    private record Info(double ptsTime, int width, int height) {
    }

    private static final Info END = new Info(Double.NaN, 0, 0);

    private final VideoSettings settings;

    public FrameSampler(VideoSettings settings) {
        this.settings = settings;
    }

    /** Seconds between fixed-rate samples for a video of this length: long videos get evenly spread samples. */
    double interval(double seconds) {
        return Math.max(settings.interval(), 2 * seconds / settings.maxFrames());
    }

    /** The ffmpeg command line (public for the docs and tests: no shell is involved). */
    List<String> command(Path file, VideoInfo info) {
        double every = interval(info.seconds());
        // Fixed-rate frames sit on an absolute grid (the first frame in each `every`-long cell), so scene-change
        // frames never push it back. A scene change is taken only while the budget still leaves room for the
        // grid frames to come, so the samples always reach the end of the video.
        long gridLeft = (long) Math.floor((info.startTime() + info.seconds() - 1e-3) / every);
        String select = String.format(Locale.ROOT, "select='gt(isnan(prev_selected_t)"
                + "+gt(floor(t/%1$s)-floor(prev_selected_t/%1$s)\\,0)"
                + "+gt(scene\\,%2$s)*lte(selected_n+1+%3$d-floor(t/%1$s)\\,%4$d)\\,0)'",
                every, settings.sceneThreshold(), gridLeft, settings.maxFrames());
        String scale = String.format(Locale.ROOT, "scale=w='min(iw\\,%d)':h='min(ih\\,%d)'"
                + ":force_original_aspect_ratio=decrease", settings.frameSide(), settings.frameSide());
        return List.of(settings.ffmpeg(), "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info",
                "-protocol_whitelist", "file,pipe", "-format_whitelist", VideoFormats.DEMUXERS,
                "-threads", "1", "-t", String.format(Locale.ROOT, "%.3f", settings.maxSeconds()),
                "-i", "file:" + file.toAbsolutePath(),
                "-map", "0:v:0", "-an", "-sn", "-dn", "-filter_threads", "1",
                "-vf", select + "," + scale + ",showinfo",
                "-fps_mode", "passthrough", "-frames:v", Integer.toString(settings.maxFrames()),
                "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1");
    }

    /**
     * Hands each sampled frame to {@code sink} as it is decoded, in time order. Throws {@link BadVideoException}
     * when no frame decodes, when the decoder stops early with errors (a truncated file), or on timeout.
     */
    public Summary sample(Path file, VideoInfo info, Consumer<Frame> sink) {
        Process p = Tools.start(command(file, info));
        BlockingQueue<Info> infos = new LinkedBlockingQueue<>();
        ProcessOutput err = new ProcessOutput();
        List<String> errors = new ArrayList<>();
        Thread.startVirtualThread(() -> {
            err.drain(p.getErrorStream(), line -> {
                Matcher m = SHOWINFO.matcher(line);
                if (m.find()) {
                    infos.add(new Info(parse(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
                } else if (DECODE_ERROR.matcher(line).find() && errors.size() < 5) {
                    synchronized (errors) {
                        errors.add(line);
                    }
                }
            });
            infos.add(END);
        });
        AtomicLong deadline = new AtomicLong(System.nanoTime() + settings.timeout().toNanos());
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = Thread.startVirtualThread(() -> watch(p, deadline, timedOut));
        int count = 0;
        double last = 0;
        try (InputStream frames = p.getInputStream()) {
            while (count < settings.maxFrames()) {
                // the watchdog kills a decoder past its deadline, which ends stderr and queues END
                Info next = infos.poll(settings.timeout().toMillis() + 10_000, TimeUnit.MILLISECONDS);
                if (next == null) {
                    timedOut.set(true);
                    break;
                }
                if (next == END) {
                    break;
                }
                int bytes = Math.multiplyExact(Math.multiplyExact(next.width(), next.height()), 3);
                byte[] rgb = frames.readNBytes(bytes);
                if (rgb.length < bytes) {
                    break; // the decoder ended mid-frame
                }
                double seconds = Math.max(0, next.ptsTime() - info.startTime());
                long t0 = System.nanoTime();
                sink.accept(new Frame(count, seconds, image(rgb, next.width(), next.height())));
                deadline.addAndGet(System.nanoTime() - t0); // the caller's time is not the decoder's
                count++;
                last = seconds;
            }
        } catch (IOException e) {
            // the decoder closed its output: handled below as an early end
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadVideoException("interrupted while decoding the video");
        } finally {
            watchdog.interrupt();
            Tools.kill(p);
        }
        if (timedOut.get()) {
            throw new BadVideoException("decoding the video took longer than " + settings.timeout().toSeconds()
                    + " s (limit); a pathological or very high-resolution file?");
        }
        return summarize(file, info, count, last, err, errors);
    }

    private Summary summarize(Path file, VideoInfo info, int count, double last, ProcessOutput err,
            List<String> errors) {
        List<String> decodeErrors;
        synchronized (errors) {
            decodeErrors = List.copyOf(errors);
        }
        if (count == 0) {
            String why = decodeErrors.isEmpty() ? VideoProbe.reason(err.tail(), file)
                    : VideoProbe.reason(decodeErrors, file);
            throw new BadVideoException("no frame of the video could be decoded: " + why);
        }
        boolean capped = count >= settings.maxFrames();
        double slack = 2 * interval(info.seconds()) + 1;
        boolean endedEarly = !capped && last < info.seconds() - slack;
        List<String> notes = new ArrayList<>();
        if (endedEarly) {
            // judging the part that decoded would hide whatever the missing part holds
            throw new BadVideoException(String.format(Locale.ROOT, "the video is damaged or truncated: frames stop "
                    + "at %.1f s of the %.1f s its header declares%s", last, info.seconds(),
                    decodeErrors.isEmpty() ? "" : " (" + VideoProbe.reason(decodeErrors, file) + ")"));
        }
        if (capped && last < info.seconds() - slack) {
            notes.add(String.format(Locale.ROOT, "the frame limit (%d) was reached at %.1f s of %.1f s",
                    settings.maxFrames(), last, info.seconds()));
        }
        return new Summary(count, capped, last, List.copyOf(notes));
    }

    private static void watch(Process p, AtomicLong deadline, AtomicBoolean timedOut) {
        try {
            while (p.isAlive()) {
                long left = deadline.get() - System.nanoTime();
                if (left <= 0) {
                    timedOut.set(true);
                    p.destroyForcibly();
                    return;
                }
                Thread.sleep(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
            }
        } catch (InterruptedException e) {
            // sampling finished
        }
    }

    private static RgbImage image(byte[] rgb, int width, int height) {
        int[] pixels = new int[width * height];
        for (int i = 0, j = 0; i < pixels.length; i++, j += 3) {
            pixels[i] = (rgb[j] & 0xFF) << 16 | (rgb[j + 1] & 0xFF) << 8 | (rgb[j + 2] & 0xFF);
        }
        return new RgbImage(width, height, pixels, "video");
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
