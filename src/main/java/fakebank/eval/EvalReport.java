package fakebank.eval;

import fakebank.metrics.ClassScores;
import fakebank.metrics.ConfusionMatrix;
import fakebank.metrics.Metrics;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import fakebank.bank.Family;
import fakebank.detect.Decision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * An evaluation's results as tables: one row per setting (e.g. grouped K-fold, leave-generator-out), accuracy
 * per generator, and robustness rows (e.g. the same images JPEG-compressed). Decision metrics cut at each
 * prediction's own threshold; {@code unsureRate} is the share the unsure band would have held back. Metrics a
 * setting cannot define (AUC without both classes) are NaN, printed as "-".
 */
public record EvalReport(String title, String createdAt, List<SettingRow> settings, List<GeneratorRow> generators,
        List<RobustnessRow> robustness, List<DecidedRow> decided) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public EvalReport {
        settings = List.copyOf(settings);
        generators = List.copyOf(generators);
        robustness = List.copyOf(robustness);
        decided = decided == null ? List.of() : List.copyOf(decided);
    }

    /** Markdown lists at most this many decided images per report (the JSON has all). */
    private static final int DECIDED_SHOWN = 100;

    /** One image the evaluation decided (real or fake), so a wrong verdict can be looked at by name. */
    public record DecidedRow(String setting, String id, String label, String generator, String verdict,
            double pFake, List<String> reasons, boolean correct) {
        static List<DecidedRow> of(String setting, List<OutOfFoldPrediction> predictions) {
            return predictions.stream().filter(p -> p.decision() != Decision.UNSURE)
                    .map(p -> new DecidedRow(setting, p.id(), p.label().json(), p.generator(), p.decision().json(),
                            p.pFake(), p.reasons(), p.decision().json().equals(p.label().json())))
                    .toList();
        }
    }

    /** Summary metrics of one setting's out-of-fold predictions. */
    public record SettingRow(String setting, int n, int nReal, int nFake, double accuracy, double balancedAccuracy,
            ClassScores real, ClassScores fake, double auc, double averagePrecision, ConfusionMatrix confusion,
            double fprAtThreshold, double unsureRate, double aucKnn, double aucProbe, Verdicts verdicts) {

        public static SettingRow of(String setting, List<OutOfFoldPrediction> predictions) {
            double[] scores = predictions.stream().mapToDouble(OutOfFoldPrediction::pFake).toArray();
            boolean[] isFake = flags(predictions, OutOfFoldPrediction::isFake);
            ConfusionMatrix confusion = Metrics.confusion(flags(predictions, OutOfFoldPrediction::calledFake),
                    isFake);
            long unsure = predictions.stream().filter(p -> p.decision() == Decision.UNSURE).count();
            int fakes = (int) (confusion.truePositives() + confusion.falseNegatives());
            return new SettingRow(setting, predictions.size(), predictions.size() - fakes, fakes,
                    confusion.accuracy(), confusion.balancedAccuracy(), confusion.real(), confusion.fake(),
                    Metrics.rocAuc(scores, isFake), Metrics.averagePrecision(scores, isFake), confusion,
                    confusion.falsePositiveRate(), ClassScores.ratio(unsure, predictions.size()),
                    aucIfDefined(predictions.stream().mapToDouble(OutOfFoldPrediction::pFakeKnn).toArray(), isFake),
                    aucIfDefined(predictions.stream().mapToDouble(OutOfFoldPrediction::pFakeProbe).toArray(),
                            isFake), Verdicts.of(predictions));
        }

        /** A component score is NaN where a fold's model had none (e.g. too few images for a probe). */
        private static double aucIfDefined(double[] scores, boolean[] isFake) {
            for (double s : scores) {
                if (Double.isNaN(s)) {
                    return Double.NaN;
                }
            }
            return Metrics.rocAuc(scores, isFake);
        }
    }

    /**
     * What the verdicts (not the single threshold) claimed and how often they were right: {@code precisionReal} is
     * the share of {@code real} verdicts that were real photos, {@code precisionFake} the share of {@code fake}
     * verdicts that were fakes, {@code coverage} the share decided at all; {@code novel} counts unsure verdicts
     * with reason {@code novel}. Precision is NaN when a class was never called.
     */
    public record Verdicts(int calledReal, int wrongReal, int calledFake, int wrongFake, int unsure, int novel,
            double precisionReal, double precisionFake, double coverage) {
        public static Verdicts of(List<OutOfFoldPrediction> predictions) {
            int calledReal = 0;
            int wrongReal = 0;
            int calledFake = 0;
            int wrongFake = 0;
            int unsure = 0;
            int novel = 0;
            for (OutOfFoldPrediction p : predictions) {
                switch (p.decision()) {
                    case REAL -> {
                        calledReal++;
                        wrongReal += p.isFake() ? 1 : 0;
                    }
                    case FAKE -> {
                        calledFake++;
                        wrongFake += p.isFake() ? 0 : 1;
                    }
                    case UNSURE -> {
                        unsure++;
                        novel += p.reasons().contains(fakebank.detect.Reason.NOVEL) ? 1 : 0;
                    }
                }
            }
            return new Verdicts(calledReal, wrongReal, calledFake, wrongFake, unsure, novel,
                    ClassScores.ratio(calledReal - wrongReal, calledReal),
                    ClassScores.ratio(calledFake - wrongFake, calledFake),
                    ClassScores.ratio(calledReal + calledFake, predictions.size()));
        }
    }

    /**
     * Accuracy on the images of one generator (reals form the row "real"): for fakes it is the share detected,
     * for reals the share passed.
     */
    public record GeneratorRow(String setting, String generator, String family, int n, double accuracy,
            double meanPFake, Verdicts verdicts) {

        /** One row per generator, reals first, then generators by name. */
        public static List<GeneratorRow> of(String setting, List<OutOfFoldPrediction> predictions) {
            Map<String, List<OutOfFoldPrediction>> byGenerator = new TreeMap<>();
            for (OutOfFoldPrediction p : predictions) {
                String key = p.isFake() ? Objects.requireNonNullElse(p.generator(), CrossValidation.UNKNOWN_GENERATOR)
                        : "";
                byGenerator.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
            }
            List<GeneratorRow> rows = new ArrayList<>();
            byGenerator.forEach((generator, items) -> {
                long correct = items.stream().filter(p -> p.calledFake() == p.isFake()).count();
                Family family = items.getFirst().isFake() ? items.getFirst().family() : null;
                rows.add(new GeneratorRow(setting, generator.isEmpty() ? "real" : generator,
                        family == null ? "-" : family.json(), items.size(), ClassScores.ratio(correct, items.size()),
                        items.stream().mapToDouble(OutOfFoldPrediction::pFake).average().orElse(Double.NaN),
                        Verdicts.of(items)));
            });
            return rows;
        }
    }

    /** How well the detector holds up under one perturbation of the evaluated images. */
    public record RobustnessRow(String name, double auc, double accuracy) {
        public static RobustnessRow of(String name, List<OutOfFoldPrediction> predictions) {
            SettingRow row = SettingRow.of(name, predictions);
            return new RobustnessRow(name, row.auc(), row.accuracy());
        }
    }

    /** Summarises cross-validation results (settings and per-generator tables) and robustness predictions. */
    public static EvalReport of(String title, String createdAt, List<CrossValidation.Result> results,
            Map<String, List<OutOfFoldPrediction>> robustnessPredictions) {
        List<SettingRow> settings = new ArrayList<>();
        List<GeneratorRow> generators = new ArrayList<>();
        for (CrossValidation.Result r : results) {
            settings.add(SettingRow.of(r.setting(), r.predictions()));
            generators.addAll(GeneratorRow.of(r.setting(), r.predictions()));
        }
        List<RobustnessRow> robustness = new ArrayList<>();
        robustnessPredictions.forEach((name, predictions) -> robustness.add(RobustnessRow.of(name, predictions)));
        List<DecidedRow> decided = new ArrayList<>();
        results.forEach(r -> decided.addAll(DecidedRow.of(r.setting(), r.predictions())));
        return new EvalReport(title, createdAt, settings, generators, robustness, decided);
    }

    public String toMarkdown() {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        if (createdAt != null) {
            md.append("Created ").append(createdAt).append(".\n\n");
        }
        md.append("## Settings\n\n")
                .append("| setting | n | real | fake | acc | bal. acc | AUC | AUC kNN | AUC probe | AP | P real"
                        + " | R real | F1 real | P fake | R fake | F1 fake | TP | FP | TN | FN | FPR | unsure |\n")
                .append("|---|" + "---:|".repeat(21) + "\n");
        for (SettingRow r : settings) {
            ConfusionMatrix c = r.confusion();
            md.append("| ").append(r.setting()).append(" | ").append(r.n()).append(" | ").append(r.nReal())
                    .append(" | ").append(r.nFake()).append(" | ")
                    .append(String.join(" | ", number(r.accuracy()), number(r.balancedAccuracy()), number(r.auc()),
                            number(r.aucKnn()), number(r.aucProbe()), number(r.averagePrecision()), number(r.real().precision()), number(r.real().recall()),
                            number(r.real().f1()), number(r.fake().precision()), number(r.fake().recall()),
                            number(r.fake().f1())))
                    .append(" | ").append(c.truePositives()).append(" | ").append(c.falsePositives()).append(" | ")
                    .append(c.trueNegatives()).append(" | ").append(c.falseNegatives()).append(" | ")
                    .append(number(r.fprAtThreshold())).append(" | ").append(number(r.unsureRate())).append(" |\n");
        }
        md.append("\n## Verdicts (real below t_real, fake from t_fake, unsure between or novel)\n\n")
                .append("| setting | n | coverage | called real | wrong | precision real | called fake | wrong"
                        + " | precision fake | unsure | of which novel |\n")
                .append("|---|" + "---:|".repeat(10) + "\n");
        for (SettingRow r : settings) {
            Verdicts v = r.verdicts();
            md.append("| ").append(r.setting()).append(" | ").append(r.n()).append(" | ")
                    .append(String.join(" | ", number(v.coverage()), String.valueOf(v.calledReal()),
                            String.valueOf(v.wrongReal()), number(v.precisionReal()), String.valueOf(v.calledFake()),
                            String.valueOf(v.wrongFake()), number(v.precisionFake()), String.valueOf(v.unsure()),
                            String.valueOf(v.novel())))
                    .append(" |\n");
        }
        if (!generators.isEmpty()) {
            md.append("\n## Per generator\n\naccuracy cuts at the single threshold; the verdict columns count the"
                            + " two-sided verdicts.\n\n")
                    .append("| setting | generator | family | n | accuracy | mean p(fake) | fake | unsure | real"
                            + " | novel |\n")
                    .append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (GeneratorRow g : generators) {
                Verdicts v = g.verdicts();
                md.append("| ").append(g.setting()).append(" | ").append(g.generator()).append(" | ")
                        .append(g.family()).append(" | ").append(g.n()).append(" | ").append(number(g.accuracy()))
                        .append(" | ").append(number(g.meanPFake())).append(" | ").append(v.calledFake())
                        .append(" | ").append(v.unsure()).append(" | ").append(v.calledReal()).append(" | ")
                        .append(v.novel()).append(" |\n");
            }
        }
        if (!decided.isEmpty()) {
            md.append("\n## Decided images\n\nEvery image called real or fake (wrong ones first")
                    .append(decided.size() > DECIDED_SHOWN ? "; the first " + DECIDED_SHOWN + " of " + decided.size()
                            + ", all in the JSON" : "").append(").\n\n")
                    .append("| setting | image | label | generator | verdict | p(fake) | reasons | right |\n")
                    .append("|---|---|---|---|---|---:|---|---|\n");
            decided.stream().sorted(java.util.Comparator.comparing(DecidedRow::correct)).limit(DECIDED_SHOWN)
                    .forEach(d -> md.append("| ").append(d.setting()).append(" | ").append(d.id()).append(" | ")
                            .append(d.label()).append(" | ").append(d.generator() == null ? "" : d.generator())
                            .append(" | ").append(d.verdict()).append(" | ").append(number(d.pFake())).append(" | ")
                            .append(String.join(", ", d.reasons())).append(" | ").append(d.correct() ? "yes" : "**no**")
                            .append(" |\n"));
        }
        if (!robustness.isEmpty()) {
            md.append("\n## Robustness\n\n| perturbation | AUC | accuracy |\n|---|---:|---:|\n");
            for (RobustnessRow r : robustness) {
                md.append("| ").append(r.name()).append(" | ").append(number(r.auc())).append(" | ")
                        .append(number(r.accuracy())).append(" |\n");
            }
        }
        return md.toString();
    }

    /** Writes any text report, creating its folder. */
    public static void writeText(Path path, String text) {
        write(path, p -> Files.writeString(p, text));
    }

    public void writeMarkdown(Path path) {
        write(path, p -> Files.writeString(p, toMarkdown()));
    }

    /** JSON of this record; NaN metrics are written as the string "NaN". */
    public void writeJson(Path path) {
        write(path, p -> JSON.writeValue(p.toFile(), this));
    }

    private interface FileWriter {
        void write(Path path) throws IOException;
    }

    private static void write(Path path, FileWriter writer) {
        try {
            Path dir = path.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            writer.write(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static boolean[] flags(List<OutOfFoldPrediction> predictions,
            Predicate<OutOfFoldPrediction> flag) {
        boolean[] out = new boolean[predictions.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = flag.test(predictions.get(i));
        }
        return out;
    }
}
