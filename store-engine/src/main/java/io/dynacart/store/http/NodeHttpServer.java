package io.dynacart.store.http;

import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Value;
import io.dynacart.store.budget.ByteBudget;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.MDC;

/**
 * One node's HTTP API (docs/HTTP-API.md) over Javalin 7:
 *
 * <pre>
 *   GET    /kv/{key}?r=   200 / 404  {"key","context","siblings","versions","tombstones","fallbacksOnly"},
 *                                   X-Context out, X-Fastest-Replica out (the primary that replied first)
 *   PUT    /kv/{key}?w=   204        body = value, X-Context in (optional) and out
 *   DELETE /kv/{key}?w=   204        X-Context in (optional) and out
 *   GET|PUT|DELETE /ns/{namespace}/kv/{key}   the same, for a key of that namespace (404 if unknown)
 *   GET    /health        200        {"status":"ok","node":"n1"}; 503 {"status":"failed",...,"error"} once failed,
 *                                   503 {"status":"starting",...} while learning its incarnation
 *   GET    /cluster       200        {@link ClusterStatus}
 *   GET    /metrics       200        Prometheus text exposition (format 0.0.4)
 *   POST   /admin/join    202        {"targetRingVersion"}; X-Admin-Token; ?weight= (on the joining node)
 *   POST   /admin/leave   202        {"targetRingVersion"}; X-Admin-Token; ?node= (default: this node)
 *   POST   /admin/reweight 202       {"targetRingVersion"}; X-Admin-Token; ?node=&weight=
 *   POST   /admin/repair  202        {"partition","exchanges"}; X-Admin-Token; ?partition= (anti-entropy now)
 *   POST   /admin/namespaces 200     the namespace made or changed; X-Admin-Token; JSON body
 *   GET    /namespaces    200        {"namespaces":[...]}, the default one first
 *   POST   /admin/backup  200        the node's data as a SQLite file, manifest in X-Backup-Manifest; X-Admin-Token
 *   GET    /placement/kv/{key}  200  where the key lives as this node sees it: hash, partition, preference list
 *   GET    /replica/kv/{key}    200  what this node holds of the key, asking no other node
 *   POST   /admin/repair/kv/{key} 200  read repair of the key now, and what it changed; X-Admin-Token; ?antiEntropy=
 *          (each of the three also under /ns/{namespace}/kv/{key}; {@link KeyHandlers})
 * </pre>
 *
 * Bound to a loopback address, the server answers only requests whose {@code Host} is its own
 * ({@link HostCheck}: {@code localhost}, {@code 127.0.0.1} or {@code [::1]} with its port), and
 * refuses any other with 403, so that a web page cannot reach it through DNS rebinding. Bound to
 * another address it checks no {@code Host}: it is then meant to be reached under names it cannot
 * know (its DNS name, a load balancer's), whoever can reach it over the network can send any
 * {@code Host} anyway, and the admin calls are guarded by the token in any case.
 *
 * <p>Errors are JSON ({@link ErrorMapping}); keys follow {@link KeyPath}; bodies are bounded by
 * {@link RequestBody}; requests share the node's bytes in flight ({@link #limitsBytesInFlight},
 * {@link io.dynacart.store.budget.Admission}): past the budget a request gets 503 with {@code Retry-After}. Handlers run on
 * Jetty's threads and do not wait for the store: the answer is written by a small pool of this server's own threads once the node's event loop completes the
 * store's future (so neither Jetty nor the event loop blocks or serializes JSON for the other).
 *
 * <p>Lifecycle: construct, {@link #start()} once, {@link #close()} (idempotent).
 */
public final class NodeHttpServer implements AutoCloseable {

    private final KvStore store;
    private final AdminActions admin;
    private final Supplier<ClusterStatus> status;
    private final HttpConfig config;
    private final Supplier<String> metrics;
    private final JsonWriter json = new JsonWriter();
    /** The content type of the Prometheus text exposition format. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** The MDC key naming the node a log line comes from (logback pattern {@code %X{node}}). */
    public static final String MDC_NODE = "node";
    private static final AtomicInteger ANSWER_THREADS = new AtomicInteger();
    private String logName;
    private ByteBudget budget;
    private Supplier<Optional<String>> failure = Optional::empty;
    private Supplier<Optional<String>> starting = Optional::empty;
    private Javalin app;
    private ExecutorService answering;
    private boolean closed;

