package fakebank.cli;

import fakebank.service.Fakebank;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code fakebank get}: one entry's record as JSON (deleted entries included, marked). */
@Command(name = "get", description = "Show one bank entry.")
final class GetCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions service;

    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        try (Fakebank fakebank = service.openForReading()) {
            var hash = fakebank.hashEntry(id);
            System.out.println(Json.pretty(hash.isPresent() ? hash.get() : fakebank.get(id)));
        }
        return 0;
    }
}
