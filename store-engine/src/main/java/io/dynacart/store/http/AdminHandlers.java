package io.dynacart.store.http;

import io.dynacart.store.api.NamespaceChange;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * {@code POST /admin/join[?weight=]} (on the node that joins; its own weight by default), {@code POST /admin/leave[?node=]}
 * (on any node; the answering node by default), {@code POST /admin/reweight?node=&weight=} (on any
 * node: the node's share of the partitions changes, moving partitions as a join or leave does), and {@code POST /admin/repair?partition=}
 * (anti-entropy of that partition with its other replicas, now), all guarded by {@code X-Admin-Token}. They answer
 * 202 with {@code {"targetRingVersion": v}}: the change has started; {@code GET /cluster} shows the
 * transfers until the ring switches. {@code POST /admin/namespaces} (token too) makes or changes a
 * namespace ({@link NamespaceRequests}); {@code GET /namespaces} lists them.
 */
final class AdminHandlers {

    static final String TOKEN_HEADER = "X-Admin-Token";
    /** The highest weight a join or reweight takes. */
    static final int MAX_WEIGHT = 100;

    private final AdminActions actions;
    private final byte[] token;
    private final Duration timeout;
    private final JsonWriter json;
    private final Executor answering;

    AdminHandlers(AdminActions actions, String token, Duration timeout, JsonWriter json, Executor answering) {
        this.actions = Objects.requireNonNull(actions, "actions");
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.timeout = timeout;
        this.json = json;
        this.answering = answering;
    }

    void join(Context ctx) {
        authorize(ctx);
        String w = ctx.queryParam("weight");
        answer(ctx, actions.join(w == null ? actions.ownWeight() : weight(w)));
    }

    /** {@code POST /admin/reweight?node=&weight=}: a ring change giving the node that weight. */
    void reweight(Context ctx) {
        authorize(ctx);
        String node = ctx.queryParam("node");
        if (node == null || node.isBlank()) {
            throw ApiException.badRequest("name the node to re-weight: ?node=n2&weight=2");
        }
        String w = ctx.queryParam("weight");
        if (w == null) {
            throw ApiException.badRequest("give the node's new weight: ?node=" + node + "&weight=2");
        }
        answer(ctx, actions.reweight(node, weight(w)));
    }

    /** A weight from 1 to {@value #MAX_WEIGHT}, or a 400 naming the problem. */
    private static int weight(String w) {
        int weight;
        try {
            weight = Integer.parseInt(w);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("weight must be a whole number from 1 to " + MAX_WEIGHT + ", was '" + w + "'");
        }
        if (weight < 1 || weight > MAX_WEIGHT) {
            throw ApiException.badRequest("weight must be from 1 to " + MAX_WEIGHT + ", was " + weight);
        }
        return weight;
    }

    void repair(Context ctx) {
        authorize(ctx);
        String p = ctx.queryParam("partition");
        int partition;
        try {
            partition = Integer.parseInt(p == null ? "" : p);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("partition must be a partition number (see GET /cluster), was '" + p + "'");
        }
        ctx.future(() -> StoreAnswers.within(mapped(actions.repair(partition)), timeout, answering)
                .thenAccept(n -> json.write(ctx, 202, Map.of("partition", partition, "exchanges", n))));
    }

    /** {@code POST /admin/namespaces}: makes or changes a namespace; 200 with its settings as this node now has them. */
    void defineNamespace(Context ctx) {
        authorize(ctx);
        NamespaceChange change = NamespaceRequests.parse(ctx.bodyAsBytes());
        ctx.future(() -> StoreAnswers.within(mapped(actions.defineNamespace(change)), timeout, answering)
                .thenAccept(config -> json.write(ctx, 200, NamespaceRequests.show(config))));
    }

    /** {@code GET /namespaces}: every namespace this node knows, the default one first. No token: it is no secret. */
    void namespaces(Context ctx) {
        json.write(ctx, 200, Map.of("namespaces", actions.namespaces().stream().map(NamespaceRequests::show).toList()));
    }

    void leave(Context ctx) {
        authorize(ctx);
        answer(ctx, actions.leave(ctx.queryParam("node")));
    }

    /** Refuses the request (403) unless it carries the admin token. */
    void authorize(Context ctx) {
        String given = ctx.header(TOKEN_HEADER);
        if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            throw ApiException.forbidden("admin calls need the node's admin token in the " + TOKEN_HEADER + " header");
        }
    }

    private void answer(Context ctx, CompletableFuture<Long> change) {
        ctx.future(() -> StoreAnswers.within(mapped(change), timeout, answering)
                .thenAccept(version -> json.write(ctx, 202, Map.of("targetRingVersion", version))));
    }

    /** The action's failures as HTTP: 409 for a state that forbids it now, 400 for bad input. */
    static <T> CompletableFuture<T> mapped(CompletableFuture<T> change) {
        return change.handle((version, failure) -> {
            if (failure == null) {
                return version;
            }
            Throwable c = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (c instanceof IllegalStateException) {
                throw ApiException.conflict(c.getMessage());
            }
            if (c instanceof IllegalArgumentException) {
                throw ApiException.badRequest(c.getMessage());
            }
            throw new CompletionException(c);
        });
    }
}
