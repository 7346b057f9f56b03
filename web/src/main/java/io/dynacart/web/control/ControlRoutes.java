package io.dynacart.web.control;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.web.http.Csrf;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's JSON control API (docs/HTTP-API.md), on the web UI's port:
 *
 * <pre>
 *   POST /control/nodes/{id}/stop | start | wipe | leave
 *   POST /control/partition   {"groups":[["n1","n2"],["n3","n4","n5"]]}
 *   POST /control/zones/{zone}/cut   the zone's nodes against the rest (ended by heal)
 *   POST /control/heal
 *   POST /control/join        starts the next node (n6, ...) and proposes its join
 *   GET  /control/state       {@link ControlState}
 * </pre>
 *
 * Like every request to the demo, a control call must name the demo's own {@code Host} (403
 * otherwise, see {@code WebServer}). Every POST needs {@code Content-Type: application/json} and no
 * foreign {@code Origin} (see {@link Csrf}), and a body that is a JSON object ({@code {}} where no
 * fields are needed; an empty body is taken as one); POSTs answer the state after the change. Bad
 * input is a 400 naming the problem, in words, not the JSON parser's.
 */
public final class ControlRoutes {

    private final ClusterControl control;
    private final Csrf csrf;
    private final ObjectMapper json = new ObjectMapper();

    public ControlRoutes(ClusterControl control, Csrf csrf) {
        this.control = control;
        this.csrf = csrf;
    }

    public void register(RoutesConfig routes) {
        routes.before("/control/*", ctx -> {
            if ("POST".equals(ctx.method().name())) {
                csrf.requireJsonCall(ctx);
                if (!ctx.body().isBlank() && !object(ctx.body()).isObject()) {
                    throw ControlException.badRequest("the body must be a JSON object, e.g. {}");
                }
            }
        });
        routes.get("/control/state", ctx -> ctx.json(control.state()));
        routes.post("/control/nodes/{id}/{action}", this::nodeAction);
        routes.post("/control/partition", ctx -> {
            control.partition(groups(ctx.body()));
            ctx.json(control.state());
        });
        routes.post("/control/heal", ctx -> {
            control.heal();
            ctx.json(control.state());
        });
        routes.post("/control/join", ctx -> {
            control.join();
            ctx.json(control.state());
        });
        routes.post("/control/zones/{zone}/cut", ctx -> {
            control.cutZone(ctx.pathParam("zone"));
            ctx.json(control.state());
        });
    }

    private void nodeAction(Context ctx) {
        String id = ctx.pathParam("id");
        String action = ctx.pathParam("action");
        switch (action) {
            case "stop" -> control.stop(id);
            case "start" -> control.start(id);
            case "wipe" -> control.wipe(id);
            case "leave" -> control.leave(id);
            default -> throw ControlException.badRequest("no action \"" + action
                    + "\" on a node; there are stop, start, wipe and leave");
        }
        ctx.json(control.state());
    }

    /** The {@code groups} of a partition request, or a 400 that says what is wrong with the body. */
    List<List<String>> groups(String body) {
        JsonNode root = object(body);
        String shape = "the body must be {\"groups\":[[\"n1\",\"n2\"],[\"n3\",\"n4\",\"n5\"]]}";
        if (root == null || !root.isObject() || !root.path("groups").isArray()) {
            throw ControlException.badRequest(shape);
        }
        List<List<String>> groups = new ArrayList<>();
        for (JsonNode group : root.get("groups")) {
            if (!group.isArray()) {
                throw ControlException.badRequest(shape + "; a group is an array of node ids");
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode id : group) {
                if (!id.isTextual()) {
                    throw ControlException.badRequest(shape + "; node ids are strings, found " + id);
                }
                ids.add(id.asText());
            }
            groups.add(ids);
        }
        return groups;
    }

    /**
     * {@code body} parsed; a 400 saying where it stops being JSON, in words of our own (the parser's
     * messages name its internals), e.g. "malformed JSON: the body ends before the JSON does (at
     * line 1, column 18)".
     */
    JsonNode object(String body) {
        try {
            JsonNode root = json.readTree(body);
            return root == null ? json.missingNode() : root;
        } catch (JsonProcessingException e) {
            String what = e instanceof JsonEOFException ? "the body ends before the JSON does"
                    : "the body is not valid JSON";
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? ""
                    : " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw ControlException.badRequest("malformed JSON: " + what + where + "; send e.g. {} or "
                    + "{\"groups\":[[\"n1\",\"n2\"],[\"n3\",\"n4\",\"n5\"]]}");
        }
    }
}
