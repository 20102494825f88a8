package fakebank.cli;

import fakebank.bank.EntryMeta;
import fakebank.eval.CopyEval;
import fakebank.eval.CopyTransforms;
import java.nio.file.Files;
import fakebank.bank.LabeledVector;
import fakebank.detect.FoldPlan;
import fakebank.detect.TrainSettings;
import fakebank.eval.CrossValidation;
import fakebank.eval.EvalReport;
import fakebank.eval.FewShot;
import fakebank.eval.OutOfFoldPrediction;
import fakebank.service.Fakebank;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fakebank eval}: accuracy, AUC, per-generator and robustness tables, as Markdown and JSON.
 * <ul>
 *   <li>with images and no {@code --cv}: scores the images against the bank and its detector (a held-out test);</li>
 *   <li>with {@code --cv K} / {@code --leave-generator-out}: cross-validates on the images themselves, or on the
 *       bank's own contents when no images are given; folds are grouped (generator, subject).</li>
 * </ul>
 * Robustness rows re-encode the evaluated images (JPEG q90/q75/q50, half size, blur sigma 1) and score them with
 * the same model(s) as the originals. With {@code --copies}: copy detection instead (see {@link CopyEval}), in a
 * temporary bank holding half of the images.
 */
@Command(name = "eval", description = "Evaluate detection: metrics, per-generator accuracy, robustness.")
final class EvalCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions service;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Labelled folders (real/, fake/) or manifest.csv.")
    List<String> paths = List.of();

    @Option(names = "--out", paramLabel = "PREFIX", description = "Report files PREFIX.md and PREFIX.json "
            + "(default: ${DEFAULT-VALUE}).")
    Path out = Path.of("reports/eval");

    @Option(names = "--cv", paramLabel = "K", description = "Grouped K-fold cross-validation.")
    Integer folds;

    @Option(names = "--leave-generator-out", description = "Hold out each fake generator in turn.")
    boolean leaveGeneratorOut;

    @Option(names = "--jpeg", paramLabel = "Q", description = "Re-encode every image as JPEG quality Q first "
            + "(guards against detecting the file format instead of the generator).")
    Integer jpeg;

    @Option(names = "--crop", paramLabel = "PX", description = "Centre-crop every image to PX x PX first, without "
            + "resampling (guards against detecting image size instead of the generator).")
    Integer crop;

    @Option(names = "--resize", description = "Override the model's resize policy: shortest-side, none, squash.")
    String resize;

    @Option(names = "-k", description = "Neighbours in the kNN vote (default: the detector's).")
    Integer k;

    @Option(names = "--augment", description = "Train folds also on JPEG/blur/downscale copies.")
    boolean augment;

    @Option(names = "--no-robustness", description = "Skip the robustness rows.")
    boolean noRobustness;

    @Option(names = "--copies", description = "Evaluate copy detection: half the images go into a temporary bank, "
            + "every image is re-shared 13 ways and classified (recall, false-copy rate, latency).")
    boolean copies;

    @Option(names = "--transforms", split = ",", paramLabel = "NAMES", description = "With --copies: the re-sharing "
            + "transforms, by name, or 'unseen' for the ones no threshold was tuned on (rotate_90, jpeg_q20, "
            + "crop_45_zoom, sticker, meme_text, letterbox_16x9, collage_2x2, keystone; default: the 13 of the issue).")
    List<String> transforms;

    @Option(names = "--copies-limit", paramLabel = "N", description = "Use N images spread evenly over the inputs "
            + "for --copies.")
    Integer copiesLimit;

    @Option(names = "--k-sample", paramLabel = "N", description = "Copies timed for each candidate count k with "
            + "--copies (default: ${DEFAULT-VALUE}; 0 skips).")
    int kSample = 150;
    @Option(names = "--few-shot", paramLabel = "N", description = "Instead of the other tables: per generator, a "
            + "detector trained without it classifies its images, then N of them join the bank (no retraining, as "
            + "an upload does) and the rest are classified again.")
    Integer fewShot;

    @Override
    public Integer call() throws Exception {
        if (copies) {
            return copies();
        }
        boolean crossValidate = folds != null || leaveGeneratorOut;
        if (paths.isEmpty() && !crossValidate) {
            throw new IllegalArgumentException("give images to evaluate, or --cv K / --leave-generator-out to "
                    + "cross-validate on the bank's own contents");
        }
        if (fewShot != null) {
            return fewShot();
        }
        try (Fakebank fakebank = service.openForReading()) {
            EvalReport report = crossValidate ? crossValidate(fakebank) : heldOut(fakebank);
            report.writeMarkdown(Path.of(out + ".md"));
            report.writeJson(Path.of(out + ".json"));
            System.out.println(report.toMarkdown());
            System.err.println("wrote " + out + ".md and " + out + ".json");
        }
        return 0;
    }

    private Integer copies() throws Exception {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("give labelled images for --copies (folders with real/ and fake/, or "
                    + "manifest.csv)");
        }
        List<CopyEval.Original> originals = new ArrayList<>();
        for (InputFiles.Input in : InputFiles.expand(paths)) {
            if (in.label() == null) {
                throw new IllegalArgumentException(in.display() + " has no label (real/fake)");
            }
            originals.add(new CopyEval.Original(in.display(), Files.readAllBytes(in.path()),
                    new EntryMeta(in.label(), in.generator(), in.family(), in.source(), null, "eval")));
        }
        if (copiesLimit != null && copiesLimit < originals.size()) {
            // an even spread over the inputs (every n-th), not the first folder only
            List<CopyEval.Original> spread = new ArrayList<>();
            for (int i = 0; i < copiesLimit; i++) {
                spread.add(originals.get((int) ((long) i * originals.size() / copiesLimit)));
            }
            originals = spread;
        }
        Path tmp = Files.createTempDirectory("fakebank-copies");
        try (Fakebank fakebank = Fakebank.open(service.config().withIndexDir(tmp).withSeedFile(null))) {
            CopyEval.Report report = CopyEval.run(fakebank, originals, copyTransforms(), new int[] {1, 3, 5, 10, 20},
                    kSample,
                    msg -> System.err.println(msg));
            String md = "# fakebank eval --copies: " + String.join(" ", paths) + "\n\n" + report.toMarkdown();
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(Path.of(out + ".md"), md);
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(Path.of(out + ".json").toFile(), report);
            System.out.println(md);
            System.err.println("wrote " + out + ".md and " + out + ".json");
        } finally {
            deleteTree(tmp);
        }
        return 0;
    }

    private List<CopyTransforms.Transform> copyTransforms() {
        if (transforms == null || transforms.isEmpty()) {
            return CopyTransforms.ALL;
        }
        if (transforms.equals(List.of("unseen"))) {
            return CopyTransforms.UNSEEN;
        }
        return transforms.stream().map(CopyTransforms::named).toList();
    }

    private int fewShot() {
        if (paths.isEmpty() || fewShot < 1) {
            throw new IllegalArgumentException("--few-shot needs N >= 1 and labelled images");
        }
        try (Fakebank fakebank = service.open()) {
            EvalImages images = EvalImages.load(fakebank, InputFiles.expand(paths), jpeg, crop, resize, false, false);
            List<String> skipped = new ArrayList<>();
            List<FewShot.Row> rows = FewShot.run(images.data(), service.training(), fewShot, skipped);
            String md = "# fakebank few-shot: " + String.join(" ", paths) + images.suffix() + "\n\n"
                    + FewShot.toMarkdown(rows, skipped);
            EvalReport.writeText(Path.of(out + ".md"), md);
            System.out.println(md);
            System.err.println("wrote " + out + ".md");
        }
        return 0;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private EvalImages images(Fakebank fakebank) {
        return EvalImages.load(fakebank, InputFiles.expand(paths), jpeg, crop, resize, !noRobustness, augment);
    }

    private EvalReport crossValidate(Fakebank fakebank) {
        EvalImages images;
        if (paths.isEmpty()) {
            images = EvalImages.ofBank(fakebank);
        } else {
            images = images(fakebank);
        }
        TrainSettings settings = service.training();
        if (k != null) {
            settings = settings.withK(k);
        }
        List<CrossValidation.Result> results = new ArrayList<>();
        Map<String, List<OutOfFoldPrediction>> robustness = new LinkedHashMap<>();
        if (folds != null) {
            var plan = FoldPlan.grouped(images.data().stream().map(settings.grouping()::of).toList(),
                    images.data().stream().map(LabeledVector::label).toList(), folds, settings.seed());
            CrossValidation.Result r = CrossValidation.run("grouped " + folds + "-fold" + images.suffix(),
                    images.data(), images.augmented(), settings, plan, images.views());
            results.add(r);
            r.views().forEach((name, p) -> robustness.put(name + " (" + r.setting() + ")", p));
        }
        if (leaveGeneratorOut) {
            CrossValidation.Result lgo = CrossValidation.leaveGeneratorOut(images.data(), images.augmented(),
                    settings);
            results.add(new CrossValidation.Result(lgo.setting() + images.suffix(), lgo.predictions(), lgo.plan(),
                    lgo.notes(), lgo.views()));
        }
        results.forEach(r -> r.notes().forEach(n -> System.err.println("note: " + n)));
        return EvalReport.of(title(images), Instant.now().toString(), results, robustness);
    }

    private EvalReport heldOut(Fakebank fakebank) {
        EvalImages images = images(fakebank);
        List<OutOfFoldPrediction> originals = images.classify(fakebank, images.data());
        Map<String, List<OutOfFoldPrediction>> robustness = new LinkedHashMap<>();
        images.views().forEach((name, view) -> robustness.put(name, images.classify(fakebank, view)));
        var result = new CrossValidation.Result("held-out vs bank" + images.suffix(), originals, null, List.of(),
                Map.of());
        return EvalReport.of(title(images), Instant.now().toString(), List.of(result), robustness);
    }

    private String title(EvalImages images) {
        return "fakebank eval: " + (paths.isEmpty() ? "bank contents" : String.join(" ", paths)) + images.suffix();
    }
}
