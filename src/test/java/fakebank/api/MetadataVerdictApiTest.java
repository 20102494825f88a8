package fakebank.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import fakebank.metadata.MetadataFiles;
import fakebank.testing.TestImages;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Metadata evidence in served verdicts: read from the upload's bytes, shown always, decisive only for AI claims. */
@ExtendWith(TestBank.Extension.class)
class MetadataVerdictApiTest {
    private static final String A1111 = "a lighthouse at dusk, oil painting\nNegative prompt: blurry\n"
            + "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 64x64, Model hash: 6ce0161689, "
            + "Model: dreamshaper_8";
    private static Http http;

    @BeforeAll
    static void setUp(TestBank bank) {
        http = bank.http;
    }

    @Test
    void an_image_whose_metadata_says_generated_is_fake_with_reason_metadata_first() {
        byte[] png = MetadataFiles.pngWithText(TestImages.realPng(), Map.of("parameters", A1111));
        JsonNode plain = http.post("/v1/classify", new Http.Multipart().image(TestImages.realPng())).json();
        assertNotEquals("fake", plain.path("verdict").asText(), "without metadata the same pixels are not fake: " + plain);

        JsonNode j = http.post("/v1/classify", new Http.Multipart().image(png)).json();
        assertEquals("fake", j.path("verdict").asText(), j::toString);
        assertEquals("metadata", j.path("reasons").get(0).path("code").asText(), j::toString);
        assertTrue(j.path("reasons").get(0).path("detail").asText().contains("dreamshaper_8"), j::toString);
        assertTrue(j.path("p_fake").asDouble() >= 0.99, "badge and probability agree: " + j);
        assertTrue(j.path("metadata").path("proves_generation").asBoolean(), j::toString);
        assertEquals("dreamshaper_8", j.path("metadata").path("generated").path("model").asText(), j::toString);
    }

    @Test
    void camera_exif_is_shown_as_a_reason_but_never_makes_an_image_real() {
        byte[] jpeg = MetadataFiles.jpegWithExif(TestImages.realJpeg(), Map.of(0x010F, "Canon", 0x0110, "Canon EOS R5"));
        JsonNode plain = http.post("/v1/classify", new Http.Multipart().image(TestImages.realJpeg())).json();
        JsonNode j = http.post("/v1/classify", new Http.Multipart().image(jpeg)).json();
        assertEquals(plain.path("verdict").asText(), j.path("verdict").asText(), "EXIF decides nothing: " + j);
        assertNotEquals("metadata", j.path("reasons").get(0).path("code").asText(), j::toString);
        boolean shown = false;
        for (JsonNode r : j.path("reasons")) {
            shown |= r.path("code").asText().equals("metadata") && r.path("detail").asText().contains("Canon EOS R5");
        }
        assertTrue(shown, "the camera is shown as context: " + j);
        assertEquals("Canon EOS R5", j.path("metadata").path("camera").path("model").asText(), j::toString);
    }
}
