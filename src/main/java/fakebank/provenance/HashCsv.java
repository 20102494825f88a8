package fakebank.provenance;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import fakebank.bank.EntryMeta;
import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.error.BadRequestException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hash-list exchange format: CSV with a header row, one PDQ hash per line. Columns {@code pdq} (64 hex digits)
 * and {@code label} (real|fake) are required; {@code quality}, {@code generator}, {@code family}, {@code source},
 * {@code note} and {@code id} (the exporting bank's id, kept as a note of origin) are optional. Export writes all of
 * them, so an exported list imports into another bank unchanged.
 */
public final class HashCsv {
    public static final List<String> COLUMNS = List.of("pdq", "quality", "label", "generator", "family", "source",
            "note", "id");
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES);

    private HashCsv() {
    }

    /** One exported row. */
    public record Row(PdqHash pdq, Label label, String generator, Family family, String source, String note,
            String id) {
    }

    /** Rows with line numbers for messages; bad rows are reported, good ones kept. */
    public record Parsed(List<HashList.NewHash> hashes, List<String> errors) {
    }

    public static Parsed read(Reader in, String addedBy) {
        List<HashList.NewHash> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> it = CSV.readerFor(Map.class).with(schema).readValues(in)) {
            int line = 1;
            while (it.hasNextValue()) {
                line++;
                Map<String, String> row;
                try {
                    row = it.nextValue();
                } catch (RuntimeJsonMappingException | IOException e) {
                    errors.add("line " + line + ": " + e.getMessage());
                    continue;
                }
                if (line == 2 && (!row.containsKey("pdq") || !row.containsKey("label"))) {
                    throw new BadRequestException("a hash list needs a header row with pdq and label columns, got "
                            + row.keySet());
                }
                try {
                    String q = blank(row.get("quality"));
                    PdqHash pdq = PdqHash.parse(row.get("pdq").trim().toLowerCase(java.util.Locale.ROOT),
                            q == null ? 100 : Integer.parseInt(q));
                    String note = blank(row.get("note"));
                    String id = blank(row.get("id"));
                    if (id != null) {
                        note = (note == null ? "" : note + "; ") + "exported as " + id;
                    }
                    String family = blank(row.get("family"));
                    EntryMeta meta = new EntryMeta(Label.parse(row.get("label")), row.get("generator"),
                            family == null ? null : Family.parse(family), row.get("source"), note, addedBy);
                    out.add(new HashList.NewHash(pdq, meta));
                } catch (IllegalArgumentException | BadRequestException | NullPointerException e) {
                    errors.add("line " + line + ": "
                            + (e.getMessage() == null ? "pdq or label is missing" : e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new BadRequestException("not a readable CSV hash list: " + e.getMessage(), e);
        }
        return new Parsed(out, errors);
    }

    public static void write(Writer out, List<Row> rows) {
        CsvSchema.Builder b = CsvSchema.builder();
        COLUMNS.forEach(b::addColumn);
        try (var w = CSV.writer(b.build().withHeader()).writeValues(out)) {
            for (Row r : rows) {
                w.write(new Object[] {r.pdq().hex(), r.pdq().quality(), r.label().json(), r.generator(),
                    r.family() == null ? null : r.family().json(), r.source(), r.note(), r.id()});
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the hash list", e);
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
