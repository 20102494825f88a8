package fakebank.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelManifestTest {
    @TempDir
    Path dir;

    private Path copyTinyClip() throws Exception {
        Path src = TestPaths.tinyClip().resolve("model");
        for (String f : new String[] {"model.json", "model.pt"}) {
            Files.copy(src.resolve(f), dir.resolve(f));
        }
        return dir;
    }

    @Test
    void loads_a_valid_manifest_and_verifies_its_checksum() throws Exception {
        ModelManifest m = ModelManifest.load(copyTinyClip());
        assertEquals("tiny-clip-random@1", m.identity());
        assertEquals(PreprocessSpec.Resize.SHORTEST_SIDE, m.preprocess().resize());
    }

    @Test
    void refuses_a_model_file_whose_checksum_differs() throws Exception {
        copyTinyClip();
        Files.write(dir.resolve("model.pt"), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        var e = assertThrows(ModelLoadException.class, () -> ModelManifest.load(dir));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void says_which_field_is_missing() throws Exception {
        copyTinyClip();
        String json = Files.readString(dir.resolve("model.json")).replace("\"dim\"", "\"dimension\"");
        Files.writeString(dir.resolve("model.json"), json);
        var e = assertThrows(ModelLoadException.class, () -> ModelManifest.load(dir));
        assertTrue(e.getMessage().contains("dim"), e.getMessage());
    }

    @Test
    void says_when_the_folder_has_no_manifest() {
        var e = assertThrows(ModelLoadException.class, () -> ModelManifest.load(dir));
        assertTrue(e.getMessage().contains("no model.json"), e.getMessage());
    }

    @Test
    void rejects_an_unknown_resize_policy() throws Exception {
        copyTinyClip();
        String json = Files.readString(dir.resolve("model.json")).replace("shortest-side", "stretch-ish");
        Files.writeString(dir.resolve("model.json"), json);
        assertThrows(ModelLoadException.class, () -> ModelManifest.load(dir));
    }
}
