package fakebank.cli;

import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.error.BadRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV manifest: a header row naming at least {@code file} and {@code label}; {@code generator}, {@code family}
 * and {@code source} are used when present, other columns ignored. File paths are relative to the CSV. Parsed by
 * commons-csv (RFC 4180: quoted fields, quoted commas and newlines, doubled quotes); a UTF-8 byte-order mark, as
 * spreadsheet programs write, is ignored.
 */
public final class Manifest {
    /** What every CSV fakebank reads and writes is: RFC 4180, blank lines skipped. */
    static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private Manifest() {
    }

    static List<InputFiles.Input> read(Path csv) {
        String text;
        try {
            text = Files.readString(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifest " + csv + ": " + e.getMessage(), e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<CSVRecord> rows;
        try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
            rows = parser.getRecords();
        } catch (IOException | UncheckedIOException e) {
            throw new BadRequestException("manifest " + csv + " is not valid CSV: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new BadRequestException("manifest " + csv + " is empty");
        }
        Map<String, Integer> columns = new HashMap<>();
        CSVRecord header = rows.getFirst();
        for (int i = 0; i < header.size(); i++) {
            columns.put(header.get(i).trim().toLowerCase(Locale.ROOT), i);
        }
        if (!columns.containsKey("file") || !columns.containsKey("label")) {
            throw new BadRequestException("manifest " + csv + " needs a header with 'file' and 'label' columns");
        }
        Path base = csv.toAbsolutePath().getParent();
        List<InputFiles.Input> out = new ArrayList<>();
        for (CSVRecord row : rows.subList(1, rows.size())) {
            String file = cell(row, columns, "file");
            if (file == null) {
                throw new BadRequestException("manifest " + csv + " record " + row.getRecordNumber()
                        + " has no file");
            }
            String family = cell(row, columns, "family");
            out.add(new InputFiles.Input(base.resolve(file), file, Label.parse(cell(row, columns, "label")),
                    cell(row, columns, "generator"), family == null ? null : Family.parse(family),
                    cell(row, columns, "source")));
        }
        return out;
    }

    private static String cell(CSVRecord row, Map<String, Integer> columns, String name) {
        Integer i = columns.get(name);
        if (i == null || i >= row.size()) {
            return null;
        }
        String v = row.get(i).trim();
        return v.isEmpty() ? null : v;
    }

    /** One CSV line's fields (RFC 4180: commas inside double quotes, doubled quotes as one). */
    public static List<String> split(String line) {
        try (CSVParser parser = CSVParser.parse(line, FORMAT)) {
            List<CSVRecord> records = parser.getRecords();
            return records.isEmpty() ? List.of("") : records.getFirst().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
