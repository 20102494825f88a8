package fakebank.api;

import fakebank.testing.TestImages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestBank.Extension.class)
class ConcurrencyApiTest {
    private static final int CLIENTS = 8;
    private static final int REQUESTS = 50;
    private static Http http;

    @BeforeAll
    static void setUp(TestBank bank) {
        http = bank.http;
    }

    @Test
    void eight_clients_mixing_classify_and_add_get_no_5xx_and_every_acknowledged_add_is_stored() throws Exception {
        Queue<String> added = new ConcurrentLinkedQueue<>();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    for (int i = 0; i < REQUESTS; i++) {
                        boolean fake = (client + i) % 2 == 0;
                        byte[] image = fake ? TestImages.fakePng() : TestImages.realPng();
                        Http.Response r;
                        if (i % 3 == 0) {
                            r = http.post("/v1/images", new Http.Multipart().image(image)
                                    .field("label", fake ? "fake" : "real").field("source", "concurrency-" + client),
                                    Http.bearer(TestBank.KEY));
                            if (r.status() == 201) {
                                added.add(r.json().path("id").asText());
                            } else {
                                failures.add("add " + r.status() + " " + r.text());
                            }
                        } else {
                            r = http.post("/v1/classify", new Http.Multipart().image(image));
                            if (r.status() != 200) {
                                failures.add("classify " + r.status() + " " + r.text());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures, e.g. " + failures.peek());
        int expectedAdds = CLIENTS * ((REQUESTS + 2) / 3);
        assertEquals(expectedAdds, added.size());
        for (String id : added) {
            Http.Response r = http.get("/v1/images/" + id);
            assertEquals(200, r.status(), () -> "acknowledged add " + id + " is stored: " + r.text());
            JsonNode entry = r.json();
            assertFalse(entry.path("deleted").asBoolean());
            assertTrue(entry.path("source").asText().startsWith("concurrency-"));
        }
    }
}
