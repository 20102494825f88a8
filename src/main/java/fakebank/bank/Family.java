package fakebank.bank;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import fakebank.error.BadRequestException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Broad kind of generator behind a fake; real images carry {@link #UNKNOWN}. */
public enum Family {
    GAN, DIFFUSION, AUTOREGRESSIVE, FACE_SWAP, OTHER, UNKNOWN;

    @JsonCreator
    public static Family parse(String value) {
        if (value == null || value.isBlank()) {
            return UNKNOWN;
        }
        String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Family f : values()) {
            if (f.json().equals(v)) {
                return f;
            }
        }
        throw new BadRequestException("family must be one of " + Arrays.stream(values()).map(Family::json).toList()
                + ", got '" + value + "'");
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static final java.util.Set<String> DIFFUSION_WORDS = java.util.Set.of("diffusion", "stable", "sdxl", "sd",
            "sd1", "sd2", "sd3", "midjourney", "dalle", "dall", "flux", "imagen", "glide", "ldm", "firefly",
            "kandinsky", "playground", "ideogram", "wuerstchen", "pixart", "latent");
    private static final java.util.Set<String> FACE_SWAP_WORDS = java.util.Set.of("faceswap", "swap", "deepfake",
            "deepfakes", "simswap", "faceshifter", "roop", "inswapper");

    private static final java.util.Set<String> PHOTO_EDIT_WORDS = java.util.Set.of("edit", "edited", "inpaint",
            "inpainted", "inpainting", "img2img", "retouch", "retouched");

    /**
     * Whether a fake of this kind is a real photo with a part of it changed (a face swap, an AI edit, inpainting).
     * Such a fake shares most of its pixels with the photo it was made from, so an image close to it may be that
     * photo as much as a copy of the fake.
     */
    public static boolean editsAPhoto(Family family, String generator) {
        if (family == FACE_SWAP) {
            return true;
        }
        if (generator == null) {
            return false;
        }
        String g = generator.toLowerCase(Locale.ROOT);
        return Arrays.stream(g.split("[^a-z0-9]+")).anyMatch(w -> PHOTO_EDIT_WORDS.contains(w)
                || FACE_SWAP_WORDS.contains(w)) || g.contains("image-to-image");
    }

    /**
     * A best guess from a generator's name, for imports that name the generator but not its family. Works on
     * words, so "ImageNet" is not "imagen"; diffusion words win, so "stable-diffusion + realesrgan" (a diffusion
     * image upscaled by a GAN) is diffusion.
     */
    public static Family guess(String generator) {
        if (generator == null || generator.isBlank()) {
            return UNKNOWN;
        }
        List<String> words = Arrays.stream(generator.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"))
                .filter(w -> !w.isEmpty()).toList();
        if (words.stream().anyMatch(w -> DIFFUSION_WORDS.contains(w) || w.matches("sd\\d.*"))) {
            return DIFFUSION;
        }
        if (words.stream().anyMatch(FACE_SWAP_WORDS::contains)) {
            return FACE_SWAP;
        }
        if (words.stream().anyMatch(w -> w.contains("gan"))) {
            return GAN;
        }
        if (words.contains("camera") || words.contains("real")) {
            return UNKNOWN;
        }
        return OTHER;
    }
}
