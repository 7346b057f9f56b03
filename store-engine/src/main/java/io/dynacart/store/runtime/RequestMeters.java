package io.dynacart.store.runtime;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.MeteredKvStore;
import io.dynacart.store.api.QuorumNotReachedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * A node's client entry, measured (through {@link MeteredKvStore}): latency per operation and
 * outcome, quorum failures per operation, and siblings per read. One timer sample per request,
 * recorded when its future completes; nothing is measured per message, and the coordinator is
 * untouched. Each latency, of every outcome, is also told to the node's admission controller of
 * background work.
 */
final class RequestMeters implements MeteredKvStore.Meter {

    private final Map<MeteredKvStore.Op, Op> ops = new EnumMap<>(MeteredKvStore.Op.class);
    private final DistributionSummary siblings;
    private final LongConsumer foreground;

    RequestMeters(MeterRegistry registry, LongConsumer foreground) {
        this.foreground = foreground;
        for (MeteredKvStore.Op op : MeteredKvStore.Op.values()) {
            ops.put(op, new Op(op.name().toLowerCase(Locale.ROOT), registry));
        }
        this.siblings = DistributionSummary.builder("dynacart.read.siblings")
                .description("versions a successful read returned (1 = no divergence)")
                .publishPercentiles(0.5, 0.99, 0.999).register(registry);
    }

    @Override
    public void read(GetResult result) {
        siblings.record(result.siblings().size());
    }

    @Override
    public void completed(MeteredKvStore.Op op, long nanos, Throwable error) {
        foreground.accept(nanos);
        ops.get(op).record(nanos, error);
    }

    /** The meters of one operation. */
    private static final class Op {
        private final Timer ok;
        private final Timer failed;
        private final Counter quorumFailures;

        Op(String name, MeterRegistry registry) {
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

        void record(long nanos, Throwable error) {
            if (error == null) {
                ok.record(nanos, TimeUnit.NANOSECONDS);
                return;
            }
            failed.record(nanos, TimeUnit.NANOSECONDS);
            if (error instanceof QuorumNotReachedException) {
                quorumFailures.increment();
            }
        }
    }
}
