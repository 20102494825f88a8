package fakebank.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import fakebank.bank.LabeledVector;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectorModelTest {
    @TempDir
    Path dir;

    @Test
    void aTrainedModelSurvivesSaveAndLoad() {
        List<LabeledVector> data = new SyntheticBank(32, 0.3, 4).entries(15, 2, 4, 8);
        DetectorModel model = Trainer.train(data, List.of(), TrainSettings.defaults(), 12, TrainerTest.CLOCK);
        Path file = dir.resolve("detector.json");
        model.save(file);
        DetectorModel loaded = DetectorModel.load(file);

        assertEquals(model.toJson(), loaded.toJson());
        assertArrayEquals(model.probe().weights(), loaded.probe().weights());
        assertEquals(model.stacker(), loaded.stacker());
        assertEquals(model.operatingPoint(), loaded.operatingPoint());
        assertEquals(12, loaded.bankVersion());
        float[] query = data.get(3).vector();
        var bank = new InMemoryKnownImages(data, 12);
        assertEquals(new Detector(bank, model).classify(query, 0), new Detector(bank, loaded).classify(query, 0));
    }

    @Test
    void aDegenerateModelWithUndefinedMetricsSurvivesSaveAndLoad() {
        DetectorModel model = Trainer.train(List.of(), List.of(), TrainSettings.defaults(), 0, TrainerTest.CLOCK);
        Path file = dir.resolve("empty.json");
        model.save(file);
        DetectorModel loaded = DetectorModel.load(file);
        assertEquals(ModelStatus.EMPTY, loaded.status());
        assertEquals(model.toJson(), loaded.toJson());
    }
}
