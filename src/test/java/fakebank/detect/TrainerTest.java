package fakebank.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.bank.LabeledVector;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainerTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    /** Overlapping classes, so the threshold has real work to do. */
    static List<LabeledVector> overlapping() {
        return new SyntheticBank(64, 0.45, 11).entries(40, 3, 6, 20);
    }

    @Test
    void thresholdKeepsTheFalsePositiveRateAtTheTargetOnOutOfFoldScores() {
        DetectorModel model = Trainer.train(overlapping(), List.of(), TrainSettings.defaults(), 1, CLOCK);
        assertEquals(ModelStatus.TRAINED, model.status());
        assertTrue(model.metrics().fprAtThreshold() <= 0.05 + 1e-9, model.metrics().toString());
        assertTrue(model.metrics().auc() > 0.8, model.metrics().toString());
        double t = model.operatingPoint().threshold();
        assertTrue(model.operatingPoint().unsureLow() < t && t < model.operatingPoint().unsureHigh());
    }

    @Test
    void probeRegularisationIsChosenFromTheGrid() {
        DetectorModel model = Trainer.train(overlapping(), List.of(), TrainSettings.defaults(), 1, CLOCK);
        assertTrue(TrainSettings.DEFAULT_C_GRID.contains(model.probe().c()));
        assertEquals(TrainSettings.DEFAULT_C_GRID.size(), model.metrics().cSearch().size());
        assertTrue(TrainSettings.DEFAULT_TEMPERATURES.contains(model.vote().temperature()));
    }

    @Test
    void trainingTwiceGivesTheSameModel() {
        String first = Trainer.train(overlapping(), List.of(), TrainSettings.defaults(), 1, CLOCK).toJson();
        String second = Trainer.train(overlapping(), List.of(), TrainSettings.defaults(), 1, CLOCK).toJson();
        assertEquals(first, second);
    }

    @Test
    void augmentedCopiesNeverHelpScoreTheirOwnSource() {
        // Random labels on random vectors: nothing to learn. Exact copies in the training folds of their own source
        // would let a weakly regularised probe memorise the held-out items and reach an AUC near 1.
        Random random = new Random(5);
        SyntheticBank noise = new SyntheticBank(64, 1, 6);
        List<LabeledVector> data = new ArrayList<>();
        List<LabeledVector> copies = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            Label label = random.nextBoolean() ? Label.FAKE : Label.REAL;
            LabeledVector v = new LabeledVector("img" + i, noise.randomUnit(), label, label == Label.FAKE ? "g" + i % 7
                    : null, Family.OTHER, null);
            data.add(v);
            copies.add(new LabeledVector(v.id(), v.vector().clone(), v.label(), v.generator(), v.family(), null));
        }
        DetectorModel model = Trainer.train(data, copies, TrainSettings.defaults().withCGrid(List.of(100.0)), 1,
                CLOCK);
        assertEquals(120, model.metrics().nAugmented());
        assertTrue(model.metrics().aucProbe() < 0.75, "out-of-fold probe AUC " + model.metrics().aucProbe());
    }

    @Test
    void augmentedCopiesOfUnknownEntriesAreIgnoredWithANote() {
        List<LabeledVector> data = overlapping();
        LabeledVector stray = new LabeledVector("nobody", data.getFirst().vector(), Label.REAL, null, Family.UNKNOWN,
                null);
        DetectorModel model = Trainer.train(data, List.of(stray), TrainSettings.defaults(), 1, CLOCK);
        assertEquals(0, model.metrics().nAugmented());
        assertTrue(model.metrics().notes().stream().anyMatch(n -> n.contains("name no bank entry")));
    }

    @Test
    void aBankOfOneClassGivesAModelThatSaysSoAndNeverCommits() {
        List<LabeledVector> fakes = new SyntheticBank(16, 0.1, 1).entries(0, 0, 3, 10);
        DetectorModel model = Trainer.train(fakes, List.of(), TrainSettings.defaults(), 7, CLOCK);
        assertEquals(ModelStatus.ONE_CLASS, model.status());
        assertNull(model.probe());
        assertEquals(Decision.UNSURE, model.decide(0.99));
        assertEquals(7, model.bankVersion());
    }

    @Test
    void aTinyBankGivesAKnnOnlyModelWithAWideBand() {
        List<LabeledVector> few = new SyntheticBank(16, 0.1, 1).entries(2, 2, 2, 2);
        DetectorModel model = Trainer.train(few, List.of(), TrainSettings.defaults(), 1, CLOCK);
        assertEquals(ModelStatus.TOO_SMALL, model.status());
        assertNull(model.probe());
        assertEquals(0.2, model.operatingPoint().unsureLow(), 1e-9);
        assertEquals(0.8, model.operatingPoint().unsureHigh(), 1e-9);
    }

    @Test
    void anEmptyBankGivesAnEmptyModel() {
        DetectorModel model = Trainer.train(List.of(), List.of(), TrainSettings.defaults(), 0, CLOCK);
        assertEquals(ModelStatus.EMPTY, model.status());
        assertNotNull(model.note());
    }

    /**
     * A bank above the exact limit is cross-validated on a sample: the chosen parameters, the quality and the cuts
     * stay close to the exact run's.
     */
    @Test
    void aSampledRunAgreesWithTheExactOneWithinTolerance() {
        List<LabeledVector> data = new SyntheticBank(64, 0.45, 31).entries(150, 4, 8, 75);
        DetectorModel exact = Trainer.train(data, List.of(), TrainSettings.defaults(), 1, CLOCK);
        // 1200 entries, 600 of them scored out of fold, fold probes on 600 rows
        TrainSettings sampled = TrainSettings.defaults().withScale(new TrainingScale(1000, 600, 600));
        DetectorModel approx = Trainer.train(data, List.of(), sampled, 1, CLOCK);
        assertEquals(600, approx.metrics().n(), approx.metrics().toString());
        assertEquals(1200, exact.metrics().n());
        assertTrue(approx.metrics().notes().stream().anyMatch(n -> n.contains("sample of 600 of 1200")),
                approx.metrics().notes().toString());
        assertEquals(exact.metrics().auc(), approx.metrics().auc(), 0.03);
        assertEquals(exact.metrics().aucKnn(), approx.metrics().aucKnn(), 0.03);
        assertEquals(exact.operatingPoint().threshold(), approx.operatingPoint().threshold(), 0.1);
        assertEquals(exact.novelty().similarity(), approx.novelty().similarity(), 0.02);
        // the final probe sees every entry in both runs
        assertEquals(exact.vote().temperature(), approx.vote().temperature());
    }
}
