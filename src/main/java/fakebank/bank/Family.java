package fakebank.bank;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import fakebank.error.BadRequestException;
import java.util.Arrays;
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

    /** A best guess from a generator's name, for imports that name the generator but not its family. */
    public static Family guess(String generator) {
        if (generator == null) {
            return UNKNOWN;
        }
        String g = generator.toLowerCase(Locale.ROOT);
        // Diffusion first: "stable-diffusion + realesrgan" is a diffusion image upscaled by a GAN.
        if (g.contains("diffusion") || g.contains("sd") || g.contains("midjourney") || g.contains("dall")
                || g.contains("flux") || g.contains("imagen") || g.contains("glide") || g.contains("ldm")
                || g.contains("firefly")) {
            return DIFFUSION;
        }
        if (g.contains("gan")) {
            return GAN;
        }
        if (g.contains("swap") || g.contains("deepfake") || g.contains("faceshift")) {
            return FACE_SWAP;
        }
        if (g.contains("camera") || g.equals("real")) {
            return UNKNOWN;
        }
        return OTHER;
    }
}
