package fakebank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import fakebank.service.Fakebank;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fakebank train}: retrains the probe and calibration on the bank and saves them beside the index. */
@Command(name = "train", description = "Retrain the detector on the bank's current contents.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions service;

    @Option(names = "--augment", description = "Also train on JPEG/blur/downscale copies of kept originals.")
    boolean augment;

    @Mixin
    ServerOptions server;

    @Override
    public Integer call() throws InterruptedException {
        ServerClient client = server.client();
        if (client != null) {
            return viaServer(client);
        }
        try (Fakebank fakebank = service.open()) {
            System.out.println(Json.pretty(fakebank.retrain(System.getProperty("user.name", "cli"), augment)));
        }
        return 0;
    }

    /** The server trains in the background: queue, then poll until that retrain ends, and print the model. */
    private int viaServer(ServerClient client) throws InterruptedException {
        JsonNode status = client.retrain(augment);
        String requestedAt = status.path("retrain").path("requested_at").asText();
        while (true) {
            JsonNode retrain = status.path("retrain");
            String state = retrain.path("state").asText();
            if (!requestedAt.equals(retrain.path("requested_at").asText())) {
                // ours ended and a newer request replaced the state: the model in use is at least ours
                System.out.println(Json.pretty(status.path("model")));
                return 0;
            }
            if (state.equals("done")) {
                System.out.println(Json.pretty(status.path("model")));
                return 0;
            }
            if (state.equals("failed") || state.equals("idle")) {
                System.err.println("the retrain did not finish: " + Json.pretty(retrain));
                return 1;
            }
            Thread.sleep(1000);
            status = client.retrainStatus();
        }
    }
}
