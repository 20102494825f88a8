package fakebank.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.bank.BankOptions;
import fakebank.bank.EntryMeta;
import fakebank.bank.Label;
import fakebank.bank.NewEntry;
import fakebank.detect.DetectorModel;
import fakebank.detect.ModelStatus;
import fakebank.testing.TestImages;
import fakebank.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service over damaged or differently configured state on disk. */
class FakebankRecoveryTest {
    @TempDir
    Path tmp;

    private FakebankConfig config(BankOptions options) {
        return FakebankConfig.defaults(TestPaths.projectDir()).withIndexDir(tmp.resolve("index"))
                .withModelDir(TestPaths.defaultModel()).withSeedFile(null).withPredictors(1).withBank(options);
    }

    @Test
    void a_corrupt_detector_file_gives_knn_only_verdicts_and_a_background_retrain_replaces_it() throws Exception {
        try (Fakebank fakebank = Fakebank.open(config(BankOptions.defaults()))) {
            List<NewEntry> seed = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                byte[] real = TestImages.png(TestImages.gradient(i, 64));
                byte[] fake = TestImages.png(TestImages.noise(i, 64));
                seed.add(fakebank.entry(fakebank.embed(real), real, new EntryMeta(Label.REAL, null, null, "t", null,
                        "t")));
                seed.add(fakebank.entry(fakebank.embed(fake), fake, new EntryMeta(Label.FAKE, "g", null, "t", null,
                        "t")));
            }
            fakebank.addAll(seed);
            fakebank.retrain("test", false);
        }
        Path detector = tmp.resolve("index").resolve(Fakebank.DETECTOR_FILE);
        Files.writeString(detector, "{\"format_version\": 1, \"status\": \"TRAI");

        try (Fakebank fakebank = Fakebank.open(config(BankOptions.defaults()))) {
            Classification c = fakebank.classify(TestImages.png(TestImages.noise(77, 64)));
            assertNotNull(c.verdict());
            assertEquals(ModelStatus.TOO_SMALL, fakebank.detectorModel().status(), "kNN vote only meanwhile");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (fakebank.detectorModel().status() == ModelStatus.TOO_SMALL && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(ModelStatus.TRAINED, fakebank.detectorModel().status(), "the retrain swapped in");
            assertEquals(ModelStatus.TRAINED, DetectorModel.load(detector).status(), "and replaced the file");
        }
    }

    @Test
    void settings_chosen_when_the_bank_was_created_are_kept_whatever_later_flags_say() {
        BankOptions d = BankOptions.defaults();
        BankOptions quantizedNoOriginals = new BankOptions(false, d.nearDuplicateThreshold(), d.searchWidth(),
                d.hnswM(), d.hnswBeamWidth(), true);
        byte[] image = TestImages.png(TestImages.noise(5, 64));
        try (Fakebank fakebank = Fakebank.open(config(quantizedNoOriginals))) {
            fakebank.add(TestImages.png(TestImages.noise(4, 64)), new EntryMeta(Label.FAKE, "g", null, "t", null, "t"));
        }
        try (Fakebank fakebank = Fakebank.open(config(BankOptions.defaults()))) {
            assertTrue(fakebank.bank().options().quantized());
            assertFalse(fakebank.bank().options().keepOriginals());
            String id = fakebank.add(image, new EntryMeta(Label.FAKE, "g", null, "t", null, "t")).id();
            assertTrue(fakebank.bank().original(id).isEmpty(), "--no-originals still holds");
        }
    }
}
