package fakebank.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fakebank.error.FakebankException;
import fakebank.image.ImageDecoder;
import fakebank.image.ImageLimits;
import fakebank.image.RgbImage;

/**
 * Jazzer fuzzing of the entry point every upload goes through: bytes to a safe RGB image. Any outcome other than
 * an image or one of fakebank's typed refusals (bad image, too large, unsupported type), which the API answers
 * with a 4xx, is a finding: an unexpected exception (a 500), an Error, or a hang.
 *
 * <p>Not part of the test run (the class is not named *Test). Run it with {@code tools/fuzz} (10 minutes by
 * default; results in docs/operations.md). Without {@code JAZZER_FUZZ=1} JUnit replays only the saved corpus.
 */
class ImageDecoderFuzz {
    private static final ImageDecoder DECODER = new ImageDecoder(new ImageLimits(2L * 1024 * 1024, 4_000_000));

    @FuzzTest(maxDuration = "10m")
    void decoding_any_bytes_gives_an_image_or_a_typed_refusal(byte[] data) {
        try {
            RgbImage image = DECODER.decode(data);
            if (image.width() <= 0 || image.height() <= 0) {
                throw new AssertionError("decoded an empty image");
            }
        } catch (FakebankException expected) {
            // refused with a clear 4xx: what bad input should get
        }
    }
}
