package fakebank.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fakebank.bank.AddResult;
import fakebank.bank.EntryMeta;
import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.bank.Match;
import fakebank.bank.SearchFilter;
import fakebank.detect.DetectorModel;
import fakebank.error.BadRequestException;
import fakebank.error.BadVideoException;
import fakebank.error.FakebankException;
import fakebank.error.NotFoundException;
import fakebank.error.OverloadedException;
import fakebank.error.UnsupportedTypeException;
import fakebank.provenance.HashCsv;
import fakebank.service.Classification;
import fakebank.service.Embedded;
import fakebank.service.Fakebank;
import fakebank.video.VideoAnalyzer;
import io.javalin.http.Context;
import io.javalin.http.Header;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint handlers: each parses the request, calls {@link Fakebank} (model work through the
 * {@link InferenceGate}), and renders a {@link Views} shape. Errors are thrown as {@link FakebankException}s and
 * rendered once by {@link ApiServer}.
 */
final class Handlers {
    private static final Logger LOG = LoggerFactory.getLogger(Handlers.class);
    static final String KEY_ID = "fakebank.keyId";
    static final int MAX_BATCH = 32;
    private static final int MAX_TEXT = 200;
    private static final int MAX_NOTE = 2000;

    private final Fakebank fakebank;
    private final ApiSettings settings;
    private final InferenceGate gate;
    private final ApiMetrics metrics;
    private final EmbeddingMap map;
    private final ObjectMapper json;
    private final Views.Model model;
    private final byte[] openApi;
    private final byte[] indexPage;
    private final VideoAnalyzer videos;

    Handlers(Fakebank fakebank, ApiSettings settings, InferenceGate gate, ApiMetrics metrics, EmbeddingMap map,
            ObjectMapper json, byte[] openApi, byte[] indexPage, VideoAnalyzer videos) {
        this.fakebank = fakebank;
        this.settings = settings;
        this.gate = gate;
        this.metrics = metrics;
        this.map = map;
        this.json = json;
        this.model = Views.Model.of(fakebank.model());
        this.openApi = openApi;
        this.indexPage = indexPage;
        this.videos = videos;
    }

    // ---- classification and search

    void classify(Context ctx) {
        Uploads.Upload upload = Uploads.one(ctx, settings.maxUploadBytes());
        if (upload.isVideo() || upload.declaredVideo()) {
            ctx.json(classifyVideo(upload, bool(ctx.queryParam("thumbnails"), "thumbnails")));
            return;
        }
        ctx.json(Views.ClassifyView.of(classify(upload.bytes()), model, fakebank::hasThumbnail));
    }

    /** A whole video holds one inference slot: its frames go through the image path one after another. */
    private VideoViews.VideoView classifyVideo(Uploads.Upload upload, boolean thumbnails) {
        if (!upload.isVideo()) {
            throw new BadVideoException(upload.bytes().length == 0 ? "empty file: zero bytes is not a video"
                    : "not an MP4, MOV, WebM or MKV video (judged by its first bytes)");
        }
        VideoAnalyzer.Result r = gate.run(() -> videos.classify(upload.bytes(), thumbnails));
        return VideoViews.of(r, upload.filename(), fakebank.encoder().identity(), model, fakebank::hasThumbnail);
    }

    /** Each image gets its own result or its own problem; one bad file does not fail the batch. */
    void classifyBatch(Context ctx) {
        List<Uploads.Upload> uploads = Uploads.many(ctx, settings.maxUploadBytes(), MAX_BATCH);
        ArrayNode results = json.createArrayNode();
        for (Uploads.Upload upload : uploads) {
            ObjectNode item = json.createObjectNode();
            item.put("filename", upload.filename());
            try {
                item.setAll((ObjectNode) json.valueToTree(upload.isVideo() || upload.declaredVideo()
                        ? classifyVideo(upload, false)
                        : Views.ClassifyView.of(classify(upload.bytes()), model, fakebank::hasThumbnail)));
            } catch (FakebankException e) {
                item.set("error", json.valueToTree(Problem.of(e.httpStatus(), e.kind(), e.getMessage(), ctx.path())));
            } catch (RuntimeException e) {
                LOG.error("batch item failed on {}", ctx.path(), e);
                item.set("error", json.valueToTree(Problem.of(500, "internal", "internal error", ctx.path())));
            }
            results.add(item);
        }
        ctx.json(Map.of("results", results));
    }

