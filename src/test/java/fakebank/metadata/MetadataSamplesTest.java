package fakebank.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.cli.Manifest;
import fakebank.metadata.c2pa.C2paReport;
import fakebank.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file of ../shared/metadata-samples (original bytes from public repositories, not committed here): each
 * {@code ai} file proves generation with details, no {@code camera} or {@code edited} file does, the C2PA fixtures
 * built to fail validation fail, and the valid ones pass signature and hash checks. Skipped only when ../shared
 * is absent outside CI.
 */
class MetadataSamplesTest {
    /** c2pa-rs fixtures made to fail: hash mismatch (X), signature/claim errors (E-, CIE-sig-), no hash algorithm. */
    private static final Set<String> MUST_FAIL = Set.of("c2pars_XCA.jpg", "c2pars_adobe-20220124-E-clm-CAICAI.jpg",
            "c2pars_CIE-sig-CA.jpg", "c2pars_no_alg.jpg");
    private static final Set<String> MUST_PASS = Set.of("c2pars_C.jpg", "c2pars_CA.jpg", "c2pars_CACA.jpg",
            "c2pars_C_with_CAWG_data.jpg", "c2pars_ocsp_firefly.jpg", "c2pars_update_manifest.jpg");

    record Sample(String file, String expected, String kind, String detail, String sha256) {
    }

    @TestFactory
    Stream<DynamicTest> every_sample_reads_as_its_manifest_says() throws Exception {
        Path dir = TestPaths.projectDir().resolve("../shared/metadata-samples").normalize();
        if (!TestPaths.inCi()) {
            Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("manifest.csv")),
                    "../shared/metadata-samples is not beside the project; skipping the shared-sample checks");
        }
        List<Sample> samples = read(dir.resolve("manifest.csv"));
        assertEquals(29, samples.size(), "the manifest lists 29 samples");
        return samples.stream().map(s -> DynamicTest.dynamicTest(s.file(), () -> check(dir, s)));
    }

    private static void check(Path dir, Sample s) throws Exception {
        byte[] bytes = Files.readAllBytes(dir.resolve(s.file()));
        assertEquals(s.sha256(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                "sample bytes differ from the manifest");
        MetadataReport r = MetadataReader.read(bytes);
        String name = Path.of(s.file()).getFileName().toString();
        String shown = r.reason() + " | " + r.evidence();
        switch (s.expected()) {
            case "ai" -> {
                assertTrue(r.provesGeneration(), shown);
                assertNotNull(r.generated().generator(), shown);
                if (s.kind().startsWith("png-")) {
                    assertNotNull(r.generated().prompt(), "a generator's PNG chunks carry the prompt: " + shown);
                }
            }
            case "camera", "edited" -> assertFalse(r.provesGeneration(), shown);
            default -> throw new AssertionError("unknown expectation " + s.expected());
        }
        if (s.kind().equals("exif-camera")) {
            assertNotNull(r.camera(), shown);
        }
        if (s.kind().equals("exif-software")) {
            assertFalse(r.editors().isEmpty(), shown);
        }
        if (s.detail().contains("digitalSourceType=algorithmicMedia")) {
            assertTrue(r.evidence().stream().anyMatch(e -> e.kind() == Evidence.Kind.ALGORITHMIC), shown);
        }
        if (MUST_FAIL.contains(name)) {
            assertEquals(C2paReport.FAILED, r.c2pa().validation(), shown);
            assertFalse(r.c2pa().failures().isEmpty());
        }
        if (MUST_PASS.contains(name)) {
            assertEquals(C2paReport.PASSED, r.c2pa().validation(), () -> r.c2pa().failures() + " " + r.c2pa().notes());
            assertEquals("ok", r.c2pa().active().validation().signature());
            assertEquals("ok", r.c2pa().active().validation().hardBinding());
        }
        if (name.equals("c2pajs_PirateShip_cloud.jpg")) {
            assertNull(r.c2pa(), "the manifest is remote");
            assertTrue(r.evidence().stream().anyMatch(e -> e.kind() == Evidence.Kind.PROVENANCE), shown);
        }
    }

    private static List<Sample> read(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        List<Sample> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = Manifest.split(line);
            out.add(new Sample(f.get(0), f.get(1), f.get(2), f.get(3), f.get(6)));
        }
        return out;
    }
}
