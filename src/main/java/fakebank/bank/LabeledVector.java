package fakebank.bank;

/** A live entry's vector with what detection trains on. The array is a copy owned by the caller. */
public record LabeledVector(String id, float[] vector, Label label, String generator, Family family, String sha256) {
}
