package fakebank.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.bank.LabeledVector;
import fakebank.detect.SyntheticBank;
import fakebank.detect.TrainSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FewShotTest {
    @Test
    void shotsJoinTheBankWithoutRetrainingAndMoveTheirGeneratorTowardFake() {
        SyntheticBank synthetic = new SyntheticBank(32, 0.3, 17);
        List<LabeledVector> data = new ArrayList<>(synthetic.entries(40, 3, 4, 20));
        data.addAll(synthetic.entries(0, 0, 1, 6).stream() // a generator too small to report
                .map(v -> new LabeledVector("tiny-" + v.id(), v.vector(), v.label(), "tiny", v.family(), null))
                .toList());
        List<String> skipped = new ArrayList<>();
        List<FewShot.Row> rows = FewShot.run(data, TrainSettings.defaults(), 5, skipped);

        assertEquals(4, rows.size(), rows.toString());
        assertEquals(List.of("tiny (6 images)"), skipped);
        for (FewShot.Row r : rows) {
            assertEquals(15, r.test());
            assertEquals(15, r.before().calledFake() + r.before().unsure() + r.before().calledReal());
            assertTrue(r.after().calledFake() >= r.before().calledFake(), r.toString());
            assertTrue(r.after().novel() <= r.before().novel(), "known look-alikes are not novel: " + r);
            assertTrue(r.meanPFakeAfter() >= r.meanPFakeBefore() - 1e-3, r.toString());
        }
        String md = FewShot.toMarkdown(rows, skipped);
        assertTrue(md.contains("| gen-0 | 5 | 15 |") && md.contains("Too few images to report: tiny"), md);
    }
}
