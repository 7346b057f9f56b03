package io.dynacart.store.runtime;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongConsumer;

/**
 * A node's client entry, measured: latency per operation and outcome, quorum failures per
 * operation, and siblings per read. One timer sample per request, recorded when its future
 * completes; nothing is measured per message, and the coordinator is untouched. Each latency, of
 * every outcome, is also told to the node's admission controller of background work.
 */
final class MeteredKvStore implements KvStore {

    private final KvStore store;
    private final Op get;
    private final Op put;
    private final Op delete;
    private final DistributionSummary siblings;

    MeteredKvStore(KvStore store, MeterRegistry registry, LongConsumer foreground) {
        this.store = store;
        this.get = new Op("get", registry, foreground);
        this.put = new Op("put", registry, foreground);
        this.delete = new Op("delete", registry, foreground);
        this.siblings = DistributionSummary.builder("dynacart.read.siblings")
                .description("versions a successful read returned (1 = no divergence)")
                .publishPercentiles(0.5, 0.99, 0.999).register(registry);
    }

    @Override
    public Quorum defaultQuorum() {
        return store.defaultQuorum();
    }

    @Override
    public CompletableFuture<GetResult> get(Key key, Quorum quorum) {
        long start = System.nanoTime();
        return get.observe(start, store.get(key, quorum).whenComplete((r, e) -> {
            if (r != null) {
                siblings.record(r.siblings().size());
            }
        }));
    }

    @Override
    public CompletableFuture<Context> put(Key key, Context context, byte[] value, Quorum quorum) {
        return put.observe(System.nanoTime(), store.put(key, context, value, quorum));
    }

    @Override
    public CompletableFuture<Context> delete(Key key, Context context, Quorum quorum) {
        return delete.observe(System.nanoTime(), store.delete(key, context, quorum));
    }

    /** The meters of one operation. */
    private static final class Op {
        private final Timer ok;
        private final Timer failed;
        private final Counter quorumFailures;
        private final LongConsumer foreground;

        Op(String name, MeterRegistry registry, LongConsumer foreground) {
            this.foreground = foreground;
            this.ok = timer(name, "ok", registry);
            this.failed = timer(name, "failed", registry);
            this.quorumFailures = Counter.builder("dynacart.quorum.failures").tag("op", name)
                    .description("requests that did not reach R or W replicas in time").register(registry);
        }

        private static Timer timer(String op, String outcome, MeterRegistry registry) {
            return Timer.builder("dynacart.requests").tag("op", op).tag("outcome", outcome)
                    .description("client requests coordinated by this node, from call to answer")
                    .publishPercentiles(0.5, 0.99, 0.999).register(registry);
        }

        <T> CompletableFuture<T> observe(long startNanos, CompletableFuture<T> answer) {
            answer.whenComplete((r, e) -> {
                long took = System.nanoTime() - startNanos;
                foreground.accept(took);
                if (e == null) {
                    ok.record(took, java.util.concurrent.TimeUnit.NANOSECONDS);
                    return;
                }
                failed.record(took, java.util.concurrent.TimeUnit.NANOSECONDS);
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof QuorumNotReachedException) {
                    quorumFailures.increment();
                }
            });
            return answer;
        }
    }
}
