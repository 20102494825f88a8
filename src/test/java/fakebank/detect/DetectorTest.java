package fakebank.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.bank.Label;
import fakebank.bank.LabeledVector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DetectorTest {
    static SyntheticBank synthetic;
    static List<LabeledVector> data;
    static Detector detector;

    @BeforeAll
    static void train() {
        synthetic = new SyntheticBank(64, 0.25, 21);
        data = synthetic.entries(30, 3, 5, 18);
        // A wide band so that the walk between the classes cannot step over it.
        DetectorModel model = Trainer.train(data, List.of(), TrainSettings.defaults().withBand(1.5), 1,
                TrainerTest.CLOCK);
        detector = new Detector(new InMemoryKnownImages(data, 1), model);
    }

    private static LabeledVector first(Label label) {
        return data.stream().filter(v -> v.label() == label).findFirst().orElseThrow();
    }

    @Test
    void aVectorNextToFakesIsFakeAndAttributedToTheirGenerator() {
        LabeledVector fake = first(Label.FAKE);
        Verdict v = detector.classify(synthetic.jitter(fake.vector(), 0.02), 5);
        assertEquals(Decision.FAKE, v.verdict());
        assertEquals(fake.generator(), v.attribution().generator());
        assertEquals(fake.family().json(), v.attribution().family());
    }

    @Test
    void aCopyOfAKnownImageIsDecidedByItsLabelWhateverTheScoresSay() {
        // The walk's midpoint is statistically unsure; once it is itself in the bank as a fake, a copy is fake.
        float[] midpoint = SyntheticBank.unit(SyntheticBank.mix(synthetic.realCentre, synthetic.fakeCentre, 0.5));
        List<LabeledVector> withIt = new ArrayList<>(data);
        withIt.add(new LabeledVector("known", midpoint, Label.FAKE, "gen-x", fakebank.bank.Family.OTHER, null));
        Detector known = new Detector(new InMemoryKnownImages(withIt, 2), detector.model(), 0.97);
        Verdict v = known.classify(midpoint, 3);
        assertEquals(Decision.FAKE, v.verdict());
        assertEquals("known", v.knownMatch());
        assertTrue(v.pFake() >= 0.99, "p_fake " + v.pFake());
        assertEquals(null, detector.classify(midpoint, 3).knownMatch(), "not in the original bank");
    }

    @Test
    void aVectorAmongRealsIsRealWithoutAttribution() {
        Verdict v = detector.classify(synthetic.realCentre, 5);
        assertEquals(Decision.REAL, v.verdict());
        assertEquals(Attribution.NONE, v.attribution());
    }

    @Test
    void aCloseButNotIdenticalCopyOfAKnownRealIsUnsureBecauseItMayBeAnEditOfIt() {
        LabeledVector real = first(Label.REAL);
        float[] edited = synthetic.jitter(real.vector(), 0.02); // cosine about 0.99: like a swapped face
        double similarity = 0;
        for (int i = 0; i < edited.length; i++) {
            similarity += edited[i] * real.vector()[i];
        }
        assertTrue(similarity >= Detector.DEFAULT_KNOWN_MATCH && similarity < Verdict.SAME_REAL, "cos " + similarity);
        Verdict v = detector.classify(edited, 0);
        assertEquals(Decision.UNSURE, v.verdict());
        assertEquals(Reason.KNOWN_MATCH, v.reasonCodes().getFirst());
        assertTrue(v.reasons().getFirst().detail().contains("edited copy"), v.reasons().toString());
        assertEquals(Decision.REAL, detector.classify(real.vector(), 0).verdict(), "the same image is real");
    }

    @Test
    void walkingFromRealToFakePassesThroughUnsure() {
        List<Decision> path = new ArrayList<>();
        for (int step = 0; step <= 100; step++) {
            float[] x = SyntheticBank.unit(SyntheticBank.mix(synthetic.realCentre, synthetic.fakeCentre, step / 100.0));
            Decision d = detector.classify(x, 0).verdict();
            if (path.isEmpty() || path.getLast() != d) {
                path.add(d);
            }
        }
        assertEquals(Decision.REAL, path.getFirst(), path.toString());
        assertEquals(Decision.FAKE, path.getLast(), path.toString());
        assertTrue(path.contains(Decision.UNSURE), path.toString());
        assertTrue(path.indexOf(Decision.FAKE) > path.lastIndexOf(Decision.REAL), path.toString());
    }

    @Test
    void evidenceHoldsTheRequestedNumberOfNearestEntries() {
        float[] query = first(Label.REAL).vector();
        assertEquals(20, detector.classify(query, 20).matches().size());
        assertEquals(0, detector.classify(query, 0).matches().size());
        assertEquals(first(Label.REAL).id(), detector.classify(query, 1).matches().getFirst().id());
    }

    @Test
    void embeddingsOfTheWrongDimensionAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> detector.classify(new float[8], 0));
    }

    @Test
    void aOneClassBankAnswersUnsureInsteadOfFailing() {
        List<LabeledVector> reals = synthetic.entries(5, 3, 0, 0);
        DetectorModel model = Trainer.train(reals, List.of(), TrainSettings.defaults(), 3, TrainerTest.CLOCK);
        // Not a copy of a bank entry (that would be decided by the entry's label): a new image near them.
        float[] query = SyntheticBank.unit(SyntheticBank.mix(synthetic.realCentre, synthetic.fakeCentre, 0.3));
        Verdict v = new Detector(new InMemoryKnownImages(reals, 3), model).classify(query, 3);
        assertEquals(Decision.UNSURE, v.verdict());
        assertTrue(Double.isNaN(v.pFakeProbe()));
        assertNotNull(v.attribution());
        assertEquals(3, v.matches().size());
    }

    @Test
    void everyVerdictSaysWhyTheDecidingReasonFirst() {
        Verdict fake = detector.classify(synthetic.fakeCentre, 0); // no copy of anything: decided by the score
        assertEquals(Decision.FAKE, fake.verdict());
        assertEquals(List.of(Reason.SCORE), fake.reasonCodes());
        assertTrue(fake.reasons().getFirst().detail().contains("t_fake"), fake.reasons().toString());
        Verdict copy = detector.classify(first(Label.REAL).vector(), 0);
        assertEquals(Reason.KNOWN_MATCH, copy.reasonCodes().getFirst());
        assertTrue(copy.reasons().getFirst().detail().contains(first(Label.REAL).id()), copy.reasons().toString());
    }

    @Test
    void aQueryFartherFromTheBankThanItsOwnNeighboursIsNovelAndUnsure() {
        // A random direction: far from both class centres, so every bank entry is a stranger to it.
        Verdict v = detector.classify(synthetic.randomUnit(), 0);
        assertEquals(Decision.UNSURE, v.verdict());
        assertEquals(Reason.NOVEL, v.reasonCodes().getFirst(), v.reasons().toString());
        assertEquals(Reason.SCORE, v.reasonCodes().get(1), "the score is still shown");
    }

    @Test
    void scoresThatCannotSeparateMakeEveryVerdictUnsureWithThatReason() {
        // Labels shuffled against the vectors: nothing to learn, so no region qualifies on either side.
        List<LabeledVector> shuffled = new ArrayList<>();
        java.util.Random random = new java.util.Random(3);
        for (LabeledVector v : data) {
            Label label = random.nextBoolean() ? Label.FAKE : Label.REAL;
            shuffled.add(new LabeledVector(v.id(), v.vector(), label, label == Label.FAKE ? "gen-" + random.nextInt(5)
                    : null, v.family(), null));
        }
        DetectorModel model = Trainer.train(shuffled, List.of(), TrainSettings.defaults(), 2, TrainerTest.CLOCK);
        assertTrue(!model.operatingPoint().separates(), model.operatingPoint().toString());
        assertTrue(model.capability().contains("cannot separate"), model.capability());
        Detector noSeparation = new Detector(new InMemoryKnownImages(shuffled, 2), model);
        for (Label label : Label.values()) {
            float[] centre = label == Label.FAKE ? synthetic.fakeCentre : synthetic.realCentre;
            Verdict v = noSeparation.classify(synthetic.jitter(centre, 0.05), 0);
            assertEquals(Decision.UNSURE, v.verdict());
            assertTrue(v.reasonCodes().contains(Reason.NO_SEPARATION), v.reasons().toString());
        }
    }

    @Test
    void strongerEvidenceCanOverruleAVerdictAndGoesFirst() {
        Verdict v = detector.classify(synthetic.realCentre, 0);
        assertEquals(Decision.REAL, v.verdict());
        Verdict overruled = v.decidedBy(Decision.FAKE, new Reason(Reason.METADATA, "C2PA: trainedAlgorithmicMedia"));
        assertEquals(Decision.FAKE, overruled.verdict());
        assertEquals(List.of(Reason.METADATA, Reason.SCORE), overruled.reasonCodes());
        // The combined probability follows the decisive evidence (a FAKE badge never sits beside a low p_fake);
        // the raw scores stay what the detector measured.
        assertTrue(overruled.pFake() >= 0.99, "p_fake " + overruled.pFake());
        assertEquals(v.pFakeKnn(), overruled.pFakeKnn());
        assertEquals(v.pFakeProbe(), overruled.pFakeProbe());
    }
}
