package io.dynacart.loadgen.workload;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a run asks of the store. The dispatcher asks {@link #next} for a request at each intended
 * start time and starts it at once; at the end, {@link #verify} heals nothing itself (the run does)
 * but reads back what was acknowledged and judges it.
 */
public sealed interface Workload permits CartWorkload, KvWorkload {

    /** {@code cart} or {@code kv}. */
    String name();

    /** The operations this workload issues, in the order the report lists them. */
    List<String> operations();

    /** Seeds what the run needs (the catalog, the keys) before the clock starts. */
    void prepare(Duration deadline);

    /**
     * The next request. When none can really start (every device of the shoppers tried is busy), a
     * request whose start fails at once, so it is counted as an error of kind {@code devices-busy}.
     */
    Request next();

    /**
     * After the load stopped and the cluster was healed: reads everything back until it converged or
     * {@code deadline} passed, and compares it with what was acknowledged.
     */
    Correctness verify(Duration deadline);

    /** One request, picked but not started. */
    interface Request {
        String operation();

        /**
         * Starts the request; the future holds how many versions its read saw (0 = nothing stored
         * yet). Must not block; a failure it cannot even start with is a failed future.
         */
        CompletableFuture<Integer> start();

        /** The request will not be started (no free slot): releases what {@link Workload#next} took. */
        void abandon();
    }
}
