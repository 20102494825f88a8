package fakebank.api;

import fakebank.testing.TestImages;
import fakebank.bank.EntryMeta;
import fakebank.bank.Label;
import fakebank.bank.NewEntry;
import fakebank.service.Fakebank;
import fakebank.service.FakebankConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link Fakebank} (temporary bank, seeded with a few generated images) and one API server on a random port,
 * shared by every API test class in the JVM: loading the model takes seconds. Tests that need other settings start
 * their own {@link ApiServer} on the same service with {@link #start(ApiSettings)}. Register with
 * {@code @ExtendWith(TestBank.Extension.class)} and take a {@code TestBank} parameter in {@code @BeforeAll}.
 */
final class TestBank implements AutoCloseable {
    static final String KEY = "test-key-0123456789";
    static final String OTHER_KEY = "other-key-abcdefghij";
    static final long MAX_UPLOAD = 2L * 1024 * 1024;

    final Path dir;
    final Fakebank fakebank;
    final ApiServer server;
    final Http http;

    private TestBank() throws IOException {
        dir = Files.createTempDirectory("fakebank-api-test");
        Path project = Path.of(System.getProperty("fakebank.projectDir", ".")).toAbsolutePath();
        FakebankConfig config = FakebankConfig.defaults(project)
                .withIndexDir(dir.resolve("index"))
                .withModelDir(modelDir(project))
                .withSeedFile(null)
                .withPredictors(2);
        fakebank = Fakebank.open(config);
        // one batch: a single durable sync and no retrain per add
        List<NewEntry> seed = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seed.add(entry(TestImages.realPng(), new EntryMeta(Label.REAL, "camera", null, "test-seed", null, "test")));
            seed.add(entry(TestImages.fakePng(), new EntryMeta(Label.FAKE, "stable-diffusion-1.5", null, "test-seed",
                    null, "test")));
        }
        fakebank.addAll(seed);
        fakebank.retrain("test", false);
        server = start(settings());
        http = new Http(server.port());
    }

    private NewEntry entry(byte[] image, EntryMeta meta) {
        return fakebank.entry(fakebank.embed(image), image, meta);
    }

    /** The real default model when the checkout has it, else the tiny random CLIP test model. */
    static Path modelDir(Path project) {
        Path real = project.resolve("models").resolve(FakebankConfig.DEFAULT_MODEL);
        if (Files.isRegularFile(real.resolve("model.json"))) {
            return real;
        }
        return project.resolve("src/test/resources/tiny-clip/model");
    }

    /** The shared server's settings: random port, two write keys, 2 MB uploads. */
    static ApiSettings settings() {
        return ApiSettings.defaults().withPort(0).withWriteKeys(List.of(KEY, OTHER_KEY))
                .withInference(2, 64).withRequestTimeout(Duration.ofSeconds(60)).withMaxUploadBytes(MAX_UPLOAD);
    }

    ApiServer start(ApiSettings settings) {
        return ApiServer.start(fakebank, settings);
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            fakebank.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Creates the shared bank on first use and closes it when the whole test run ends. */
    static final class Extension implements BeforeAllCallback, ParameterResolver {
        @Override
        public void beforeAll(ExtensionContext context) {
            shared(context);
        }

        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
            return p.getParameter().getType() == TestBank.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext e) {
            return shared(e);
        }

        private static TestBank shared(ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.create(TestBank.class))
                    .getOrComputeIfAbsent("bank", k -> {
                        try {
                            return new TestBank();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }, TestBank.class);
        }
    }
}
