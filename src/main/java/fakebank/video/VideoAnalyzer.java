package fakebank.video;

import fakebank.bank.AddResult;
import fakebank.bank.EntryMeta;
import fakebank.error.FakebankException;
import fakebank.image.RgbImage;
import fakebank.image.Thumbnails;
import fakebank.service.Classification;
import fakebank.service.Fakebank;
import fakebank.video.VideoVerdicts.FrameVerdict;
import fakebank.video.VideoVerdicts.VideoVerdict;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Videos through the service's image path: each sampled frame is handed to {@link Fakebank} as a lossless PNG,
 * exactly as an uploaded image would be (decode, embed, bank match, detector; or decode, embed, add), and the
 * frame verdicts are aggregated by {@link VideoVerdicts}. There is no second pipeline. Thread-safe.
 */
public final class VideoAnalyzer {
    private final Fakebank fakebank;
    private final VideoSettings settings;
    private final VideoProbe probe;
    private final FrameSampler sampler;

    public VideoAnalyzer(Fakebank fakebank, VideoSettings settings) {
        this.fakebank = fakebank;
        this.settings = settings;
        this.probe = new VideoProbe(settings);
        this.sampler = new FrameSampler(settings);
    }

    public VideoSettings settings() {
        return settings;
    }

    /** A classified video: its content hash, header, verdict and timing. */
    public record Result(String sha256, VideoInfo info, VideoVerdict video, double millis) {
    }

    /** One sampled frame's add: {@code result} is null exactly when {@code error} is not. */
    public record FrameAdd(double seconds, String source, AddResult result, FakebankException error) {
    }

    /** Classifies a video file; {@code thumbnails} adds a small JPEG of every frame (for the web page). */
    public Result classify(Path file, boolean thumbnails) {
        long t0 = System.nanoTime();
        VideoInfo info = probe.probe(file);
        String sha256 = sha256(file);
        List<FrameVerdict> frames = new ArrayList<>();
        FrameSampler.Summary summary = sampler.sample(file, info, frame -> {
            byte[] png = png(frame.image());
            Classification c = fakebank.classify(png);
            frames.add(new FrameVerdict(frame.index(), frame.seconds(), c,
                    thumbnails ? Thumbnails.of(frame.image()) : null));
        });
        VideoVerdict verdict = VideoVerdicts.aggregate(frames, fakebank.config().evidence(), summary.notes());
        return new Result(sha256, info, verdict, (System.nanoTime() - t0) / 1e6);
    }

    /** Classifies uploaded bytes: written to a private temporary file (ffmpeg needs to seek), deleted after. */
    public Result classify(byte[] bytes, boolean thumbnails) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("fakebank-video-", ".upload");
            Files.write(tmp, bytes);
            return classify(tmp, thumbnails);
        } catch (IOException e) {
            throw new IllegalStateException("cannot store the upload for decoding: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    tmp.toFile().deleteOnExit();
                }
            }
        }
    }

    /**
     * Adds the sampled frames of a video to the bank, each as its own entry whose source is {@code source}
     * (the video's name or URL) plus {@code #t=<seconds>}. A frame that fails is reported, the others go on.
     */
    public List<FrameAdd> add(Path file, EntryMeta meta, String source) {
        VideoInfo info = probe.probe(file);
        List<FrameAdd> adds = new ArrayList<>();
        sampler.sample(file, info, frame -> {
            String at = frameName(source, frame.seconds());
            EntryMeta frameMeta = new EntryMeta(meta.label(), meta.generator(), meta.family(), at, meta.note(),
                    meta.addedBy());
            try {
                adds.add(new FrameAdd(frame.seconds(), at, fakebank.add(png(frame.image()), frameMeta), null));
            } catch (FakebankException e) {
                adds.add(new FrameAdd(frame.seconds(), at, null, e));
            }
        });
        return adds;
    }

    /** {@code video.mp4#t=12.0}: a W3C media fragment naming the frame's time. */
    public static String frameName(String video, double seconds) {
        return video + "#t=" + time(seconds);
    }

    /** Seconds with at least one and at most three decimals: 12.0, 12.04, 0.333. */
    public static String time(double seconds) {
        BigDecimal t = BigDecimal.valueOf(seconds).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        return t.scale() < 1 ? t.setScale(1, RoundingMode.UNNECESSARY).toPlainString() : t.toPlainString();
    }

    /** Lossless PNG of a frame: the bytes the image path decodes (and, for adds, keeps as the original). */
    static byte[] png(RgbImage image) {
        BufferedImage b = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        b.setRGB(0, 0, image.width(), image.height(), image.pixels(), 0, image.width());
        ByteArrayOutputStream out = new ByteArrayOutputStream(image.width() * image.height());
        try {
            if (!ImageIO.write(b, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
