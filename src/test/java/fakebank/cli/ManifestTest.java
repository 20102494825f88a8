package fakebank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.error.BadRequestException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV manifests as spreadsheets write them: BOM, quoted commas, quotes and newlines. */
class ManifestTest {
    @TempDir
    Path dir;

    @Test
    void a_bom_quoted_newlines_commas_and_quotes_are_read_as_written() throws Exception {
        String csv = "\uFEFFfile,label,generator,family,source\r\n"
                + "\"a, b.png\",fake,\"Flux \"\"dev\"\"\",diffusion,\"https://x.example/1\nsecond line\"\r\n"
                + "\r\n"
                + "c.png,real,,,\r\n";
        Path manifest = dir.resolve("m.csv");
        Files.write(manifest, csv.getBytes(StandardCharsets.UTF_8));

        List<InputFiles.Input> inputs = Manifest.read(manifest);

        assertEquals(2, inputs.size());
        InputFiles.Input first = inputs.getFirst();
        assertEquals(dir.resolve("a, b.png"), first.path());
        assertEquals(Label.FAKE, first.label());
        assertEquals("Flux \"dev\"", first.generator());
        assertEquals(Family.parse("diffusion"), first.family());
        assertEquals("https://x.example/1\nsecond line", first.source());
        assertEquals(Label.REAL, inputs.get(1).label());
        assertEquals(null, inputs.get(1).generator());
    }

    @Test
    void a_manifest_without_file_and_label_columns_is_refused() throws Exception {
        Path manifest = dir.resolve("m.csv");
        Files.writeString(manifest, "\uFEFFpath,kind\nx.png,fake\n");
        BadRequestException e = assertThrows(BadRequestException.class, () -> Manifest.read(manifest));
        assertEquals("manifest " + manifest + " needs a header with 'file' and 'label' columns", e.getMessage());
    }

    @Test
    void classify_rows_quote_what_needs_quoting_and_parse_back() throws Exception {
        String awkward = "dir/a \"b\",\nc.png";
        String row = Manifest.FORMAT.format(awkward, "fake", null, "x");
        try (CSVParser p = CSVParser.parse(new StringReader(row), Manifest.FORMAT)) {
            CSVRecord r = p.getRecords().getFirst();
            assertEquals(List.of(awkward, "fake", "", "x"), r.toList());
        }
    }
}