    void search(Context ctx) {
        int k = intParam(ctx, "k", 10, 1, 100);
        SearchFilter filter = new SearchFilter(label(Uploads.field(ctx, "label"), false),
                text(ctx, "generator", MAX_TEXT), family(Uploads.field(ctx, "family")),
                instant(Uploads.field(ctx, "added_after")));
        Uploads.Upload upload = Uploads.one(ctx, settings.maxUploadBytes());
        Fakebank.SearchResult r = gate.run(() -> fakebank.searchAll(upload.bytes(), k, filter));
        ctx.json(Views.MatchesView.of(r.matches(), r.hashMatches(), fakebank::hasThumbnail));
    }

    // ---- bank writes

    void addImage(Context ctx) {
        add(ctx, text(ctx, "source", MAX_TEXT));
    }

    /** A reviewer's label for an image: stored like an add, with source "feedback". */
    void feedback(Context ctx) {
        add(ctx, "feedback");
    }

    private void add(Context ctx, String source) {
        EntryMeta meta = new EntryMeta(label(Uploads.field(ctx, "label"), true), text(ctx, "generator", MAX_TEXT),
                family(Uploads.field(ctx, "family")), source, text(ctx, "note", MAX_NOTE), keyId(ctx));
        Uploads.Upload upload = Uploads.one(ctx, settings.maxUploadBytes());
        AddResult result = gate.run(() -> fakebank.add(upload.bytes(), meta));
        if (result.duplicate()) {
            ctx.status(200);
        } else {
            ctx.status(201).header(Header.LOCATION, "/v1/images/" + result.id());
        }
        ctx.json(Views.AddView.of(result));
    }

    /** Adds a CSV hash list (the body, text/csv) as hash-only entries; bad rows are listed, good ones kept. */
    void importHashes(Context ctx) {
        byte[] body = Uploads.readLimited(ctx.bodyInputStream(), settings.maxUploadBytes());
        Fakebank.HashImport r = fakebank.importHashes(new java.io.StringReader(
                new String(body, java.nio.charset.StandardCharsets.UTF_8)), keyId(ctx));
        ctx.status(r.added() > 0 ? 201 : 200).json(r);
    }

    /** Every live entry's PDQ hash as a CSV hash list. */
    void exportHashes(Context ctx) {
        java.io.StringWriter out = new java.io.StringWriter();
        HashCsv.write(out, fakebank.hashRows());
        ctx.contentType("text/csv; charset=utf-8").result(out.toString());
    }

    void getImage(Context ctx) {
        String id = ctx.pathParam("id");
        var hash = fakebank.hashEntry(id);
        if (hash.isPresent()) {
            ctx.json(Views.HashEntryView.of(hash.get()));
        } else {
            ctx.json(Views.EntryView.of(fakebank.get(id)));
        }
    }

    void thumbnail(Context ctx) {
        String id = ctx.pathParam("id");
        byte[] jpeg = fakebank.thumbnail(id)
                .orElseThrow(() -> new NotFoundException("bank entry " + id + " has no thumbnail"));
        // an id's thumbnail never changes
        ctx.header(Header.CACHE_CONTROL, "public, max-age=86400, immutable").contentType("image/jpeg").result(jpeg);
    }

    void deleteImage(Context ctx) {
        String reason = ctx.queryParam("reason");
        if (reason == null || reason.isBlank()) {
            throw new BadRequestException("say why: DELETE /v1/images/{id}?reason=...");
        }
        if (reason.length() > MAX_NOTE) {
            throw new BadRequestException("reason is longer than " + MAX_NOTE + " characters");
        }
        fakebank.remove(ctx.pathParam("id"), reason.strip(), keyId(ctx));
        ctx.status(204);
    }

