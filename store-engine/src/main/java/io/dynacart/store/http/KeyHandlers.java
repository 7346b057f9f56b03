package io.dynacart.store.http;

import io.dynacart.store.identity.Key;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The key explorer's calls: where a key lives as this node sees it, what this node holds of it, and
 * read repair of it now.
 *
 * <pre>
 *   GET  /placement/kv/{key}, /placement/ns/{namespace}/kv/{key}   200 {@link KeyAnswers#placement}
 *   GET  /replica/kv/{key},   /replica/ns/{namespace}/kv/{key}     200 {@link KeyAnswers#replica}
 *   POST /admin/repair/kv/{key}, /admin/repair/ns/{namespace}/kv/{key}[?antiEntropy=true]
 *                                                                  200 {@link KeyAnswers#repair}; X-Admin-Token
 * </pre>
 * The key follows {@link KeyPath}'s rule after the route's prefix; a namespace the node does not know
 * is a 404 naming it. A replica read asks no other node: it is what this node's storage holds, so it
 * answers during a partition too.
 */
final class KeyHandlers {

    static final String PLACEMENT = "/placement";
    static final String REPLICA = "/replica";
    static final String REPAIR = "/admin/repair";
    static final String ANTI_ENTROPY = "antiEntropy";

    private final AdminActions actions;
    private final AdminHandlers admin;
    private final Duration timeout;
    private final JsonWriter json;
    private final Executor answering;

    KeyHandlers(AdminActions actions, AdminHandlers admin, Duration timeout, JsonWriter json, Executor answering) {
        this.actions = Objects.requireNonNull(actions, "actions");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = timeout;
        this.json = json;
        this.answering = answering;
    }

    void placement(Context ctx) {
        Key key = KeyPath.decodeUnder(PLACEMENT, ctx.req().getRequestURI());
        ctx.future(() -> StoreAnswers.within(AdminHandlers.mapped(actions.placement(key)), timeout, answering)
                .thenAccept(p -> json.write(ctx, 200, KeyAnswers.placement(p))));
    }

    void replica(Context ctx) {
        Key key = KeyPath.decodeUnder(REPLICA, ctx.req().getRequestURI());
        ctx.future(() -> StoreAnswers.within(AdminHandlers.mapped(actions.replica(key)), timeout, answering)
                .thenAccept(copy -> json.write(ctx, 200, KeyAnswers.replica(copy))));
    }

    void repair(Context ctx) {
        admin.authorize(ctx);
        Key key = KeyPath.decodeUnder(REPAIR, ctx.req().getRequestURI());
        boolean antiEntropy = flag(ctx.queryParam(ANTI_ENTROPY));
        ctx.future(() -> StoreAnswers.within(AdminHandlers.mapped(actions.repairKey(key, antiEntropy)), timeout,
                answering).thenAccept(outcome -> json.write(ctx, 200, KeyAnswers.repair(outcome))));
    }

    /** {@code /placement} and {@code /replica} with no key. */
    void noKey(Context ctx) {
        String route = ctx.path().startsWith(REPLICA) ? REPLICA : PLACEMENT;
        throw ApiException.badRequest("name a key: " + route + "/kv/{key} or " + route + "/ns/{namespace}/kv/{key}");
    }

    private static boolean flag(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiException.badRequest("query parameter " + ANTI_ENTROPY + " must be true or false, was '"
                + (value.length() <= 40 ? value : value.substring(0, 37) + "...") + "'");
    }
}
