package fakebank.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.bank.EntryMeta;
import fakebank.bank.Label;
import fakebank.bank.NewEntry;
import fakebank.detect.Decision;
import fakebank.detect.DetectorModel;
import fakebank.detect.Reason;
import fakebank.detect.Verdict;
import fakebank.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's detector life cycle on a real bank and the real encoder: old model files, and uploads. */
class FakebankDetectorTest {
    @TempDir
    Path dir;

    private Fakebank open(double retrainShare) {
        Path project = Path.of(System.getProperty("fakebank.projectDir", ".")).toAbsolutePath();
        Path model = project.resolve("models").resolve(FakebankConfig.DEFAULT_MODEL);
        if (!Files.isRegularFile(model.resolve("model.json"))) {
            model = project.resolve("src/test/resources/tiny-clip/model");
        }
        return Fakebank.open(FakebankConfig.defaults(project).withIndexDir(dir.resolve("index")).withModelDir(model)
                .withSeedFile(null).withPredictors(1).withRetrainShare(retrainShare));
    }

    private static void seed(Fakebank fakebank, int each) {
        List<NewEntry> entries = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            byte[] real = TestImages.png(TestImages.gradient(TestImages.nextSeed(), 96));
            byte[] fake = TestImages.png(TestImages.noise(TestImages.nextSeed(), 96));
            entries.add(fakebank.entry(fakebank.embed(real), real,
                    new EntryMeta(Label.REAL, "camera", null, "test", null, "test")));
            entries.add(fakebank.entry(fakebank.embed(fake), fake,
                    new EntryMeta(Label.FAKE, "noise-gen", null, "test", null, "test")));
        }
        fakebank.addAll(entries);
    }

    @Test
    void a_model_file_of_an_older_format_is_retrained_not_trusted() throws Exception {
        try (Fakebank fakebank = open(0.1)) {
            seed(fakebank, 6);
            fakebank.retrain("test", false);
            Path file = fakebank.detectorFile();
            Files.writeString(file, Files.readString(file).replaceFirst("\"formatVersion\" : 2",
                    "\"formatVersion\" : 1"));
        }
        try (Fakebank reopened = open(0.1)) {
            DetectorModel model = reopened.detectorModel();
            assertEquals(DetectorModel.FORMAT_VERSION, model.formatVersion());
            assertEquals(DetectorModel.FORMAT_VERSION, DetectorModel.load(reopened.detectorFile()).formatVersion(),
                    "the retrained model replaced the old file");
        }
    }

    @Test
    void an_upload_counts_at_once_without_a_retrain() {
        try (Fakebank fakebank = open(0.5)) {
            seed(fakebank, 6);
            DetectorModel before = fakebank.retrain("test", false);
            byte[] upload = TestImages.png(TestImages.noise(TestImages.nextSeed(), 96));
            fakebank.add(upload, new EntryMeta(Label.FAKE, "new-gen", null, "test", null, "test"));
            Verdict v = fakebank.classify(upload).verdict();
            assertEquals(before.trainedAt(), fakebank.detectorModel().trainedAt(), "no retrain for one upload");
            assertEquals(Decision.FAKE, v.verdict(), v.reasons().toString());
            assertEquals(Reason.KNOWN_MATCH, v.reasonCodes().getFirst());
            assertTrue(v.matches().getFirst().generator().equals("new-gen"), v.matches().toString());
        }
    }
}
