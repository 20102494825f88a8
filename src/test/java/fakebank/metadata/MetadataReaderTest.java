package fakebank.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import fakebank.metadata.c2pa.C2paFixture;
import fakebank.testing.TestImages;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The metadata reader on files the test writes: generator PNG chunks, XMP, EXIF, C2PA, and hostile bytes. */
class MetadataReaderTest {
    private static final String A1111 = """
            a lighthouse at dusk, oil painting, <lora:detail:0.5>
            Negative prompt: blurry, lowres
            Steps: 20, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 12345, Size: 512x512, Model hash: 6ce0161689, \
            Model: v1-5-pruned-emaonly, Version: v1.9.4""";
    private static final String COMFY_PROMPT = """
            {"3": {"class_type": "KSampler", "inputs": {"seed": 5, "steps": 20, "model": ["4", 0],
                   "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}},
             "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd_xl_base_1.0.safetensors"}},
             "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 1024, "height": 1024, "batch_size": 1}},
             "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a red fox in snow", "clip": ["4", 1]}},
             "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "a much longer negative prompt text here", "clip": ["4", 1]}}}""";

    @Test
    void a1111_parameters_chunk_proves_generation_with_model_and_prompt() {
        MetadataReport r = MetadataReader.read(MetadataFiles.pngWithText(TestImages.realPng(), Map.of("parameters", A1111)));
        assertTrue(r.provesGeneration(), r::toString);
        assertEquals("AUTOMATIC1111 web UI", r.generated().generator());
        assertEquals("v1-5-pruned-emaonly", r.generated().model());
        assertEquals("a lighthouse at dusk, oil painting, <lora:detail:0.5>", r.generated().prompt());
        assertEquals("PNG text parameters", r.generated().source());
        assertTrue(r.reason().startsWith("metadata says AI-generated: AUTOMATIC1111 web UI"), r.reason());
    }

    @Test
    void comfyui_graph_gives_checkpoint_and_the_positive_prompt() {
        MetadataReport r = MetadataReader.read(MetadataFiles.pngWithText(TestImages.realPng(),
                Map.of("prompt", COMFY_PROMPT, "workflow", "{\"nodes\": []}")));
        assertTrue(r.provesGeneration());
        assertEquals("ComfyUI", r.generated().generator());
        assertEquals("sd_xl_base_1.0.safetensors", r.generated().model());
        assertEquals("a red fox in snow", r.generated().prompt(), "the sampler's positive input, not the longest text");
    }

    @Test
    void other_generators_are_recognised_by_their_published_shapes() {
        Map<String, Map<String, String>> cases = new LinkedHashMap<>();
        cases.put("NovelAI", Map.of("Software", "NovelAI", "Source", "NovelAI Diffusion V4 4F49EC75",
                "Comment", "{\"prompt\": \"1girl, forest\", \"steps\": 28}"));
        cases.put("Fooocus", Map.of("parameters", "{\"prompt\": \"castle\", \"base_model\": \"juggernautXL_v8\","
                + " \"version\": \"Fooocus v2.5.5\"}", "fooocus_scheme", "fooocus"));
        cases.put("InvokeAI", Map.of("invokeai_metadata", "{\"positive_prompt\": \"a cat\", \"model\": "
                + "{\"name\": \"juggernaut-xl\"}}"));
        cases.put("SwarmUI", Map.of("parameters", "{\"sui_image_params\": {\"prompt\": \"a ship\", \"model\": \"flux1-dev\"}}"));
        cases.put("Easy Diffusion", Map.of("prompt", "a garden", "use_stable_diffusion_model", "sd-v1-4"));
        cases.put("Midjourney", Map.of("Description", "a neon city --ar 16:9 Job ID: 0123abcd-0123-4567-89ab-0123456789ab"));
        cases.forEach((generator, chunks) -> {
            MetadataReport r = MetadataReader.read(MetadataFiles.pngWithText(TestImages.realPng(), chunks));
            assertTrue(r.provesGeneration(), generator + ": " + r);
            assertEquals(generator, r.generated().generator());
            assertNotNull(r.generated().prompt(), generator);
        });
    }

    @Test
    void unrelated_text_chunks_are_not_taken_for_a_generator() {
        MetadataReport r = MetadataReader.read(MetadataFiles.pngWithText(TestImages.realPng(),
                Map.of("prompt", "Sunset over the bay", "parameters", "exposure=1/250", "Comment", "{\"prompt\": 1}")));
        assertFalse(r.provesGeneration(), r::toString);
    }

