package fakebank.video;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Which inputs are videos: MP4/MOV (ISO base media) and Matroska/WebM, told by their first bytes, not by what the
 * sender claims. ffmpeg is only ever allowed these two demuxers ({@link #DEMUXERS}), so a file dressed up as a
 * playlist or concat script cannot make it read other files.
 */
public final class VideoFormats {
    /** File name endings treated as video when listing folders. */
    public static final Set<String> EXTENSIONS = Set.of("mp4", "m4v", "mov", "webm", "mkv");
    /** ffmpeg's demuxer names for ISO BMFF (mp4, mov) and Matroska (mkv, webm). */
    static final String DEMUXERS = "mov,matroska";
    /** ISO BMFF brands of still images (HEIF/AVIF), which are not videos. */
    private static final Set<String> IMAGE_BRANDS = Set.of("heic", "heix", "heim", "heis", "mif1", "msf1", "avif",
            "avis");
    private static final int SNIFF = 12;

    private VideoFormats() {
    }

    /** True when the bytes start like an MP4/MOV or Matroska/WebM file. */
    public static boolean sniff(byte[] head) {
        if (head == null || head.length < 4) {
            return false;
        }
        if ((head[0] & 0xFF) == 0x1A && (head[1] & 0xFF) == 0x45 && (head[2] & 0xFF) == 0xDF
                && (head[3] & 0xFF) == 0xA3) {
            return true; // EBML header: Matroska or WebM
        }
        if (head.length < SNIFF) {
            return false;
        }
        String box = new String(head, 4, 4, StandardCharsets.ISO_8859_1);
        if (box.equals("ftyp")) {
            String brand = new String(head, 8, 4, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            return !IMAGE_BRANDS.contains(brand);
        }
        // QuickTime files may start with other top-level atoms
        return Set.of("moov", "mdat", "wide", "free", "skip").contains(box);
    }

    /** A file is a video when its name ends like one or its first bytes say so. */
    public static boolean isVideo(Path file) {
        if (hasVideoExtension(file)) {
            return true;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return sniff(in.readNBytes(SNIFF));
        } catch (IOException e) {
            return false; // the image path reports the unreadable file
        }
    }

    public static boolean hasVideoExtension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
