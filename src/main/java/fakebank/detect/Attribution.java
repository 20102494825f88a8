package fakebank.detect;

/** Most likely family and generator of a fake, from its neighbours, with a confidence in [0, 1]. */
public record Attribution(String family, String generator, double confidence) {
    public static final Attribution NONE = new Attribution(null, null, 0);
}
