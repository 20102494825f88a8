package fakebank.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiSettingsTest {
    @Test
    void defaults_are_local_read_only_and_bounded() {
        ApiSettings s = ApiSettings.defaults();
        assertEquals("127.0.0.1", s.host());
        assertEquals(7070, s.port());
        assertTrue(s.writeKeys().isEmpty());
        assertFalse(s.keyReads());
        assertEquals(2, s.maxConcurrentInference());
        assertEquals(32, s.maxQueue());
        assertEquals(Duration.ofSeconds(30), s.requestTimeout());
        assertEquals(20L * 1024 * 1024, s.maxUploadBytes());
    }

    @Test
    void keys_come_from_the_environment_value_and_the_keys_file_without_duplicates(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# reviewers\nfile-key-11111111\n\n  alpha-key-000000  \n");
        assertEquals(List.of("alpha-key-000000", "beta-key-0000000", "file-key-11111111"),
                ApiSettings.keysFrom(" alpha-key-000000, beta-key-0000000,,", file));
        assertEquals(List.of(), ApiSettings.keysFrom(null, null));
    }

    @Test
    void a_missing_keys_file_is_an_error(@TempDir Path dir) {
        assertThrows(RuntimeException.class, () -> ApiSettings.keysFrom(null, dir.resolve("nope")));
    }

    @Test
    void rejects_nonsensical_settings() {
        ApiSettings d = ApiSettings.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withPort(70000));
        assertThrows(IllegalArgumentException.class, () -> d.withInference(0, 1));
        assertThrows(IllegalArgumentException.class, () -> d.withInference(1, -1));
        assertThrows(IllegalArgumentException.class, () -> d.withRequestTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxUploadBytes(10));
        assertThrows(IllegalArgumentException.class, () -> d.withHost(" "));
    }

    @Test
    void to_string_never_shows_a_key() {
        String s = ApiSettings.defaults().withWriteKeys(List.of("secret-key-123456")).toString();
        assertFalse(s.contains("secret"), s);
        assertTrue(s.contains("1 key(s)"), s);
    }

    @Test
    void rejects_short_keys_without_echoing_them() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiSettings.defaults().withWriteKeys(List.of("short")));
        assertFalse(e.getMessage().contains("short"));
    }
}
