package fakebank.cli;

import fakebank.api.ApiServer;
import fakebank.api.ApiSettings;
import fakebank.service.Fakebank;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fakebank serve}: the HTTP API and web page; an empty bank first imports the seed bank. */
@Command(name = "serve", description = "Serve the HTTP API and the web page.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions service;

    @Mixin
    VideoOptions video;

    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = ApiSettings.DEFAULT_HOST;

    @Option(names = "--port", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = ApiSettings.DEFAULT_PORT;

    @Option(names = "--keys-file", description = "File with one write key per line (besides $"
            + ApiSettings.KEY_ENV + ").")
    Path keysFile;

    @Option(names = "--key-reads", description = "Require a key for reads too.")
    boolean keyReads;

    @Option(names = "--inference-concurrency", description = "Forward passes at once (default: ${DEFAULT-VALUE}).")
    int concurrency = 2;

    @Option(names = "--queue", description = "Requests that may wait for inference before 503 (default: ${DEFAULT-VALUE}).")
    int queue = 32;

    @Option(names = "--timeout", description = "Request timeout in seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 30;

    @Override
    public Integer call() throws InterruptedException {
        ApiSettings settings = new ApiSettings(host, port,
                ApiSettings.keysFrom(System.getenv(ApiSettings.KEY_ENV), keysFile), keyReads, concurrency, queue,
                Duration.ofSeconds(timeoutSeconds), service.maxBytes);
        Fakebank fakebank = service.open();
        fakebank.encoder(); // load the model now: a broken model folder should stop the server before it listens
        fakebank.warmUp();
        ApiServer server = ApiServer.start(fakebank, settings, video.settings());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Close the server first so no add is acknowledged after the bank's final commit.
            server.close();
            fakebank.close();
            stopped.countDown();
        }));
        System.err.printf("fakebank serving on http://%s:%d/ (bank: %d entries, model: %s, write keys: %d)%n", host,
                server.port(), fakebank.stats().live(), fakebank.encoder().identity(), settings.writeKeys().size());
        stopped.await();
        return 0;
    }
}
