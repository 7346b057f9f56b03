/**
 * Deterministic simulation of a cluster (beyond the paper): virtual time
 * ({@link io.dynacart.store.sim.SimScheduler}), an in-memory network with seeded faults, memory
 * storage that survives a simulated crash (and a wipe that does not), an operator that joins and
 * removes nodes one ring change at a time, client workloads, and named invariant checkers run after
 * every schedule. A failing seed replays the same run. {@code SimCluster} is a {@code cluster.Cluster}:
 * its planner writes faults in the shared vocabulary ({@code cluster.FaultAction}), so a load
 * generator's fault schedule replays here too. A run's {@code Timeline} tells what happened in it
 * (faults, nodes down and up, ring changes, every operation on a key), and the {@code Shrinker}
 * finds a smaller run that breaks the same law; {@code dynacart sim} prints both.
 *
 * <p>Main code so that other modules (load generator, tests) can reuse it; no production package
 * imports it ({@code PackageDependenciesTest} checks). Depends on the node's packages and on
 * {@code cluster} for the {@code Cluster} interface and the fault vocabulary.
 */
package io.dynacart.store.sim;
