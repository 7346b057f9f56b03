package io.dynacart.store.coordinator;

/** Where a tally stands. SUCCEEDED and FAILED are final: later answers do not change them. */
public enum Decision {
    /** Not enough answers yet, and enough targets could still answer. */
    PENDING,
    /** The quorum answered. */
    SUCCEEDED,
    /** Too many targets failed for the quorum ever to answer. */
    FAILED
}
