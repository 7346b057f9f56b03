package io.dynacart.web.http;

import gg.jte.TemplateEngine;
import io.dynacart.cart.service.CartRejectedException;
import io.dynacart.store.api.KvStoreException;
import io.dynacart.web.control.ControlException;
import io.dynacart.web.pages.Frame;
import io.dynacart.web.shop.StoreWait;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure becomes a proper answer in this one place: an HTML error page for the pages, a JSON
 * {@code {"error": "..."}} for the control API and the charts' data. What must hold: no answer
 * carries a stack trace or an exception's class name. Bad input is a 4xx that says what was wrong;
 * anything unexpected is a 500 with a generic message, logged here.
 */
public final class ErrorPages {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);
    static final String INTERNAL = "Something went wrong on our side; the demo's log has the details.";
    /** The longest piece of a request's path an error message repeats. */
    static final int MAX_PATH_SHOWN = 80;

    private final TemplateEngine templates;

    /** @param templates renders the error page for requests Jetty refuses before Javalin sees them */
    public ErrorPages(TemplateEngine templates) {
        this.templates = templates;
    }

    public void install(JavalinConfig cfg) {
        cfg.routes.exception(WebException.class, (e, ctx) -> answer(ctx, e.status(), e.getMessage()));
        cfg.routes.exception(ControlException.class, (e, ctx) -> answer(ctx, e.status(), e.getMessage()));
        cfg.routes.exception(CartRejectedException.class, (e, ctx) -> answer(ctx, status(e.reason()), e.getMessage()));
        cfg.routes.exception(KvStoreException.class, (e, ctx) -> answer(ctx, 503,
                "The store could not answer: " + e.getMessage() + ". Try again, or heal the cluster."));
        cfg.routes.exception(StoreWait.StoreTimeoutException.class, (e, ctx) -> answer(ctx, 504, e.getMessage() + "."));
        cfg.routes.exception(HttpResponseException.class, this::routing);
        cfg.routes.exception(Exception.class, this::unexpected);
        cfg.router.javaLangErrorHandler((res, error) -> {
            LOG.error("request failed with an error", error);
            res.setStatus(500);
            res.setContentType("text/plain; charset=utf-8");
            try {
                res.getOutputStream().write(INTERNAL.getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException ignored) {
                // The response is beyond saving; the error is logged above.
            }
        });
        cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrorPage(templates)));
    }

    private static int status(CartRejectedException.Reason reason) {
        return switch (reason) {
            case CART_LIMIT, EMPTY_CART -> 409;
            case FOREIGN_CART -> 403;
            default -> 400;
        };
    }

    private void routing(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        String message = switch (status) {
            case 404 -> "There is no page at " + shortened(ctx.path()) + ".";
            case 405 -> "Method " + ctx.method() + " is not allowed on " + shortened(ctx.path()) + ".";
            case 413 -> "The request is too large.";
            default -> e.getMessage();
        };
        answer(ctx, status, message);
    }

    /** {@code path}, cut to its first {@value #MAX_PATH_SHOWN} characters (and an ellipsis) when longer. */
    static String shortened(String path) {
        if (path.length() <= MAX_PATH_SHOWN) {
            return path;
        }
        int end = Character.isHighSurrogate(path.charAt(MAX_PATH_SHOWN - 1)) ? MAX_PATH_SHOWN - 1 : MAX_PATH_SHOWN;
        return path.substring(0, end) + "… (" + path.length() + " characters)";
    }

    private void unexpected(Exception e, Context ctx) {
        if (isTooLarge(e)) {
            answer(ctx, 413, "The form is too large.");
            return;
        }
        LOG.error("{} {} failed unexpectedly", ctx.method(), ctx.path(), e);
        answer(ctx, 500, INTERNAL);
    }

    /** Jetty refuses an oversized form (or one with too many fields) while Javalin parses it. */
    private static boolean isTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("too large") || m.contains("too many") || m.contains("exceeds")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** HTML for a browser's page, JSON for the API and data calls. */
    static void answer(Context ctx, int status, String message) {
        ctx.status(status);
        if (wantsJson(ctx)) {
            ctx.json(Map.of("error", message));
        } else {
            ctx.render("error.jte", Map.of("frame", Frame.plain(title(status)), "status", status, "message", message));
        }
    }

    static boolean wantsJson(Context ctx) {
        String path = ctx.path();
        return path.startsWith("/control/") || path.endsWith(".json");
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 409 -> "Conflict";
            case 413 -> "Too large";
            case 414 -> "Address too long";
            case 415 -> "Unsupported media type";
            case 431 -> "Headers too large";
            case 503 -> "Unavailable";
            default -> status >= 500 ? "Server error" : "Error " + status;
        };
    }
}
