package fakebank.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fakebank.testing.TestPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CLIP text tower path, offline: DJL's HuggingFace tokenizer reads the exported tokenizer.json and gives the
 * Python ids, and the traced text tower run by DJL reproduces the Python reference embeddings.
 */
class TinyClipTextParityTest {
    @Test
    void tokenizer_and_text_tower_reproduce_the_python_reference() throws Exception {
        Path dir = TestPaths.tinyClip().resolve("model");
        JsonNode reference = new ObjectMapper().readTree(TestPaths.tinyClip().resolve("reference.json").toFile());
        JsonNode meta = new ObjectMapper().readTree(dir.resolve("text.json").toFile());
        int context = meta.get("context_length").asInt();
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optEngine("PyTorch").optModelPath(dir).optModelName("text").optTranslator(new NoopTranslator())
                .build();
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(dir.resolve("tokenizer.json"));
                ZooModel<NDList, NDList> model = criteria.loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = NDManager.newBaseManager()) {
            double worst = 1;
            for (JsonNode text : reference.get("texts")) {
                Encoding encoding = tokenizer.encode(text.get("text").asText());
                long[] expectedIds = TinyClipParityTest.longs(text.get("ids"));
                assertArrayEquals(expectedIds, encoding.getIds(), "token ids of '" + text.get("text").asText() + "'");
                long[] padded = new long[context]; // right-padded with pad_id 0
                System.arraycopy(encoding.getIds(), 0, padded, 0, encoding.getIds().length);
                float[] raw = predictor.predict(new NDList(manager.create(padded, new Shape(1, context))))
                        .singletonOrThrow().toFloatArray();
                double cosine = TinyClipParityTest.cosine(raw, TinyClipParityTest.floats(text.get("raw")));
                worst = Math.min(worst, cosine);
                assertTrue(cosine >= 0.9999, text.get("text").asText() + ": cosine " + cosine);
            }
            System.out.printf("tiny CLIP text parity: lowest cosine %.7f%n", worst);
        }
    }
}
