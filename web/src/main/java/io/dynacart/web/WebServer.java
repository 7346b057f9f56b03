package io.dynacart.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.dynacart.store.http.HostCheck;
import io.dynacart.web.control.ControlRoutes;
import io.dynacart.web.http.ErrorPages;
import io.dynacart.web.http.Sessions;
import io.dynacart.web.http.WebException;
import io.dynacart.web.pages.CartPage;
import io.dynacart.web.pages.ClusterPage;
import io.dynacart.web.pages.LabPage;
import io.dynacart.web.pages.PaperPage;
import io.dynacart.web.pages.ShopPage;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * The demo's web server (Javalin 7, jte templates compiled at build time): the pages, the JSON
 * control API and the static assets (ours under {@code /static}, libraries from WebJars under
 * {@code /webjars}; nothing from the internet). Handlers are grouped by page in
 * {@code io.dynacart.web.pages}; this class only wires them.
 */
public final class WebServer implements AutoCloseable {

    /** Forms and JSON bodies are small; anything larger is refused with 413. */
    public static final int MAX_REQUEST_BYTES = 16 * 1024;

    private final Javalin app;

    private WebServer(Javalin app) {
        this.app = app;
    }

    /**
     * Binds {@code host:port} (0 for a free port) and serves {@code demo}: only requests whose
     * {@code Host} is the demo's own ({@link HostCheck}), so that a web page cannot reach it
     * through DNS rebinding.
     *
     * @param host an IP address or {@code localhost}
     */
    public static WebServer start(String host, int port, DemoEnvironment demo) {
        HostCheck hosts = HostCheck.forBinding(host);
        TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
        Javalin app = Javalin.create(cfg -> configure(cfg, templates, demo, hosts)).start(host, port);
        return new WebServer(app);
    }

    private static void configure(JavalinConfig cfg, TemplateEngine templates, DemoEnvironment demo, HostCheck hosts) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
        cfg.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
        cfg.fileRenderer((path, model, ctx) -> {
            @SuppressWarnings("unchecked") // javac would otherwise pick render(String, Object, TemplateOutput)
            Map<String, Object> params = (Map<String, Object>) model;
            StringOutput out = new StringOutput();
            templates.render(path, params, out);
            return out.toString();
        });
        cfg.staticFiles.add(files -> {
            files.hostedPath = "/static";
            files.directory = "/static";
            files.location = Location.CLASSPATH;
        });
        cfg.staticFiles.enableWebjars();
        new ErrorPages().install(cfg);

        // First of all: a request for another host gets nothing, not even a session cookie.
        cfg.routes.before(ctx -> hosts.problem(ctx.header("Host"), ctx.req().getLocalPort()).ifPresent(problem -> {
            throw new WebException(403, "This demo refused the request. " + problem + ".");
        }));
        Sessions sessions = new Sessions();
        cfg.routes.before(sessions::attach);
        cfg.routes.before(ctx -> {
            boolean form = "POST".equals(ctx.method().name()) && !ctx.path().startsWith("/control/");
            if (form) {
                demo.csrf().requireFormToken(ctx);
            }
        });
        cfg.routes.after(ctx -> {
            // Each page a browser sees goes into its session record (last write wins), in the background.
            String type = ctx.res().getContentType();
            if ("GET".equals(ctx.method().name()) && ctx.statusCode() == 200 && type != null
                    && type.startsWith("text/html")) {
                demo.visits().recordLater(Sessions.id(ctx), ctx.path());
            }
        });
        cfg.routes.get("/", ctx -> ctx.redirect(demo.home()));
        new ShopPage(demo.shop(), demo.csrf()).register(cfg.routes);
        new CartPage(demo.shop(), demo.visits(), demo.csrf()).register(cfg.routes);
        new LabPage(demo.lab(), demo.control(), demo.csrf(), demo.shop().catalog().products()).register(cfg.routes);
        new PaperPage(demo.lab().paper(), demo.control(), demo.csrf()).register(cfg.routes);
        new ControlRoutes(demo.control(), demo.csrf()).register(cfg.routes);
        new ClusterPage(demo.control(), demo.metrics(), demo.shoppers(), demo.shopperRate(), demo.csrf())
                .register(cfg.routes);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
