package io.dynacart.store.sim;

import io.dynacart.store.storage.Storage;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a simulation is given from outside besides its seed and knobs. Real: every node's memory
 * storage as it is. A test plants a bug here (a storage that loses what it acknowledged) to show
 * that the laws catch it, and that a tool reports it.
 *
 * @param storage wraps each node's memory storage (inside the simulation's own recording, so the
 *                invariants still see every version the node was given)
 */
public record SimulationEnvironment(UnaryOperator<Storage> storage) {

    /** The storage as it is. */
    public static final SimulationEnvironment REAL = new SimulationEnvironment(UnaryOperator.identity());

    public SimulationEnvironment {
        Objects.requireNonNull(storage, "storage");
    }
}
