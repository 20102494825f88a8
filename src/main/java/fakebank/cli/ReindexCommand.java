package fakebank.cli;

import fakebank.bank.BankRebuild;
import fakebank.embed.TorchScriptEncoder;
import fakebank.image.ImageDecoder;
import fakebank.image.RgbImage;
import fakebank.image.Thumbnails;
import fakebank.service.Fakebank;
import fakebank.service.FakebankConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fakebank reindex --model DIR}: re-embeds the bank's kept originals with another encoder (ids, labels and
 * sources kept), swaps the new bank in, keeps the old one beside it, and retrains the detector.
 */
@Command(name = "reindex", description = "Re-embed the bank with another encoder (--model) from kept originals.")
final class ReindexCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions service;

    @Option(names = "--drop-missing", description = "Rebuild without entries whose original was not kept or could "
            + "not be re-embedded (by default the bank is left unchanged and they are listed).")
    boolean dropMissing;

    @Override
    public Integer call() {
        FakebankConfig config = service.config();
        if (service.model == null) {
            throw new IllegalArgumentException("give the new encoder with --model DIR");
        }
        String before = BankRebuild.encoderOf(config.indexDir()).orElseThrow(
                () -> new IllegalArgumentException("no bank at " + config.indexDir()));
        BankRebuild.Summary summary;
        try (TorchScriptEncoder encoder = TorchScriptEncoder.open(config.modelDir(), 1)) {
            ImageDecoder decoder = new ImageDecoder(config.limits(), encoder.preprocessor().spec().minSourceSide());
            summary = BankRebuild.rebuild(config.indexDir(), config.bank(), encoder.identity(), encoder.dim(),
                    bytes -> {
                        RgbImage image = decoder.decode(bytes);
                        return new BankRebuild.Reembedded(encoder.embed(image), Thumbnails.of(image));
                    }, dropMissing, System.getProperty("user.name", "cli"));
        }
        summary.failures().forEach(f -> System.err.println("failed: " + f));
        try (Fakebank fakebank = Fakebank.open(config.withSeedFile(null))) {
            fakebank.retrain("reindex", false);
            System.out.println("reindexed " + config.indexDir() + ": " + before + " -> "
                    + fakebank.encoder().identity() + "; reembedded=" + summary.reembedded() + " dropped="
                    + summary.dropped() + " failed=" + summary.failures().size() + "; previous bank kept at "
                    + summary.backup());
        }
        return summary.failures().isEmpty() ? 0 : 3;
    }
}
