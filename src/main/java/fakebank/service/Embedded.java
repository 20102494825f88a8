package fakebank.service;

import fakebank.image.RgbImage;

/** An uploaded image after decoding and embedding, with the time each step took. */
public record Embedded(String sha256, RgbImage image, float[] vector, double decodeMs, double embedMs) {
}
