package fakebank.cli;

import fakebank.service.Fakebank;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fakebank remove}: tombstones an entry; it stops matching at once and stays in the audit log. */
@Command(name = "remove", description = "Remove an entry (kept as a tombstone with the reason).")
final class RemoveCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions service;

    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--reason", required = true, description = "Why it is removed (kept in the audit log).")
    String reason;

    @Option(names = "--by", description = "Who removes (default: $USER).")
    String by = System.getProperty("user.name", "cli");

    @Mixin
    ServerOptions server;

    @Override
    public Integer call() {
        if (reason.isBlank()) {
            throw new IllegalArgumentException("--reason must not be empty");
        }
        ServerClient client = server.client();
        if (client != null) {
            client.remove(id, reason);
            System.out.println("removed " + id);
            return 0;
        }
        try (Fakebank fakebank = service.open()) {
            fakebank.remove(id, reason, by);
            System.out.println("removed " + id);
        }
        return 0;
    }
}
