package fakebank.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fakebank.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The committed default encoder computes what the original nsfwjs TFJS model computes: the same input tensors,
 * run by @tensorflow/tfjs in Node (tools/nsfwjs/reference.mjs, which tools/test runs first) and by DJL here, give
 * feature vectors within 1e-3 of each other.
 */
class TfjsEquivalenceTest {
    @Test
    void default_model_matches_original_tfjs_features_within_1e_3() throws Exception {
        Path ref = TestPaths.projectDir().resolve("target/tfjs-reference/mobilenet_v2_mid.json");
        if (!Files.isRegularFile(ref)) {
            Assumptions.assumeTrue(TestPaths.inCi(), "no TFJS reference (run tools/test, which needs node)");
            throw new AssertionError("CI must produce " + ref + " before the tests (tools/test does)");
        }
        JsonNode json = new ObjectMapper().readTree(ref.toFile());
        try (TorchScriptEncoder encoder = TorchScriptEncoder.open(TestPaths.defaultModel(), 1)) {
            JsonNode inputs = json.get("inputs");
            JsonNode features = json.get("features");
            assertTrue(inputs.size() >= 3, "reference should hold several inputs");
            double worst = 0;
            for (int n = 0; n < inputs.size(); n++) {
                float[] nchw = nhwcToNchw(TinyClipParityTest.floats(inputs.get(n).get("nhwc")), 224);
                float[] ours = encoder.rawForward(List.of(nchw))[0];
                float[] theirs = TinyClipParityTest.floats(features.get(n));
                assertEquals(theirs.length, ours.length, "feature length");
                for (int i = 0; i < ours.length; i++) {
                    worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
                }
            }
            System.out.printf("TFJS equivalence: max abs difference %.3g over %d inputs%n", worst, inputs.size());
            assertTrue(worst <= 1e-3, "max abs difference " + worst);
        }
    }

    private static float[] nhwcToNchw(float[] nhwc, int size) {
        float[] out = new float[nhwc.length];
        int plane = size * size;
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                out[c * plane + i] = nhwc[i * 3 + c];
            }
        }
        return out;
    }
}
