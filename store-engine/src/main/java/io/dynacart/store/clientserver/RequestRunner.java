package io.dynacart.store.clientserver;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Value;
import io.dynacart.store.budget.Admission;
import io.dynacart.store.budget.ByteBudget;
import io.dynacart.store.clientwire.ClientRequest;
import io.dynacart.store.clientwire.ClientResponse;
import io.dynacart.store.clientwire.ErrorCode;
import io.dynacart.store.identity.Key;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs one request through the node's store as the HTTP API's handlers do: check R or W, admit its
 * bytes into the node's budget, call the store once, and turn its answer (or failure, or silence
 * past the answer timeout) into the protocol's answer. Never waits: the returned future completes
 * when the store's does, on whatever thread completes it. Thread-safe; one per server.
 */
final class RequestRunner {

    private final KvStore store;
    private final ByteBudget budget;
    private final Duration timeout;

    RequestRunner(KvStore store, ByteBudget budget, Duration timeout) {
        this.store = store;
        this.budget = budget;
        this.timeout = timeout;
    }

    /** The answer to {@code request} (a GET, PUT or DELETE); never fails, a failure is a FAILURE answer. */
    CompletableFuture<ClientResponse> run(ClientRequest request) {
        long id = request.id();
        try {
            if (request instanceof ClientRequest.Get g) {
                Quorum q = store.defaultQuorum(g.key().namespace());
                Quorum quorum = g.r() == ClientRequest.NODE_DEFAULT ? q : q.withR(checked("r", g.r(), q.n()));
                return admitted(id, 0, admission -> store.get(g.key(), quorum).thenApply(result -> {
                    admission.resize(Admission.REQUEST_OVERHEAD + valueBytes(result));
                    return found(id, result);
                }));
            }
            if (request instanceof ClientRequest.Put p) {
                Quorum quorum = withW(p.key(), p.w());
                return admitted(id, p.value().length, admission -> store.put(p.key(), p.context(), p.value(), quorum)
                        .thenApply(written -> new ClientResponse.Written(id, written)));
            }
            if (request instanceof ClientRequest.Delete d) {
                Quorum quorum = withW(d.key(), d.w());
                return admitted(id, 0, admission -> store.delete(d.key(), d.context(), quorum)
                        .thenApply(written -> new ClientResponse.Written(id, written)));
            }
        } catch (BadQuorum e) {
            return CompletableFuture.completedFuture(ClientResponse.Failure.of(id, ErrorCode.BAD_REQUEST, e.getMessage()));
        }
        throw new IllegalArgumentException("not a store request: " + request);
    }

    private Quorum withW(Key key, int w) {
        Quorum q = store.defaultQuorum(key.namespace());
        return w == ClientRequest.NODE_DEFAULT ? q : q.withW(checked("w", w, q.n()));
    }

    private static int checked(String name, int value, int n) {
        if (value == ClientRequest.LOCAL) {
            return Quorum.LOCAL;
        }
        if (value < 1 || value > n) {
            throw new BadQuorum(name + " must be a whole number from 1 to N=" + n + " or local (" + ClientRequest.LOCAL
                    + "), was " + value);
        }
        return value;
    }

    /**
     * Admits a request holding {@code valueBytes}, calls the store, and releases the admission when
     * the store has answered (it holds the value until then, even past the answer timeout).
     */
    private CompletableFuture<ClientResponse> admitted(long id, long valueBytes,
                                                       Function<Admission, CompletableFuture<ClientResponse>> call) {
        Admission admission = Admission.tryAdmit(budget, Admission.REQUEST_OVERHEAD + valueBytes);
        if (admission == null) {
            return CompletableFuture.completedFuture(StoreFailures.overloaded(id, Admission.refusal(budget)));
        }
        CompletableFuture<ClientResponse> answer;
        try {
            answer = call.apply(admission);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((v, e) -> admission.release());
        return within(id, answer);
    }

    private CompletableFuture<ClientResponse> within(long id, CompletableFuture<ClientResponse> answer) {
        return answer.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> failure == null ? response : StoreFailures.of(id, failure, timeout));
    }

    private static ClientResponse found(long id, GetResult result) {
        return new ClientResponse.Found(id, result.context(), result.siblings(), result.fallbacksOnly(),
                result.fastestReplica());
    }

    private static long valueBytes(GetResult result) {
        long bytes = 0;
        for (var sibling : result.siblings()) {
            if (sibling.value() instanceof Value.Bytes b) {
                bytes += b.length();
            }
        }
        return bytes;
    }

    /** An R or W outside 1..N: answered BAD_REQUEST, as HTTP's 400. */
    private static final class BadQuorum extends RuntimeException {
        BadQuorum(String message) {
            super(message, null, false, false);
        }
    }
}
