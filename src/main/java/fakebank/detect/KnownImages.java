package fakebank.detect;

import fakebank.bank.LabeledVector;
import fakebank.bank.Match;
import java.util.List;
import java.util.function.Consumer;

/**
 * What detection needs from a store of known images; the bank implements it through a thin adapter, and tests
 * and cross-validation use an in-memory one. Vectors are unit length; {@code nearest} returns live entries sorted
 * by similarity then id.
 */
public interface KnownImages {
    List<Match> nearest(float[] query, int k);

    void forEachLive(Consumer<LabeledVector> sink);

    long version();
}
