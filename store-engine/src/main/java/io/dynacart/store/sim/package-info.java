/**
 * Deterministic simulation of a cluster (beyond the paper): virtual time
 * ({@link io.dynacart.store.sim.SimScheduler}), an in-memory network with seeded faults, memory
 * storage that survives a simulated crash (and a wipe that does not), an operator that joins and
 * removes nodes one ring change at a time, client workloads, and named invariant checkers run after
 * every schedule. A failing seed replays the same run.
 *
 * <p>Main code so that other modules (load generator, tests) can reuse it; no production package
 * imports it ({@code PackageDependenciesTest} checks).
 */
package io.dynacart.store.sim;
