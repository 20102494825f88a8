package fakebank.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Small clips the tests make themselves with ffmpeg from generated stills: each still is shown for a few seconds at
 * 10 fps (so every still change is a hard cut), encoded with H.264 (mp4, mov, mkv) or VP8 (webm).
 */
public final class TestVideos {
    private TestVideos() {
    }

    /** Skips outside CI when ffmpeg is not installed; in CI (.ci/run installs it) a missing ffmpeg fails. */
    public static void assumeFfmpeg() {
        boolean present = runs("ffmpeg", "-version") && runs("ffprobe", "-version");
        if (TestPaths.inCi()) {
            if (!present) {
                throw new IllegalStateException("ffmpeg/ffprobe must be installed in CI (.ci/run installs them)");
            }
            return;
        }
        Assumptions.assumeTrue(present, "ffmpeg is not installed (apt-get install ffmpeg)");
    }

    /** Coloured rectangles and discs on a coloured background: structure that survives video compression. */
    public static BufferedImage shapes(long seed, int size) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(r.nextInt(1 << 24)));
        g.fillRect(0, 0, size, size);
        for (int i = 0; i < 12; i++) {
            g.setColor(new Color(r.nextInt(1 << 24)));
            int x = r.nextInt(size);
            int y = r.nextInt(size);
            int w = size / 8 + r.nextInt(size / 3);
            int h = size / 8 + r.nextInt(size / 3);
            if (r.nextBoolean()) {
                g.fillRect(x - w / 2, y - h / 2, w, h);
            } else {
                g.fillOval(x - w / 2, y - w / 2, w, w);
            }
        }
        g.dispose();
        return img;
    }

    /** A clip of {@code stills}, each shown {@code secondsEach}; the container follows {@code name}'s ending. */
    public static Path clip(Path dir, String name, List<BufferedImage> stills, double secondsEach) throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
        StringBuilder graph = new StringBuilder();
        for (int i = 0; i < stills.size(); i++) {
            Path png = dir.resolve(name + "-" + i + ".png");
            Files.write(png, TestImages.png(stills.get(i)));
            cmd.addAll(List.of("-loop", "1", "-framerate", "10", "-t", String.format(Locale.ROOT, "%.2f", secondsEach),
                    "-i", png.toString()));
            graph.append('[').append(i).append(":v]format=yuv420p,setsar=1[v").append(i).append("];");
        }
        for (int i = 0; i < stills.size(); i++) {
            graph.append("[v").append(i).append(']');
        }
        graph.append("concat=n=").append(stills.size()).append(":v=1:a=0[out]");
        cmd.addAll(List.of("-filter_complex", graph.toString(), "-map", "[out]", "-r", "10"));
        if (name.endsWith(".webm")) {
            cmd.addAll(List.of("-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "2M"));
        } else {
            cmd.addAll(List.of("-c:v", "libx264", "-preset", "veryfast", "-crf", "18"));
        }
        Path out = dir.resolve(name);
        cmd.add(out.toString());
        run(cmd);
        return out;
    }

    /** Runs a command (ffmpeg) to completion, failing with its output when it fails. */
    public static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("failed: " + String.join(" ", cmd) + "\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            p.destroyForcibly();
        }
    }

    private static boolean runs(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
