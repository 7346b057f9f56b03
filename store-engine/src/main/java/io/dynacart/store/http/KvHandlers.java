package io.dynacart.store.http;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * {@code GET}, {@code PUT} and {@code DELETE /kv/{key}}: parse and check everything first, call the
 * store once, wait for its answer, answer. Runs on HTTP threads; the store's event loop is never
 * blocked, only the HTTP thread waits (bounded by the answer timeout).
 *
 * <p>What must hold: every check (key, quorum, context, body size) happens before the store is
 * called, so a rejected request writes nothing; and every answer carries the context a client needs
 * next (in the body for a get, in {@code X-Context} for all three).
 */
final class KvHandlers {

    /** The header that carries a context both ways, base64url. */
    static final String CONTEXT_HEADER = "X-Context";

    private final KvStore store;
    private final Duration answerTimeout;
    private final JsonWriter json;
    private final Executor answering;

    KvHandlers(KvStore store, Duration answerTimeout, JsonWriter json, Executor answering) {
        this.answering = Objects.requireNonNull(answering, "answering");
        this.store = Objects.requireNonNull(store, "store");
        this.answerTimeout = Objects.requireNonNull(answerTimeout, "answerTimeout");
        this.json = Objects.requireNonNull(json, "json");
    }

    void get(io.javalin.http.Context ctx) {
        Key key = KeyPath.decode(ctx.req().getRequestURI());
        Quorum quorum = QuorumParams.withR(store.defaultQuorum(), ctx.queryParam("r"));
        ctx.future(() -> StoreAnswers.within(store.get(key, quorum), answerTimeout, answering).thenAccept(result -> {
            ctx.header(CONTEXT_HEADER, result.context().toBase64Url());
            json.write(ctx, result.found() ? 200 : 404, GetResponse.of(result));
        }));
    }

    void put(io.javalin.http.Context ctx) {
        Key key = KeyPath.decode(ctx.req().getRequestURI());
        Quorum quorum = QuorumParams.withW(store.defaultQuorum(), ctx.queryParam("w"));
        Context context = contextOf(ctx);
        RequestBody.rejectDeclared(ctx.req().getContentLengthLong(),
                "100-continue".equalsIgnoreCase(ctx.header("Expect")), () -> inputOf(ctx));
        byte[] value = RequestBody.read(inputOf(ctx));
        ctx.future(() -> StoreAnswers.within(store.put(key, context, value, quorum), answerTimeout, answering)
                .thenAccept(written -> answerWritten(ctx, written)));
    }

    void delete(io.javalin.http.Context ctx) {
        Key key = KeyPath.decode(ctx.req().getRequestURI());
        Quorum quorum = QuorumParams.withW(store.defaultQuorum(), ctx.queryParam("w"));
        Context context = contextOf(ctx);
        ctx.future(() -> StoreAnswers.within(store.delete(key, context, quorum), answerTimeout, answering)
                .thenAccept(written -> answerWritten(ctx, written)));
    }

    /** {@code /kv} and {@code /kv/} with no key, whatever the method. */
    void emptyKey(io.javalin.http.Context ctx) {
        throw KeyPath.emptyKey();
    }

    /** Absent means a blind write; present must decode ({@code MalformedContextException} is a 400). */
    private static Context contextOf(io.javalin.http.Context ctx) {
        String header = ctx.header(CONTEXT_HEADER);
        return header == null ? Context.EMPTY : Context.fromBase64Url(header.strip());
    }

    private static InputStream inputOf(io.javalin.http.Context ctx) {
        try {
            return ctx.req().getInputStream();
        } catch (IOException e) {
            throw ApiException.badRequest("the request body could not be read; nothing was written");
        }
    }

    private static void answerWritten(io.javalin.http.Context ctx, Context written) {
        ctx.header(CONTEXT_HEADER, written.toBase64Url());
        ctx.status(204);
    }
}
