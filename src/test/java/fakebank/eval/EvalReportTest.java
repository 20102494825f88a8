package fakebank.eval;

import fakebank.metrics.ConfusionMatrix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.detect.Decision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalReportTest {
    @TempDir
    Path dir;

    private static OutOfFoldPrediction prediction(String id, Label label, String generator, double pFake) {
        Decision d = pFake >= 0.5 ? Decision.FAKE : Decision.REAL;
        return new OutOfFoldPrediction(id, label, generator, label == Label.FAKE ? Family.GAN : Family.UNKNOWN, 0,
                pFake, pFake, pFake, 0.5, d, List.of("score"));
    }

    private static OutOfFoldPrediction verdict(Label label, Decision d, String... reasons) {
        return new OutOfFoldPrediction("x", label, null, Family.UNKNOWN, 0, 0.5, 0.5, 0.5, 0.5, d,
                List.of(reasons));
    }

    @Test
    void verdictPrecisionCountsOnlyDecidedImagesAndCoverageTheShareDecided() {
        EvalReport.Verdicts v = EvalReport.Verdicts.of(List.of(
                verdict(Label.REAL, Decision.REAL, "score"), verdict(Label.FAKE, Decision.REAL, "score"),
                verdict(Label.REAL, Decision.REAL, "score"), verdict(Label.REAL, Decision.REAL, "score"),
                verdict(Label.FAKE, Decision.FAKE, "score"), verdict(Label.FAKE, Decision.UNSURE, "novel", "score"),
                verdict(Label.REAL, Decision.UNSURE, "score"), verdict(Label.FAKE, Decision.UNSURE, "score")));
        assertEquals(4, v.calledReal());
        assertEquals(1, v.wrongReal());
        assertEquals(0.75, v.precisionReal(), 1e-12);
        assertEquals(1, v.calledFake());
        assertEquals(1.0, v.precisionFake(), 1e-12);
        assertEquals(3, v.unsure());
        assertEquals(1, v.novel());
        assertEquals(5 / 8.0, v.coverage(), 1e-12);
    }

    @Test
    void verdictPrecisionIsUndefinedWhenAClassIsNeverCalled() {
        EvalReport.Verdicts v = EvalReport.Verdicts.of(List.of(verdict(Label.REAL, Decision.UNSURE, "score")));
        assertTrue(Double.isNaN(v.precisionReal()) && Double.isNaN(v.precisionFake()));
        assertEquals(0.0, v.coverage(), 1e-12);
    }

    private static final List<OutOfFoldPrediction> PREDICTIONS = List.of(
            prediction("r1", Label.REAL, null, 0.1), prediction("r2", Label.REAL, null, 0.6),
            prediction("f1", Label.FAKE, "g1", 0.9), prediction("f2", Label.FAKE, "g1", 0.7),
            prediction("f3", Label.FAKE, "g2", 0.2));

    @Test
    void aSettingRowSummarisesItsPredictionsAtTheirThresholds() {
        EvalReport.SettingRow row = EvalReport.SettingRow.of("cv", PREDICTIONS);
        assertEquals(5, row.n());
        assertEquals(new ConfusionMatrix(2, 1, 1, 1), row.confusion());
        assertEquals(0.6, row.accuracy(), 1e-12);
        assertEquals(0.5, row.fprAtThreshold(), 1e-12);
        // pairs (fake, real) in order: all but (0.2, 0.6)
        assertEquals(5.0 / 6, row.auc(), 1e-12);
    }

    @Test
    void generatorRowsGiveEachGeneratorsDetectionRateAndRealsTheirPassRate() {
        List<EvalReport.GeneratorRow> rows = EvalReport.GeneratorRow.of("cv", PREDICTIONS);
        assertEquals(List.of("real", "g1", "g2"), rows.stream().map(EvalReport.GeneratorRow::generator).toList());
        assertEquals(0.5, rows.get(0).accuracy(), 1e-12);
        assertEquals(1.0, rows.get(1).accuracy(), 1e-12);
        assertEquals(0.0, rows.get(2).accuracy(), 1e-12);
        assertEquals("gan", rows.get(1).family());
    }

    @Test
    void reportsAreWrittenAsMarkdownTablesAndReadableJson() throws IOException {
        var result = new CrossValidation.Result("grouped 5-fold", PREDICTIONS, null, List.of(), Map.of());
        EvalReport report = EvalReport.of("Synthetic", "2025-01-01T00:00:00Z", List.of(result),
                Map.of("jpeg q75", PREDICTIONS));
        Path md = dir.resolve("report.md");
        Path json = dir.resolve("report.json");
        report.writeMarkdown(md);
        report.writeJson(json);

        String markdown = Files.readString(md);
        assertTrue(markdown.contains("| grouped 5-fold | 5 | 2 | 3 | 0.600 |"), markdown);
        assertTrue(markdown.contains("| jpeg q75 | 0.833 | 0.600 |"), markdown);
        JsonNode tree = new ObjectMapper().readTree(json.toFile());
        assertEquals("Synthetic", tree.get("title").asText());
        assertEquals(3, tree.get("generators").size());
        assertEquals(1, tree.get("robustness").size());
        // every decided image is listed by name, the wrong ones (r2 called fake, f3 called real) first
        assertEquals(5, tree.get("decided").size());
        int wrong = markdown.indexOf("| grouped 5-fold | r2 | real |  | fake | 0.600 | score | **no** |");
        int right = markdown.indexOf("| grouped 5-fold | r1 | real |  | real | 0.100 | score | yes |");
        assertTrue(wrong > 0 && right > wrong, markdown);
    }
}
