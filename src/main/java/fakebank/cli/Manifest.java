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

/**
 * A CSV manifest: a header row naming at least {@code file} and {@code label}; {@code generator}, {@code family}
 * and {@code source} are used when present, other columns ignored. File paths are relative to the CSV. Fields may
 * be double-quoted (RFC 4180).
 */
public final class Manifest {
    private Manifest() {
    }

    static List<InputFiles.Input> read(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifest " + csv + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new BadRequestException("manifest " + csv + " is empty");
        }
        Map<String, Integer> columns = new HashMap<>();
        List<String> header = split(lines.get(0));
        for (int i = 0; i < header.size(); i++) {
            columns.put(header.get(i).trim().toLowerCase(Locale.ROOT), i);
        }
        if (!columns.containsKey("file") || !columns.containsKey("label")) {
            throw new BadRequestException("manifest " + csv + " needs a header with 'file' and 'label' columns");
        }
        Path base = csv.toAbsolutePath().getParent();
        List<InputFiles.Input> out = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            List<String> row = split(lines.get(n));
            String file = cell(row, columns, "file");
            if (file == null) {
                throw new BadRequestException("manifest " + csv + " line " + (n + 1) + " has no file");
            }
            String family = cell(row, columns, "family");
            out.add(new InputFiles.Input(base.resolve(file), file, Label.parse(cell(row, columns, "label")),
                    cell(row, columns, "generator"), family == null ? null : Family.parse(family),
                    cell(row, columns, "source")));
        }
        return out;
    }

    private static String cell(List<String> row, Map<String, Integer> columns, String name) {
        Integer i = columns.get(name);
        if (i == null || i >= row.size()) {
            return null;
        }
        String v = row.get(i).trim();
        return v.isEmpty() ? null : v;
    }

    /** One CSV line's fields (RFC 4180: commas inside double quotes, doubled quotes as one). */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
