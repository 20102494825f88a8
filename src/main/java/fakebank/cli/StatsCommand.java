package fakebank.cli;

import fakebank.service.Fakebank;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fakebank stats}: counts by label, family and generator, size on disk, encoder. */
@Command(name = "stats", description = "Bank statistics as JSON.")
final class StatsCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions service;

    @Override
    public Integer call() {
        try (Fakebank fakebank = service.openForReading()) {
            com.fasterxml.jackson.databind.node.ObjectNode n = Json.MAPPER.valueToTree(fakebank.stats());
            n.set("hash_only", Json.MAPPER.valueToTree(fakebank.hashStats()));
            System.out.println(Json.pretty(n));
        }
        return 0;
    }
}
