package fakebank.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.testing.TestImages;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stopping the server lets requests in progress finish instead of cutting their connections. */
@ExtendWith(TestBank.Extension.class)
class GracefulStopTest {
    private static TestBank bank;

    @BeforeAll
    static void setUp(TestBank b) {
        bank = b;
    }

    @Test
    void requests_in_progress_when_the_server_stops_all_get_their_answer() throws Exception {
        ApiServer server = bank.start(TestBank.settings().withInference(1, 64));
        Http http = new Http(server.port());
        byte[] image = TestImages.png(TestImages.noise(5, 256));
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        var clients = java.util.concurrent.Executors.newFixedThreadPool(12);
        for (int i = 0; i < 12; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> http.post("/v1/classify",
                    new Http.Multipart().image(image)).status(), clients));
        }
        while (server.inFlight() < 12) {
            Thread.sleep(5); // every request has reached the server and waits for the one-at-a-time model
        }
        server.close();

        for (CompletableFuture<Integer> call : calls) {
            assertEquals(200, call.get(60, TimeUnit.SECONDS), "an in-flight request was answered");
        }
        clients.shutdown();
        assertTrue(clients.awaitTermination(10, TimeUnit.SECONDS));
    }
}
