package fakebank.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fakebank.error.FakebankException;
import fakebank.json.JsonMapping;
import fakebank.error.TooLargeException;
import fakebank.service.Fakebank;
import fakebank.video.VideoAnalyzer;
import fakebank.video.VideoSettings;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API and web page over one {@link Fakebank}. {@link #start} binds and returns once the server accepts
 * requests; {@link #close} stops it (the caller still owns and closes the {@code Fakebank}).
 *
 * <p>Callers can rely on: every error is {@code application/problem+json} (RFC 9457) with the status of the
 * {@link FakebankException} kind (400, 401, 403, 404, 405, 413, 415, 422, 503 with {@code Retry-After}, 507 when
 * the bank's storage fails, logged at ERROR and shown by {@code /health} as {@code degraded}); writes
 * need {@code Authorization: Bearer <key>} (401 without, 403 with a key that is not accepted or when the server has
 * no keys); model work is bounded by {@link ApiSettings#maxConcurrentInference()} and
 * {@link ApiSettings#maxQueue()}; no request can crash the server; API keys are never logged, only key ids
 * ({@code key:} + 8 hex of the key's sha256) reach the audit log. The server never fetches URLs given by clients.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String PROBLEM_WRITTEN = "fakebank.problem";
    private static final String CSP = "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; "
            + "script-src 'self'; connect-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final ApiSettings settings;
    private final ApiKeys keys;
    private final InferenceGate gate;
    private final ApiMetrics metrics;
    private final ObjectMapper json;
    private final Handlers handlers;
    private final Javalin app;
    /** Requests between the first before-handler and the request logger: what a graceful stop waits for. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    private ApiServer(Fakebank fakebank, ApiSettings settings, VideoSettings video) {
        this.settings = settings;
        this.keys = new ApiKeys(settings.writeKeys());
        this.gate = new InferenceGate(settings.maxConcurrentInference(), settings.maxQueue(), settings.requestTimeout());
        this.metrics = new ApiMetrics(gate::queued, gate::running, () -> fakebank.bank().liveCount());
        this.json = JsonMapping.MAPPER;
        EmbeddingMap map = new EmbeddingMap(() -> fakebank.bank().version(),
                () -> fakebank.liveSample(EmbeddingMap.MAX_POINTS));
        this.handlers = new Handlers(fakebank, settings, gate, metrics, map, json, resource("/openapi.json"),
                resource("/web/index.html"), new VideoAnalyzer(fakebank, videoWithin(video, settings)));
        this.app = Javalin.create(this::configure);
    }

    /** Starts the API on {@link ApiSettings#host()}:{@link ApiSettings#port()}. */
    public static ApiServer start(Fakebank fakebank, ApiSettings settings) {
        return start(fakebank, settings, VideoSettings.defaults());
    }

    /** Starts the API with these video limits (the upload limit and request timeout still apply to videos). */
    public static ApiServer start(Fakebank fakebank, ApiSettings settings, VideoSettings video) {
        ApiServer server = new ApiServer(fakebank, settings, video);
        try {
            server.app.start();
            for (Connector c : server.app.jettyServer().server().getConnectors()) {
                if (c instanceof ServerConnector sc) {
                    sc.setIdleTimeout(settings.requestTimeout().toMillis()); // slow or stalled uploads end here
                }
            }
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("fakebank API on http://{}:{}/ ({} write key(s){})", settings.host(), server.port(),
                settings.writeKeys().size(), settings.keyReads() ? ", keys required for reads" : "");
        return server;
    }

    /** A decoder never runs longer than the request it serves. */
    private static VideoSettings videoWithin(VideoSettings video, ApiSettings settings) {
        return settings.requestTimeout().compareTo(video.timeout()) < 0 ? video.withTimeout(settings.requestTimeout())
                : video;
    }

    private int openConnections() {
        int open = 0;
        for (Connector c : app.jettyServer().server().getConnectors()) {
            open += c.getConnectedEndPoints().size();
        }
        return open;
    }

    /** Requests being handled right now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The bound port (the real one when {@link ApiSettings#port()} was 0). */
    public int port() {
        return app.port();
    }

    /**
     * Stops gracefully: stops accepting connections, lets requests already in progress finish (up to the request
     * timeout; responses meanwhile say {@code Connection: close}), then stops the server. The caller closes the
     * {@code Fakebank} (and with it the model) only after this returns.
     */
    @Override
    public void close() {
        draining = true;
        try {
            for (Connector c : app.jettyServer().server().getConnectors()) {
                if (c instanceof NetworkConnector nc) {
                    nc.close(); // no new connections; open ones finish their current request
                }
            }
            long deadline = System.nanoTime() + settings.requestTimeout().toNanos();
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            if (inFlight.get() > 0) {
                LOG.warn("stopping with {} request(s) still running after {}", inFlight.get(),
                        settings.requestTimeout());
            }
            // The request logger counts a request out before Jetty has written the end of its response; each
            // answer sent while draining says Connection: close, so its connection closes once it is on the wire.
            long written = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (openConnections() > 0 && System.nanoTime() < written) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("could not drain before stopping: {}", e.toString());
        } finally {
            try {
                app.stop();
            } finally {
                gate.close();
            }
        }
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.jetty.host = settings.host();
        config.jetty.port = settings.port();
        config.jetty.multipartConfig.maxFileSize(settings.maxUploadBytes(), SizeUnit.BYTES);
        config.jetty.multipartConfig.maxTotalRequestSize(settings.maxUploadBytes(), SizeUnit.BYTES);
        config.jetty.multipartConfig.maxInMemoryFileSize(
                (int) Math.min(Integer.MAX_VALUE, settings.maxUploadBytes()), SizeUnit.BYTES);
        config.http.maxRequestSize = settings.maxUploadBytes();
        // uploads are hundreds of KB: 64 KB socket reads instead of Jetty's 8 KB cut the reads (and the copies
        // through its request input) per upload eightfold
        config.jetty.modifyHttpConfiguration(http -> http.setInputBufferSize(64 * 1024));
        config.http.prefer405over404 = true;
        config.jsonMapper(new JavalinJackson(json, false));
        config.staticFiles.add(sf -> {
            sf.hostedPath = "/";
            sf.directory = "/web";
            sf.location = Location.CLASSPATH;
            sf.headers = java.util.Map.of(Header.CACHE_CONTROL, "no-cache");
        });
        config.router.javaLangErrorHandler(this::onError);
        config.requestLogger.http(this::record);
        routes(config.routes);
    }

    /** Every route, its handler and who may call it. */
    private void routes(RoutesConfig r) {
        r.before(ctx -> {
            inFlight.incrementAndGet();
            if (draining) {
                ctx.header(Header.CONNECTION, "close");
            }
        });
        r.beforeMatched(this::guard);
        r.before(this::securityHeaders);

        r.get("/", handlers::index, Access.OPEN);
        r.get("/health", handlers::health, Access.OPEN);
        r.get("/metrics", handlers::metrics, Access.OPEN);
        r.get("/openapi.json", handlers::openApi, Access.OPEN);

        r.post("/v1/classify", handlers::classify, Access.READ);
        r.post("/v1/classify/batch", handlers::classifyBatch, Access.READ);
        r.post("/v1/search", handlers::search, Access.READ);
        r.get("/v1/images/{id}", handlers::getImage, Access.READ);
        r.get("/v1/images/{id}/thumbnail", handlers::thumbnail, Access.READ);
        r.get("/v1/stats", handlers::stats, Access.READ);
        r.get("/v1/retrain", handlers::retrainStatus, Access.READ);
        r.get("/v1/hashes", handlers::exportHashes, Access.READ);
        r.get("/v1/map", handlers::map, Access.READ);
        r.post("/v1/map/project", handlers::mapProject, Access.READ);

        r.post("/v1/images", handlers::addImage, Access.WRITE);
        r.delete("/v1/images/{id}", handlers::deleteImage, Access.WRITE);
        r.post("/v1/feedback", handlers::feedback, Access.WRITE);
        r.post("/v1/retrain", handlers::retrain, Access.WRITE);
        r.post("/v1/hashes", handlers::importHashes, Access.WRITE);

        r.exception(FakebankException.class, (e, ctx) -> problem(ctx, e.httpStatus(), e.kind(), e.getMessage()));
        r.exception(HttpResponseException.class, (e, ctx) ->
                problem(ctx, e.getStatus(), Problem.kindOf(e.getStatus()), e.getMessage()));
        r.exception(JsonProcessingException.class, (e, ctx) ->
                problem(ctx, 400, "bad-request", "malformed JSON: " + e.getOriginalMessage()));
        r.exception(Uploads.ClientGone.class, (e, ctx) -> {
            LOG.debug("client went away on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            problem(ctx, 400, "bad-request", "the request body could not be read");
        });
        r.exception(UncheckedIOException.class, (e, ctx) -> {
            LOG.error("I/O error on {} {}", ctx.method(), ctx.path(), e);
            problem(ctx, 500, "internal", "the server could not read or write its storage; the log has details");
        });
        r.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            problem(ctx, 500, "internal", "internal error; the server log has the details");
        });
        r.error(404, ctx -> fallbackProblem(ctx, "no such resource: " + ctx.method() + " " + ctx.path()));
        r.error(405, ctx -> fallbackProblem(ctx, ctx.method() + " is not allowed on " + ctx.path()));
        r.error(413, ctx -> fallbackProblem(ctx, "the request is larger than the limit of "
                + settings.maxUploadBytes() + " bytes"));
        r.error(500, ctx -> fallbackProblem(ctx, "internal error"));
    }

    /** Access check and the upload limit, before a matched handler reads anything. */
    private void guard(Context ctx) {
        Set<?> roles = ctx.routeRoles();
        boolean needsKey = roles.contains(Access.WRITE) || roles.contains(Access.READ) && settings.keyReads();
        if (needsKey) {
            ctx.attribute(Handlers.KEY_ID, keys.authenticate(ctx.header(Header.AUTHORIZATION)));
        }
        long length = ctx.req().getContentLengthLong();
        if (length > settings.maxUploadBytes()) {
            throw new TooLargeException("the request is " + length + " bytes; the limit is "
                    + settings.maxUploadBytes());
        }
    }

    private void securityHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy", CSP);
    }

    private void problem(Context ctx, int status, String kind, String detail) {
        ctx.attribute(PROBLEM_WRITTEN, Boolean.TRUE);
        switch (status) {
            case 401 -> ctx.header(Header.WWW_AUTHENTICATE, "Bearer realm=\"fakebank\"");
            case 413 -> ctx.header(Header.CONNECTION, "close"); // the rest of the body is not read
            case 429, 503 -> ctx.header(Header.RETRY_AFTER, "1");
            case 507 -> ctx.header(Header.RETRY_AFTER, "60"); // an operator has to free space first
            default -> {
            }
        }
        ctx.status(status).contentType(Problem.CONTENT_TYPE)
                .result(write(Problem.of(status, kind, detail, ctx.path())));
    }

    /** For statuses Javalin sets itself (unknown route, wrong method): a problem body unless one was written. */
    private void fallbackProblem(Context ctx, String detail) {
        if (ctx.attribute(PROBLEM_WRITTEN) == null) {
            problem(ctx, ctx.statusCode(), Problem.kindOf(ctx.statusCode()), detail);
        }
    }

    /** Errors (not exceptions) thrown on a request thread, e.g. a decoder running out of memory. */
    private void onError(HttpServletResponse res, Error error) {
        RuntimeException mapped = InferenceGate.translate(error);
        int status = mapped instanceof FakebankException f ? f.httpStatus() : 500;
        String kind = mapped instanceof FakebankException f ? f.kind() : "internal";
        if (status == 500) {
            LOG.error("error on a request thread", error);
        }
        try {
            res.setStatus(status);
            res.setContentType(Problem.CONTENT_TYPE);
            res.getOutputStream().write(write(Problem.of(status, kind,
                    status == 500 ? "internal error" : mapped.getMessage(), null)));
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not write the error response: {}", e.toString());
        }
    }

    private void record(Context ctx, Float millis) {
        inFlight.decrementAndGet();
        Endpoint endpoint = null;
        try {
            endpoint = ctx.endpoints().matchedHttpEndpoint();
        } catch (RuntimeException e) {
            // no endpoint matched
        }
        String route = endpoint != null ? endpoint.path
                : ctx.statusCode() == 404 || ctx.statusCode() == 405 ? "unmatched" : "static";
        metrics.request(ctx.method().name(), route, ctx.statusCode(), millis == null ? 0 : millis);
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            return "{\"status\":500,\"title\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8);
        }
    }

    private static byte[] resource(String path) {
        try (InputStream in = ApiServer.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("resource " + path + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
