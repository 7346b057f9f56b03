package io.dynacart.loadgen.fault;

import io.dynacart.store.cluster.FaultAction;
/**
 * What a fault schedule acts on. The embedded cluster carries out every action; running nodes
 * reached by address carry out none (see {@link #refusal}).
 */
public interface FaultTarget {

    /** Carries out {@code action}; may block (a leave waits for the new ring). */
    void apply(FaultAction action);

    /** Why this target cannot carry out faults, or null if it can. */
    String refusal();
}
