package fakebank.embed;

import com.fasterxml.jackson.annotation.JsonProperty;
import fakebank.image.Filter;
import java.util.List;
import java.util.Locale;

/**
 * How pixels become the model's input tensor, as declared in a model's {@code model.json}.
 *
 * <ul>
 *   <li>{@code resize = "shortest-side"}: CLIP's own preprocessing. Resize so the shorter side is {@code size}
 *       (antialiased, PIL-compatible), then centre-crop {@code size x size}.</li>
 *   <li>{@code resize = "none"}: UnivFD's preprocessing. Centre-crop {@code size x size} without resampling, so the
 *       generator's pixel-level traces survive; a side shorter than {@code size} is first resized up.</li>
 *   <li>{@code resize = "squash"}: resize the whole image to {@code size x size}, ignoring aspect ratio
 *       (what nsfwjs does).</li>
 * </ul>
 * A pixel value {@code v} in 0..255 becomes {@code ((lo + v/255 * (hi - lo)) - mean[c]) / std[c]} where
 * {@code value_range = [lo, hi]}.
 */
public record PreprocessSpec(
        int size,
        Resize resize,
        Filter interpolation,
        @JsonProperty("value_range") List<Double> valueRange,
        List<Double> mean,
        List<Double> std) {

    public enum Resize {
        SHORTEST_SIDE, NONE, SQUASH;

        public static Resize parse(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }

    }

    public PreprocessSpec {
        if (size < 8 || size > 4096) {
            throw new IllegalArgumentException("preprocess.size must be between 8 and 4096, got " + size);
        }
        if (resize == null) {
            throw new IllegalArgumentException("preprocess.resize is required: shortest-side, none or squash");
        }
        if (interpolation == null) {
            interpolation = Filter.BICUBIC;
        }
        if (valueRange == null) {
            valueRange = List.of(0.0, 1.0);
        }
        if (valueRange.size() != 2) {
            throw new IllegalArgumentException("preprocess.value_range must be [low, high]");
        }
        if (mean == null || mean.size() != 3) {
            throw new IllegalArgumentException("preprocess.mean must have 3 values (R, G, B)");
        }
        if (std == null || std.size() != 3 || std.stream().anyMatch(s -> s <= 0)) {
            throw new IllegalArgumentException("preprocess.std must have 3 positive values (R, G, B)");
        }
        valueRange = List.copyOf(valueRange);
        mean = List.copyOf(mean);
        std = List.copyOf(std);
    }

    /**
     * Shorter side of the decoded image this preprocessing can use: the resampling policies shrink to
     * {@code size}, so twice that keeps every detail a good downscale would (the decoder may then shrink large
     * JPEGs for free); the crop policy reads native pixels, so 0 (decode at full size).
     */
    public int minSourceSide() {
        return resize == Resize.NONE ? 0 : 2 * size;
    }

    /** The same spec with another resize policy: used to compare UnivFD's crop against CLIP's resize. */
    public PreprocessSpec withResize(Resize other) {
        return new PreprocessSpec(size, other, interpolation, valueRange, mean, std);
    }
}