    /**
     * Queues a retrain on the service's background thread and answers 202 at once: training a large bank takes
     * minutes, which no request thread should hold. {@code GET /v1/retrain} (and {@code /v1/stats}) follow it.
     */
    void retrain(Context ctx) {
        boolean augment = bool(ctx.queryParam("augment"), "augment");
        byte[] body = Uploads.readLimited(ctx.bodyInputStream(), 64 * 1024);
        if (body.length > 0) {
            String type = ctx.contentType();
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                throw new UnsupportedTypeException("the retrain body, if any, must be application/json");
            }
            JsonNode node;
            try {
                node = json.readTree(body);
            } catch (JsonProcessingException e) {
                throw new BadRequestException("malformed JSON: " + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new BadRequestException("the JSON body could not be read", e);
            }
            if (node == null || !node.isObject()) {
                throw new BadRequestException("the retrain body must be a JSON object like {\"augment\": true}");
            }
            JsonNode a = node.get("augment");
            if (a != null) {
                if (!a.isBoolean()) {
                    throw new BadRequestException("augment must be true or false");
                }
                augment = a.booleanValue();
            }
        }
        var status = fakebank.requestRetrain(keyId(ctx), augment);
        ctx.status(202);
        ctx.header("Location", "/v1/retrain");
        ctx.json(Views.RetrainView.of(status, fakebank.loadedDetectorModel().orElse(null)));
    }

    /** The latest retrain request's state and the detector in use. */
    void retrainStatus(Context ctx) {
        ctx.json(Views.RetrainView.of(fakebank.retrainStatus(), fakebank.loadedDetectorModel().orElse(null)));
    }

    // ---- bank views

    void stats(Context ctx) {
        ctx.json(Views.StatsView.of(fakebank.stats(), model, fakebank.hashStats(),
                fakebank.loadedDetectorModel().orElse(null), fakebank.retrainStatus()));
    }

    void map(Context ctx) {
        EmbeddingMap.Projection p = map.current();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", p.version());
        body.put("count", p.points().size());
        body.put("live", fakebank.bank().liveCount());
        body.put("explained", p.explained());
        body.put("points", p.points());
        ctx.json(body);
    }

    void mapProject(Context ctx) {
        Uploads.Upload upload = Uploads.one(ctx, settings.maxUploadBytes());
        Embedded e = gate.run(() -> fakebank.embed(upload.bytes()));
        metrics.inference(e.decodeMs(), e.embedMs());
        EmbeddingMap.Projection p = map.current();
        double[] xy = p.project(e.vector());
        ctx.json(Map.of("x", xy[0], "y", xy[1], "version", p.version(), "sha256", e.sha256()));
    }

    // ---- operations

    void health(Context ctx) {
        long live;
        try {
            live = fakebank.bank().liveCount();
        } catch (RuntimeException e) {
            LOG.warn("health check failed: {}", e.toString());
            throw new OverloadedException("the bank is not available");
        }
        String problem = fakebank.bank().storageProblem().orElse(null);
        ctx.json(new Views.Health(problem == null ? "ok" : "degraded", live, model, problem));
    }

    void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    void openApi(Context ctx) {
        ctx.contentType("application/json").result(openApi);
    }

    void index(Context ctx) {
        ctx.contentType("text/html; charset=utf-8").result(indexPage);
    }

    // ---- parsing helpers

    private Classification classify(byte[] bytes) {
        Classification c = gate.run(() -> fakebank.classify(bytes));
        metrics.inference(c.decodeMs(), c.embedMs());
        return c;
    }

    private static String keyId(Context ctx) {
        String id = ctx.attribute(KEY_ID);
        return id == null ? "anonymous" : id;
    }

    private static Label label(String value, boolean required) {
        if (value == null) {
            if (required) {
                throw new BadRequestException("label is required: real or fake");
            }
            return null;
        }
        return Label.parse(value);
    }

    /** Null for absent; a given family must be valid (Family.parse maps blank to UNKNOWN, which we do not want). */
    private static Family family(String value) {
        return value == null ? null : Family.parse(value);
    }

    private static String text(Context ctx, String name, int max) {
        String v = Uploads.field(ctx, name);
        if (v != null && v.length() > max) {
            throw new BadRequestException(name + " is longer than " + max + " characters");
        }
        return v;
    }

    static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw new BadRequestException(name + " must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be an integer, got '" + v + "'");
        }
    }

    static boolean bool(String v, String name) {
        if (v == null || v.isBlank()) {
            return false;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new BadRequestException(name + " must be true or false, got '" + v + "'");
        };
    }

    /** ISO-8601 instant ({@code 2024-05-01T12:00:00Z}), offset date-time, or a date (midnight UTC). */
    static Instant instant(String v) {
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e1) {
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e3) {
                    throw new BadRequestException("added_after must be an ISO-8601 instant or date "
                            + "(e.g. 2024-05-01T00:00:00Z), got '" + v + "'");
                }
            }
        }
    }
}
