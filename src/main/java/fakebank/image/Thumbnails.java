package fakebank.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Small JPEG thumbnails stored in the bank as evidence: at most {@link #MAX_BYTES}, longest side 160 px. */
public final class Thumbnails {
    public static final int MAX_BYTES = 8 * 1024;
    private static final int[] SIDES = {160, 128, 96, 64};
    private static final float[] QUALITIES = {0.8f, 0.65f, 0.5f};

    private Thumbnails() {
    }

    /** Tries shrinking sizes and qualities until the JPEG fits in {@link #MAX_BYTES}. */
    public static byte[] of(RgbImage image) {
        for (int side : SIDES) {
            BufferedImage small = toBuffered(fit(image, side));
            for (float q : QUALITIES) {
                byte[] jpeg = encodeJpeg(small, q);
                if (jpeg.length <= MAX_BYTES) {
                    return jpeg;
                }
            }
        }
        return encodeJpeg(toBuffered(fit(image, 48)), 0.4f);
    }

    private static RgbImage fit(RgbImage image, int side) {
        double scale = Math.min(1.0, (double) side / Math.max(image.width(), image.height()));
        int w = Math.max(1, (int) Math.round(image.width() * scale));
        int h = Math.max(1, (int) Math.round(image.height() * scale));
        return Resampler.resize(image, w, h, Filter.BILINEAR);
    }

    public static BufferedImage toBuffered(RgbImage image) {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, image.width(), image.height(), image.pixels(), 0, image.width());
        return out;
    }

    public static byte[] encodeJpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }
}
