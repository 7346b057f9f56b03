package io.dynacart.loadgen.target;

import io.dynacart.loadgen.fault.FaultTarget;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.NamespaceChange;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The cluster a run drives: an embedded one the run starts itself ({@link EmbeddedTarget}), or
 * running nodes reached by address ({@link RemoteTarget}). Not sealed: tests drive an in-memory
 * store through it.
 */
public interface Target extends AutoCloseable {

    /**
     * A store whose requests are coordinated by the {@code index}-th node (modulo the node count),
     * or the next running one when it is down: what one device or front end reaches. Against
     * running nodes every index gets the client-routed store.
     */
    KvStore coordinatedBy(int index);

    /** How many distinct coordinators {@link #coordinatedBy} spreads over. */
    int coordinators();

    FaultTarget faults();

    /** Ends every fault: heals partitions and restarts stopped nodes (embedded only). */
    void healAll();

    /**
     * Makes the namespaces a workload needs, where this target can: an embedded cluster always,
     * running nodes when an admin token is given. Otherwise nothing: the workload's first request
     * then names the namespace that is missing.
     */
    default void defineNamespaces(List<NamespaceChange> changes) {
    }

    /** One line for the report, e.g. {@code embedded 5 nodes, N=3 R=2 W=2}. */
    String describe();

    /** The least share of their budgets the running nodes give background work now; empty when unknown (running nodes). */
    default OptionalDouble backgroundShare() {
        return OptionalDouble.empty();
    }

    /** What background work did, summed over the nodes running now, for the report's notes; empty when unknown. */
    default Map<String, Object> backgroundTotals() {
        return Map.of();
    }

    @Override
    void close();
}
