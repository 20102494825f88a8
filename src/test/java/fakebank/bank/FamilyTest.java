package fakebank.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FamilyTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "stylegan2 (rosinality, custom pizza checkpoint 050000.pt, 256px) | GAN",
        "biggan-deep-256 (ImageNet class 248 husky, trunc 0.4) | GAN",
        "stable-diffusion-1.5 + realesrgan-x4plus (x3 upscale) | DIFFUSION",
        "SDXL 1.0 | DIFFUSION",
        "sd15 | DIFFUSION",
        "Midjourney v6 | DIFFUSION",
        "DeepFaceLab deepfake | FACE_SWAP",
        "camera | UNKNOWN",
        "unknown text-to-image model | OTHER"})
    void guesses_the_family_from_generator_words(String generator, Family expected) {
        assertEquals(expected, Family.guess(generator));
    }
}
