package io.dynacart.store.http;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Value;
import io.dynacart.store.budget.Admission;
import io.dynacart.store.budget.ByteBudget;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * {@code GET}, {@code PUT} and {@code DELETE /kv/{key}}: parse and check everything first, call the
 * store once, wait for its answer, answer. Runs on HTTP threads; the store's event loop is never
 * blocked, only the HTTP thread waits (bounded by the answer timeout).
 *
 * <p>What must hold: every check (key, quorum, context, body size, the node's bytes in flight)
 * happens before the store is called, so a rejected request writes nothing; every answer carries
 * the context a client needs next (in the body for a get, in {@code X-Context} for all three); and
 * a request holds its bytes in the node's {@link ByteBudget} from before its body is read until the
 * store has answered ({@link Admission}), a get's answer counted as soon as it arrives.
 */
final class KvHandlers {

    /** The header that carries a context both ways, base64url. */
    static final String CONTEXT_HEADER = "X-Context";
    /** The header naming the primary that replied first to a read: where to send the put after it (paper 6.4). */
    static final String FASTEST_REPLICA_HEADER = "X-Fastest-Replica";

    private final KvStore store;
    private final Duration answerTimeout;
    private final JsonWriter json;
    private final Executor answering;
    private final ByteBudget budget;

    KvHandlers(KvStore store, Duration answerTimeout, JsonWriter json, Executor answering, ByteBudget budget) {
        this.budget = Objects.requireNonNull(budget, "budget");
        this.answering = Objects.requireNonNull(answering, "answering");
        this.store = Objects.requireNonNull(store, "store");
        this.answerTimeout = Objects.requireNonNull(answerTimeout, "answerTimeout");
        this.json = Objects.requireNonNull(json, "json");
    }

    void get(io.javalin.http.Context ctx) {
        Key key = KeyPath.decode(ctx.req().getRequestURI());
        Quorum quorum = QuorumParams.withR(store.defaultQuorum(key.namespace()), ctx.queryParam("r"));
        Admission admission = admit(Admission.REQUEST_OVERHEAD);
        CompletableFuture<GetResult> answer = releasedWhenDone(admission, () -> store.get(key, quorum).thenApply(result -> {
            admission.resize(Admission.REQUEST_OVERHEAD + valueBytes(result));
            return result;
        }));
        ctx.future(() -> StoreAnswers.within(answer, answerTimeout, answering).thenAccept(result -> {
            ctx.header(CONTEXT_HEADER, result.context().toBase64Url());
            result.fastestReplica().ifPresent(node -> ctx.header(FASTEST_REPLICA_HEADER, node.toString()));
            json.write(ctx, result.found() ? 200 : 404, GetResponse.of(result));
        }));
    }

    void put(io.javalin.http.Context ctx) {
        Key key = KeyPath.decode(ctx.req().getRequestURI());
        Quorum quorum = QuorumParams.withW(store.defaultQuorum(key.namespace()), ctx.queryParam("w"));
        Context context = contextOf(ctx);
        long declared = ctx.req().getContentLengthLong();
        boolean waitsForContinue = "100-continue".equalsIgnoreCase(ctx.header("Expect"));
        RequestBody.rejectDeclared(declared, waitsForContinue, () -> inputOf(ctx));
        Admission admission;
        try {
            admission = admit(Admission.REQUEST_OVERHEAD + (declared >= 0 ? declared : Value.MAX_BYTES));
        } catch (ApiException overloaded) {
            RequestBody.discard(declared, waitsForContinue, () -> inputOf(ctx));
            throw overloaded;
        }
        byte[] value = releasedIfFails(admission, () -> RequestBody.read(inputOf(ctx)));
        admission.resize(Admission.REQUEST_OVERHEAD + value.length);
        CompletableFuture<Context> answer = releasedWhenDone(admission, () -> store.put(key, context, value, quorum));
        ctx.future(() -> StoreAnswers.within(answer, answerTimeout, answering)
                .thenAccept(written -> answerWritten(ctx, written)));
    }

    void delete(io.javalin.http.Context ctx) {
        Key key = KeyPath.decode(ctx.req().getRequestURI());
        Quorum quorum = QuorumParams.withW(store.defaultQuorum(key.namespace()), ctx.queryParam("w"));
        Context context = contextOf(ctx);
        Admission admission = admit(Admission.REQUEST_OVERHEAD);
        CompletableFuture<Context> answer = releasedWhenDone(admission, () -> store.delete(key, context, quorum));
        ctx.future(() -> StoreAnswers.within(answer, answerTimeout, answering)
                .thenAccept(written -> answerWritten(ctx, written)));
    }

    /**
     * Admits a request that needs {@code bytes} (its overhead included).
     *
     * @throws ApiException 503 with {@code Retry-After} when the node has too much in flight
     */
    private Admission admit(long bytes) {
        Admission admission = Admission.tryAdmit(budget, bytes);
        if (admission == null) {
            throw ApiException.overloaded(Admission.refusal(budget), Admission.RETRY_AFTER_SECONDS);
        }
        return admission;
    }

    /** Runs a step of an admitted request; if it throws, the request is over and its admission released. */
    private static <T> T releasedIfFails(Admission admission, Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException | Error e) {
            admission.release();
            throw e;
        }
    }

    /**
     * Calls the store for an admitted request and releases the admission when the store has
     * answered: the store holds the value until then, even past the answer timeout.
     */
    private static <T> CompletableFuture<T> releasedWhenDone(Admission admission, Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> answer = releasedIfFails(admission, call);
        answer.whenComplete((v, e) -> admission.release());
        return answer;
    }

    private static long valueBytes(GetResult result) {
        long bytes = 0;
        for (byte[] v : result.values()) {
            bytes += v.length;
        }
        return bytes;
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
