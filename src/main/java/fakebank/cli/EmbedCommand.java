package fakebank.cli;

import fakebank.embed.BatchEmbedder;
import fakebank.embed.TorchScriptEncoder;
import fakebank.image.ImageDecoder;
import fakebank.service.FakebankConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fakebank embed}: one JSON line per image with the model, dimension and time (and the vector on request). */
@Command(name = "embed", description = "Embed images and print one JSON line per image.")
final class EmbedCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions service;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Image files or folders.")
    List<String> paths;

    @Option(names = "--vectors", description = "Include the embedding in each line.")
    boolean vectors;

    @Option(names = "--batch", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batch = Importer.BATCH;

    @Override
    public Integer call() {
        FakebankConfig config = service.config();
        PrintStream out = System.out;
        int failed = 0;
        try (TorchScriptEncoder encoder = TorchScriptEncoder.open(config.modelDir(), config.predictors())) {
            ImageDecoder decoder = new ImageDecoder(config.limits(), encoder.preprocessor().spec().minSourceSide());
            List<InputFiles.Input> inputs = InputFiles.expand(paths);
            int[] failures = {0};
            new BatchEmbedder(encoder, batch, config.predictors()).run(inputs, in -> decoder.decode(Files.readAllBytes(in.path())),
                    r -> {
                        Map<String, Object> line = new LinkedHashMap<>();
                        line.put("file", r.item().display());
                        line.put("model", encoder.identity());
                        if (r.ok()) {
                            line.put("dim", r.vector().length);
                            line.put("ms", Math.round(r.millis() * 10) / 10.0);
                            if (vectors) {
                                line.put("vector", r.vector());
                            }
                        } else {
                            line.put("error", Main.message(r.error()));
                            failures[0]++;
                        }
                        out.println(Json.line(line));
                    });
            failed = failures[0];
        }
        return failed == 0 ? 0 : 3;
    }
}
