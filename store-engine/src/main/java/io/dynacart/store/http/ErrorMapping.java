package io.dynacart.store.http;

import io.dynacart.store.identity.InvalidKeyException;
import io.dynacart.store.storage.ValueTooLargeException;
import io.dynacart.store.versioning.MalformedContextException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure of a request becomes a JSON error, {@code {"error": "..."}}, in this one place.
 *
 * <p>What must hold: no answer carries a stack trace, an exception's class name or an HTML page.
 * Client mistakes (400, 404, 405, 413), a put past a key's sibling caps (409, 413) and store
 * unavailability (503, 504) say what went wrong; a 503 that a retry to this same node may cure
 * (overload) carries {@code Retry-After};
 * anything unexpected is a 500 with a generic message, and the exception is logged here instead.
 * Failures Jetty detects before Javalin runs (a malformed request line, headers too large) are
 * answered in JSON by {@link JettyJsonErrors}.
 */
final class ErrorMapping {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
    static final String INTERNAL = "internal error; the node logged the details";

    private final JsonWriter json;

    ErrorMapping(JsonWriter json) {
        this.json = json;
    }

    void install(JavalinConfig cfg) {
        cfg.routes.exception(ApiException.class, this::api);
        cfg.routes.exception(MalformedContextException.class, (e, ctx) ->
                json.write(ctx, 400, ErrorResponse.of("malformed " + KvHandlers.CONTEXT_HEADER + " header: "
                        + e.getMessage())));
        cfg.routes.exception(InvalidKeyException.class, (e, ctx) -> json.write(ctx, 400, ErrorResponse.of(e.getMessage())));
        cfg.routes.exception(ValueTooLargeException.class, (e, ctx) ->
                json.write(ctx, 413, ErrorResponse.of(e.getMessage())));
        cfg.routes.exception(HttpResponseException.class, this::routing);
        cfg.routes.exception(Exception.class, this::unexpected);
        cfg.router.javaLangErrorHandler((res, error) -> {
            LOG.error("request failed with an error", error);
            res.setStatus(500);
            res.setContentType(JsonWriter.CONTENT_TYPE);
            try {
                res.getOutputStream().write(json.bytes(ErrorResponse.of(INTERNAL)));
            } catch (IOException | RuntimeException ignored) {
                // The response is beyond saving; the error is logged above.
            }
        });
    }

    private void api(ApiException e, Context ctx) {
        if (e.status() >= 500) {
            LOG.debug("{} {} answered {}: {}", ctx.method(), ctx.path(), e.status(), e.getMessage());
        }
        if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        json.write(ctx, e.status(), new ErrorResponse(e.getMessage(), e.missing()));
    }

    /** Javalin's own answers: no route (404), wrong method (405), and any other it raises. */
    private void routing(HttpResponseException e, Context ctx) {
        String request = ctx.method() + " " + ctx.path();
        String message;
        if (e.getStatus() == 404) {
            message = "no route for " + request + "; the API has /kv/{key}, /ns/{namespace}/kv/{key}, /health,"
                    + " /cluster, /metrics, /namespaces, /placement/kv/{key}, /replica/kv/{key} and /admin/...";
        } else if (e.getStatus() == 405) {
            String allowed = String.join(", ", e.getDetails().values());
            message = "method " + ctx.method() + " is not allowed on " + ctx.path()
                    + (allowed.isEmpty() ? "" : "; allowed: " + allowed);
            if (!allowed.isEmpty()) {
                ctx.header("Allow", allowed);
            }
        } else {
            message = e.getMessage();
        }
        json.write(ctx, e.getStatus(), ErrorResponse.of(message));
    }

    private void unexpected(Exception e, Context ctx) {
        LOG.error("{} {} failed unexpectedly", ctx.method(), ctx.path(), e);
        json.write(ctx, 500, ErrorResponse.of(INTERNAL));
    }
}