    @Test
    void xmp_trained_algorithmic_media_proves_generation() {
        byte[] file = MetadataFiles.jpegWithXmp(TestImages.realJpeg(), "Iptc4xmpExt:DigitalSourceType="
                + "\"http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia\"/>");
        MetadataReport r = MetadataReader.read(file);
        assertTrue(r.provesGeneration(), r::toString);
        assertEquals(java.util.List.of("trainedAlgorithmicMedia"), r.digitalSourceTypes());
        assertTrue(r.generated().source().contains("DigitalSourceType"), r.generated().source());
    }

    @Test
    void xmp_algorithmic_media_is_ambiguous_not_ai() {
        byte[] file = MetadataFiles.jpegWithXmp(TestImages.realJpeg(), "Iptc4xmpExt:DigitalSourceType="
                + "\"http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia\"/>");
        MetadataReport r = MetadataReader.read(file);
        assertFalse(r.provesGeneration());
        assertTrue(r.evidence().stream().anyMatch(e -> e.kind() == Evidence.Kind.ALGORITHMIC), r::toString);
        assertTrue(r.reason().contains("not trained AI"), r.reason());
    }

    @Test
    void xmp_creator_tool_and_remote_manifest_reference_are_evidence() {
        byte[] file = MetadataFiles.jpegWithXmp(TestImages.realJpeg(), "xmp:CreatorTool=\"Adobe Photoshop 26.0\""
                + " dcterms:provenance=\"https://cai-manifests.adobe.com/manifests/abc\"/>");
        MetadataReport r = MetadataReader.read(file);
        assertFalse(r.provesGeneration());
        assertEquals(java.util.List.of("Adobe Photoshop"), r.editors());
        assertTrue(r.evidence().stream().anyMatch(e -> e.kind() == Evidence.Kind.PROVENANCE), r::toString);
    }

    @Test
    void camera_exif_is_shown_but_never_proves_anything() {
        byte[] file = MetadataFiles.jpegWithExif(TestImages.realJpeg(),
                Map.of(0x010F, "Canon", 0x0110, "Canon EOS R5", 0x0131, "Firmware Version 1.8.1"));
        MetadataReport r = MetadataReader.read(file);
        assertFalse(r.provesGeneration());
        assertEquals(new Camera("Canon", "Canon EOS R5"), r.camera());
        assertTrue(r.reason().contains("easy to forge"), r.reason());
        assertTrue(r.evidence().stream().anyMatch(e -> e.kind() == Evidence.Kind.SOFTWARE), r::toString);
    }

    @Test
    void exif_software_names_editors_and_generators_apart() {
        MetadataReport gimp = MetadataReader.read(MetadataFiles.jpegWithExif(TestImages.realJpeg(), Map.of(0x0131, "GIMP 2.10.34")));
        assertFalse(gimp.provesGeneration());
        assertEquals(java.util.List.of("GIMP"), gimp.editors());
        MetadataReport mj = MetadataReader.read(MetadataFiles.jpegWithExif(TestImages.realJpeg(), Map.of(0x0131, "Midjourney v6")));
        assertTrue(mj.provesGeneration());
        assertEquals("Midjourney", mj.generated().generator());
    }

    @Test
    void a1111_parameters_in_exif_image_description_prove_generation() {
        MetadataReport r = MetadataReader.read(MetadataFiles.jpegWithExif(TestImages.realJpeg(), Map.of(0x010E, A1111)));
        assertTrue(r.provesGeneration(), r::toString);
        assertEquals("v1-5-pruned-emaonly", r.generated().model());
    }

    @Test
    void a1111_parameters_in_a_big_endian_unicode_user_comment_are_read() {
        // metadata-extractor's own decoding loses the last character here; Model is last on purpose.
        String params = "a lighthouse\nSteps: 20, Sampler: Euler a, Seed: 1, Model: v1-5-pruned-emaonly";
        byte[] file = MetadataFiles.jpegWithUserComment(TestImages.realJpeg(), "UNICODE",
                params.getBytes(java.nio.charset.StandardCharsets.UTF_16BE));
        MetadataReport r = MetadataReader.read(file);
        assertTrue(r.provesGeneration(), r::toString);
        assertEquals("EXIF UserComment", r.generated().source());
        assertEquals("v1-5-pruned-emaonly", r.generated().model());
    }

