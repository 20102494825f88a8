package fakebank.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.error.ForbiddenException;
import fakebank.error.UnauthorizedException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    private final ApiKeys keys = new ApiKeys(List.of("first-key-123456", "second-key-65432"));

    @Test
    void an_accepted_key_yields_its_key_id_not_the_key() {
        String id = keys.authenticate("Bearer second-key-65432");
        assertTrue(id.matches("key:[0-9a-f]{8}"), id);
        assertFalse(id.contains("second"));
        assertEquals(ApiKeys.keyId("second-key-65432"), id);
    }

    @Test
    void the_scheme_is_case_insensitive() {
        assertEquals(ApiKeys.keyId("first-key-123456"), keys.authenticate("bearer   first-key-123456"));
    }

    @Test
    void no_or_non_bearer_header_is_unauthorized() {
        assertThrows(UnauthorizedException.class, () -> keys.authenticate(null));
        assertThrows(UnauthorizedException.class, () -> keys.authenticate("Basic Zm9vOmJhcg=="));
        assertThrows(UnauthorizedException.class, () -> keys.authenticate("Bearer "));
    }

    @Test
    void a_wrong_key_is_forbidden() {
        assertThrows(ForbiddenException.class, () -> keys.authenticate("Bearer first-key-12345"));
    }

    @Test
    void without_configured_keys_every_write_is_forbidden() {
        assertThrows(ForbiddenException.class, () -> new ApiKeys(List.of()).authenticate("Bearer anything-at-all"));
    }

    @Test
    void bearer_parsing() {
        assertEquals("abc", ApiKeys.bearer("Bearer abc"));
        assertNull(ApiKeys.bearer("Bearerabc"));
        assertNull(ApiKeys.bearer(""));
    }
}