    /**
     * @param store  the node's client: requests are coordinated by this node
     * @param status what {@code GET /cluster} shows; called on HTTP threads for every {@code /cluster}
     *               and {@code /health}, so it must be thread-safe, quick, and return a snapshot
     */
    public NodeHttpServer(KvStore store, Supplier<ClusterStatus> status, HttpConfig config) {
        this(store, status, AdminActions.NONE, config);
    }

    /** A server whose admin calls ({@code /admin/join}, {@code /admin/leave}) do {@code admin}'s actions. */
    public NodeHttpServer(KvStore store, Supplier<ClusterStatus> status, AdminActions admin, HttpConfig config) {
        this(store, status, admin, config, () -> "");
    }

    /**
     * A server that also answers {@code GET /metrics} with {@code metrics}: Prometheus text, produced
     * on an HTTP thread for every scrape (so it must be thread-safe).
     */
    public NodeHttpServer(KvStore store, Supplier<ClusterStatus> status, AdminActions admin, HttpConfig config,
                          Supplier<String> metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.store = Objects.requireNonNull(store, "store");
        this.status = Objects.requireNonNull(status, "status");
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Names the node in the logs of this server's threads: every line logged while handling a
     * request or writing its answer carries MDC {@code node} = {@code node}. Call before {@link #start()}.
     */
    public synchronized NodeHttpServer logsAs(String node) {
        if (app != null) {
            throw new IllegalStateException("name the server's logs before it starts");
        }
        this.logName = Objects.requireNonNull(node, "node");
        return this;
    }

    /**
     * Counts requests against {@code inFlight}, the node's budget of bytes in flight that its
     * transport shares; without it the server has a budget of its own, of the default size. Call
     * before {@link #start()}.
     */
    public synchronized NodeHttpServer limitsBytesInFlight(ByteBudget inFlight) {
        requireNotStarted();
        this.budget = Objects.requireNonNull(inFlight, "inFlight");
        return this;
    }

    /**
     * Makes {@code GET /health} answer 503 {@code {"status":"failed","error":...}} while
     * {@code problem} names one (the node's storage failed, say): called on HTTP threads for every
     * health check, so it must be quick and must not wait for the node's event loop. Call before
     * {@link #start()}.
     */
    public synchronized NodeHttpServer failsHealthWhen(Supplier<Optional<String>> problem) {
        requireNotStarted();
        this.failure = Objects.requireNonNull(problem, "problem");
        return this;
    }

    /**
     * Makes {@code GET /health} answer 503 {@code {"status":"starting","error":...}} while
     * {@code reason} names one (the node is learning its incarnation and takes no writes yet); a
     * failure takes precedence. Quick and thread-safe, as for {@link #failsHealthWhen}. Call before
     * {@link #start()}.
     */
    public synchronized NodeHttpServer startingWhile(Supplier<Optional<String>> reason) {
        requireNotStarted();
        this.starting = Objects.requireNonNull(reason, "reason");
        return this;
    }

    private void requireNotStarted() {
        if (app != null) {
            throw new IllegalStateException("configure the server before it starts");
        }
    }

    /** Binds and starts serving; returns once the port is bound. */
    public synchronized NodeHttpServer start() {
        if (app != null || closed) {
            throw new IllegalStateException("an HTTP server starts once; this one is " + (closed ? "closed" : "started"));
        }
        String node = logName;
        answering = Executors.newFixedThreadPool(2, r -> {
            Runnable named = node == null ? r : () -> {
                MDC.put(MDC_NODE, node);
                r.run();
            };
            Thread t = new Thread(named, "http-answer-" + ANSWER_THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ByteBudget inFlight = budget != null ? budget : new ByteBudget(ByteBudget.defaultLimit());
        KvHandlers kv = new KvHandlers(store, config.answerTimeout(), json, answering, inFlight);
        AdminHandlers adminHandlers = new AdminHandlers(admin, config.adminToken(), config.answerTimeout(), json, answering);
        BackupHandler backup = new BackupHandler(admin, adminHandlers, json);
        KeyHandlers keys = new KeyHandlers(admin, adminHandlers, config.answerTimeout(), json, answering);
        app = Javalin.create(cfg -> configure(cfg, kv, adminHandlers, backup, keys)).start(config.host(), config.port());
        return this;
    }

    private void configure(JavalinConfig cfg, KvHandlers kv, AdminHandlers adminHandlers, BackupHandler backup,
                           KeyHandlers keys) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.http.prefer405over404 = true;
        cfg.http.maxRequestSize = Value.MAX_BYTES; // RequestBody enforces it; this bounds Javalin's own readers
        cfg.jetty.modifyServer(server -> {
            server.setErrorHandler(new JettyJsonErrors(json));
            // Tracks requests in flight, so that close(drain) can let them finish; Javalin nests its
            // own handler inside. A stop timeout of 0 (the default here) stops at once.
            server.setHandler(new GracefulHandler());
            server.setStopTimeout(0);
        });
        cfg.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
        new ErrorMapping(json).install(cfg);
        if (logName != null) {
            String node = logName;
            cfg.routes.before(ctx -> MDC.put(MDC_NODE, node)); // Jetty's pool serves this node only
        }
        if (HostCheck.isLoopback(config.host())) {
            HostCheck hosts = HostCheck.forBinding(config.host());
            cfg.routes.before(ctx -> hosts.problem(ctx.header("Host"), ctx.req().getLocalPort()).ifPresent(problem -> {
                throw ApiException.forbidden(problem);
            }));
        }
        // A wildcard, not a path parameter: the router would URL-decode a parameter itself, and fail
        // (a 500) on a bad escape that Jetty lets through after a ';'. KeyPath alone decodes keys.
        cfg.routes.get("/kv/*", kv::get);
        cfg.routes.put("/kv/*", kv::put);
        cfg.routes.delete("/kv/*", kv::delete);
        cfg.routes.get("/kv", kv::emptyKey);
        cfg.routes.put("/kv", kv::emptyKey);
        cfg.routes.delete("/kv", kv::emptyKey);
        cfg.routes.get("/ns/*", kv::get);
        cfg.routes.put("/ns/*", kv::put);
        cfg.routes.delete("/ns/*", kv::delete);
        cfg.routes.get("/health", this::health);
        cfg.routes.get("/cluster", ctx -> json.write(ctx, 200, status.get()));
        cfg.routes.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(metrics.get()));
        cfg.routes.post("/admin/join", adminHandlers::join);
        cfg.routes.post("/admin/leave", adminHandlers::leave);
        cfg.routes.post("/admin/reweight", adminHandlers::reweight);
        cfg.routes.post("/admin/repair", adminHandlers::repair);
        cfg.routes.post("/admin/namespaces", adminHandlers::defineNamespace);
        cfg.routes.get("/namespaces", adminHandlers::namespaces);
        cfg.routes.post("/admin/backup", backup::backup);
        cfg.routes.get(KeyHandlers.PLACEMENT + "/*", keys::placement);
        cfg.routes.get(KeyHandlers.PLACEMENT, keys::noKey);
        cfg.routes.get(KeyHandlers.REPLICA + "/*", keys::replica);
        cfg.routes.get(KeyHandlers.REPLICA, keys::noKey);
        cfg.routes.post(KeyHandlers.REPAIR + "/*", keys::repair);
    }

    /** 200 while the node serves; 503 naming the problem once it has failed, without asking its event loop. */
    private void health(Context ctx) {
        Optional<String> problem = failure.get();
        Optional<String> notYet = starting.get();
        if (problem.isPresent()) {
            json.write(ctx, 503, new HealthResponse("failed", logName, problem.get()));
        } else if (notYet.isPresent()) {
            json.write(ctx, 503, new HealthResponse("starting", logName, notYet.get()));
        } else {
            json.write(ctx, 200, new HealthResponse("ok", status.get().node(), null));
        }
    }

    /** The port actually bound: the configured one, or the free port picked for port 0. */
    public synchronized int boundPort() {
        if (app == null || closed) {
            throw new IllegalStateException("the HTTP server is not running");
        }
        return app.port();
    }

    public HttpConfig config() {
        return config;
    }

    /** Stops serving; requests in progress are cut off. Harmless to call twice or before start. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /**
     * Stops accepting connections and requests at once, lets the requests in progress finish for up
     * to {@code drain}, then stops. Harmless to call twice or before start.
     */
    public synchronized void close(Duration drain) {
        if (closed) {
            return;
        }
        closed = true;
        if (app != null) {
            app.jettyServer().server().setStopTimeout(Math.max(0, drain.toMillis()));
            app.stop();
        }
        if (answering != null) {
            answering.shutdownNow();
        }
    }
}