    @Test
    void signed_c2pa_manifest_with_trained_ai_source_proves_generation() throws Exception {
        MetadataReport r = MetadataReader.read(C2paFixture.create().jpeg(TestImages.realJpeg()));
        assertTrue(r.provesGeneration(), r::toString);
        assertEquals("passed", r.c2pa().validation());
        assertTrue(r.generated().source().contains("trainedAlgorithmicMedia"), r.generated().source());
        assertEquals(Evidence.Kind.C2PA, r.evidence().getFirst().kind());
        assertTrue(r.evidence().getFirst().detail().contains("untrusted"), r.evidence().getFirst().detail());
    }

    @Test
    void decompression_bomb_chunk_is_skipped_with_a_note() {
        byte[] png = MetadataFiles.pngWithText(TestImages.realPng(), Map.of("parameters", A1111));
        byte[] bomb = MetadataFiles.insertAfterIhdr(png, MetadataFiles.zTxtBomb("Comment", 24 << 20));
        MetadataReport r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> MetadataReader.read(bomb));
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("zTXt") && n.contains("skipped")), r.notes()::toString);
        assertTrue(r.provesGeneration(), "the other chunks are still read");
    }

    @Test
    void chunk_claiming_two_gigabytes_ends_the_read_with_a_note() {
        byte[] png = MetadataFiles.pngWithText(TestImages.realPng(), Map.of("parameters", A1111));
        byte[] bad = MetadataFiles.insertAfterIhdr(png, new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0,
                't', 'E', 'X', 't', 'x', 0});
        MetadataReport r = MetadataReader.read(bad);
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("runs past the end")), r.notes()::toString);
    }

    @Test
    void very_long_generator_text_is_read_and_clipped() {
        String dream = "\"" + "a misty valley, ".repeat(20_000) + " -s 50 -S 42"; // no closing quote
        MetadataReport r = MetadataReader.read(MetadataFiles.pngWithText(TestImages.realPng(), Map.of("Dream", dream)));
        assertTrue(r.provesGeneration(), r::toString);
        assertEquals("InvokeAI", r.generated().generator());
        assertTrue(r.generated().prompt().length() <= 300, "prompt clipped: " + r.generated().prompt().length());
    }

    @Test
    void hostile_bytes_never_throw_and_are_never_modified() {
        byte[][] seeds = {
                MetadataFiles.pngWithText(TestImages.realPng(), Map.of("parameters", A1111, "prompt", COMFY_PROMPT)),
                MetadataFiles.jpegWithExif(MetadataFiles.jpegWithXmp(TestImages.realJpeg(),
                        "xmp:CreatorTool=\"Midjourney\"/>"), Map.of(0x010F, "Canon", 0x0131, "GIMP")),
        };
        SplittableRandom random = new SplittableRandom(7);
        assertNotNull(MetadataReader.read(new byte[0]).notes());
        assertNotNull(MetadataReader.read(null).notes());
        for (int i = 0; i < 300; i++) {
            byte[] file = seeds[i % seeds.length].clone();
            for (int h = 0, hits = 1 + random.nextInt(6); h < hits; h++) {
                file[random.nextInt(Math.min(file.length, 4000))] = (byte) random.nextInt(256);
            }
            if (i % 4 == 0) {
                file = Arrays.copyOf(file, 1 + random.nextInt(file.length));
            }
            byte[] before = file.clone();
            MetadataReport r = MetadataReader.read(file);
            assertNotNull(r.reason());
            assertTrue(Arrays.equals(before, file), "the reader must not modify its input");
        }
    }

    @Test
    void report_serialises_to_the_projects_json_style() throws Exception {
        ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        MetadataReport r = MetadataReader.read(MetadataFiles.pngWithText(TestImages.realPng(), Map.of("parameters", A1111)));
        JsonNode node = json.readTree(json.writeValueAsString(r));
        assertTrue(node.path("proves_generation").asBoolean());
        assertEquals("generated", node.path("evidence").get(0).path("kind").asText());
        assertEquals("AUTOMATIC1111 web UI", node.path("generated").path("generator").asText());
        assertTrue(node.path("reason").asText().startsWith("metadata says AI-generated"));
        assertNull(r.c2pa());
    }
}
