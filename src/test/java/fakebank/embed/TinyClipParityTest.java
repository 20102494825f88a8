package fakebank.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fakebank.image.ImageDecoder;
import fakebank.image.ImageLimits;
import fakebank.image.RgbImage;
import fakebank.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLIP path end to end: a tiny random-weight CLIP ViT traced in Python (tools/export-clip) must give the same
 * embeddings from Java preprocessing + DJL inference as the Python reference (PIL + torch) on fixture images, for
 * each of the three resize policies.
 */
class TinyClipParityTest {
    private static TorchScriptEncoder encoder;
    private static JsonNode reference;

    @BeforeAll
    static void load() throws Exception {
        Path dir = TestPaths.tinyClip();
        encoder = TorchScriptEncoder.open(dir.resolve("model"), 1);
        reference = new ObjectMapper().readTree(dir.resolve("reference.json").toFile());
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"shortest-side", "none", "squash"})
    void java_preprocessing_and_djl_reproduce_python_reference(String mode) throws Exception {
        Preprocessor pre = new Preprocessor(encoder.manifest().preprocess().withResize(PreprocessSpec.Resize.parse(mode)));
        ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
        double worst = 1;
        for (JsonNode image : reference.get("images")) {
            RgbImage rgb = decoder.decode(Files.readAllBytes(TestPaths.tinyClip().resolve(image.get("file").asText())));
            assertEquals(image.get("width").asInt(), rgb.width(), "decoded width");
            float[] raw = encoder.rawForward(List.of(pre.apply(rgb)))[0];
            float[] expected = floats(image.get(mode).get("raw"));
            double cosine = cosine(raw, expected);
            worst = Math.min(worst, cosine);
            assertTrue(cosine >= 0.9999, mode + " " + image.get("file").asText() + ": cosine " + cosine);
        }
        System.out.printf("tiny CLIP parity (%s): lowest cosine to the Python reference %.7f%n", mode, worst);
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
