package fakebank.bank;

/**
 * A live entry's vector with what detection trains on. The array is a copy owned by the caller. {@code source}
 * (may be null) says where the image came from; cross-validation groups reals by it so one subject or collection
 * never sits on both sides of a split.
 */
public record LabeledVector(String id, float[] vector, Label label, String generator, Family family, String sha256,
        String source) {

    public LabeledVector(String id, float[] vector, Label label, String generator, Family family, String sha256) {
        this(id, vector, label, generator, family, sha256, null);
    }

    /** The same entry with another vector (an augmented copy of its image). */
    public LabeledVector withVector(float[] other) {
        return new LabeledVector(id, other, label, generator, family, sha256, source);
    }
}
