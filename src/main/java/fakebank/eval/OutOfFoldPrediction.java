package fakebank.eval;

import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.detect.Decision;
import java.util.List;

/**
 * One held-out item's scores from a model that never saw its fold (nor its group). {@code threshold} is that
 * fold's model threshold; {@code calledFake()} cuts there, ignoring the unsure band, while {@code decision} is the
 * verdict (two-sided: real below t_real, fake from t_fake), and {@code reasons} its reason codes.
 */
public record OutOfFoldPrediction(
        String id,
        Label label,
        String generator,
        Family family,
        int fold,
        double pFake,
        double pFakeKnn,
        double pFakeProbe,
        double threshold,
        Decision decision,
        List<String> reasons) {

    public OutOfFoldPrediction {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    public boolean isFake() {
        return label == Label.FAKE;
    }

    public boolean calledFake() {
        return pFake >= threshold;
    }
}
