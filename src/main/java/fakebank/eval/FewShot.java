package fakebank.eval;

import fakebank.bank.Label;
import fakebank.bank.LabeledVector;
import fakebank.detect.Detector;
import fakebank.detect.DetectorModel;
import fakebank.detect.InMemoryKnownImages;
import fakebank.detect.TrainSettings;
import fakebank.detect.Trainer;
import fakebank.detect.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How fast a new generator is learnt, the way the server learns it: for each generator, a detector is trained on
 * everything else and classifies that generator's images ("before"); then its first {@code shots} images join the
 * bank <em>without retraining</em> (as an upload through the API does: the kNN vote and the novelty check see new
 * entries at once) and the same model classifies the rest again ("after"). Generators with fewer than
 * {@code shots + MIN_TEST} images are listed as skipped.
 */
public final class FewShot {
    /** Test images a generator needs beyond its shots to be reported. */
    public static final int MIN_TEST = 3;

    private static final Clock FIXED_CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    private FewShot() {
    }

    /** One generator's test images before and after its shots joined the bank. */
    public record Row(String generator, int shots, int test, EvalReport.Verdicts before, EvalReport.Verdicts after,
            double meanPFakeBefore, double meanPFakeAfter) {
    }

    public static List<Row> run(List<LabeledVector> data, TrainSettings s, int shots, List<String> skipped) {
        Map<String, List<LabeledVector>> byGenerator = new TreeMap<>();
        for (LabeledVector v : data) {
            if (v.label() == Label.FAKE) {
                byGenerator.computeIfAbsent(CrossValidation.generatorOf(v), g -> new ArrayList<>()).add(v);
            }
        }
        List<Row> rows = new ArrayList<>();
        int round = 0;
        for (Map.Entry<String, List<LabeledVector>> e : byGenerator.entrySet()) {
            List<LabeledVector> images = e.getValue();
            if (images.size() < shots + MIN_TEST) {
                skipped.add(e.getKey() + " (" + images.size() + " images)");
                continue;
            }
            List<LabeledVector> others = data.stream().filter(v -> !images.contains(v)).toList();
            DetectorModel model = Trainer.train(others, List.of(), s, round, FIXED_CLOCK);
            List<LabeledVector> withShots = new ArrayList<>(others);
            withShots.addAll(images.subList(0, shots));
            List<LabeledVector> test = images.subList(shots, images.size());
            List<OutOfFoldPrediction> before = predict(new Detector(new InMemoryKnownImages(others, round), model),
                    test, round);
            List<OutOfFoldPrediction> after = predict(new Detector(new InMemoryKnownImages(withShots, round + 1),
                    model), test, round);
            rows.add(new Row(e.getKey(), shots, test.size(), EvalReport.Verdicts.of(before),
                    EvalReport.Verdicts.of(after), mean(before), mean(after)));
            round += 2;
        }
        return rows;
    }

    private static List<OutOfFoldPrediction> predict(Detector detector, List<LabeledVector> test, int fold) {
        List<OutOfFoldPrediction> out = new ArrayList<>();
        for (LabeledVector v : test) {
            Verdict verdict = detector.classify(v.vector(), 0);
            out.add(new OutOfFoldPrediction(v.id(), v.label(), v.generator(), v.family(), fold, verdict.pFake(),
                    verdict.pFakeKnn(), verdict.pFakeProbe(), verdict.threshold(), verdict.verdict(),
                    verdict.reasonCodes()));
        }
        return out;
    }

    private static double mean(List<OutOfFoldPrediction> predictions) {
        return predictions.stream().mapToDouble(OutOfFoldPrediction::pFake).average().orElse(Double.NaN);
    }

    /** The rows as a Markdown table. */
    public static String toMarkdown(List<Row> rows, List<String> skipped) {
        StringBuilder md = new StringBuilder("| generator | shots | test images | before: fake / unsure / real |"
                + " after: fake / unsure / real | novel before -> after | mean p(fake) before -> after |\n"
                + "|---|---:|---:|---|---|---|---|\n");
        for (Row r : rows) {
            md.append("| ").append(r.generator()).append(" | ").append(r.shots()).append(" | ").append(r.test())
                    .append(" | ").append(counts(r.before())).append(" | ").append(counts(r.after())).append(" | ")
                    .append(r.before().novel()).append(" -> ").append(r.after().novel()).append(" | ")
                    .append(String.format(java.util.Locale.ROOT, "%.3f -> %.3f", r.meanPFakeBefore(),
                            r.meanPFakeAfter()))
                    .append(" |\n");
        }
        int[] total = new int[6];
        for (Row r : rows) {
            total[0] += r.before().calledFake();
            total[1] += r.before().unsure();
            total[2] += r.before().calledReal();
            total[3] += r.after().calledFake();
            total[4] += r.after().unsure();
            total[5] += r.after().calledReal();
        }
        md.append("| all | | ").append(rows.stream().mapToInt(Row::test).sum()).append(" | ").append(total[0])
                .append(" / ").append(total[1]).append(" / ").append(total[2]).append(" | ").append(total[3])
                .append(" / ").append(total[4]).append(" / ").append(total[5]).append(" | | |\n");
        if (!skipped.isEmpty()) {
            md.append("\nToo few images to report: ").append(String.join(", ", skipped)).append(".\n");
        }
        return md.toString();
    }

    private static String counts(EvalReport.Verdicts v) {
        return v.calledFake() + " / " + v.unsure() + " / " + v.calledReal();
    }
}
