package fakebank.image;

import java.util.Locale;

/** Resampling filters, with PIL's kernels and support. */
public enum Filter {
    BICUBIC, BILINEAR;

    public static Filter parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
