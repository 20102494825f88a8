package fakebank.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --server URL} and the key for it: write commands that go through a running server. */
final class ServerOptions {
    @Option(names = "--server", paramLabel = "URL", description = "Send this write to a running server (e.g. "
            + "http://127.0.0.1:7070) instead of opening the bank, which the server holds open.")
    String url;

    @Option(names = "--key-file", paramLabel = "FILE", description = "File whose first line is the write key for "
            + "--server (default: $" + ServerClient.KEY_ENV + ").")
    Path keyFile;

    /** The client, or null when no --server was given. */
    ServerClient client() {
        if (url == null) {
            return null;
        }
        if (keyFile == null) {
            return ServerClient.fromEnvironment(url);
        }
        try {
            return new ServerClient(url, Files.readAllLines(keyFile).stream().findFirst().orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key file " + keyFile, e);
        }
    }
}
