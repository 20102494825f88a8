package fakebank.cli;

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
    public Integer call() {
        ServerClient client = server.client();
        if (client != null) {
            System.out.println(Json.pretty(client.retrain(augment)));
            return 0;
        }
        try (Fakebank fakebank = service.open()) {
            System.out.println(Json.pretty(fakebank.retrain(System.getProperty("user.name", "cli"), augment)));
        }
        return 0;
    }
}
