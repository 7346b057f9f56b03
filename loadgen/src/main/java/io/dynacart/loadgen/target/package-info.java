/**
 * The cluster a run drives: {@link io.dynacart.loadgen.target.EmbeddedTarget} (a
 * {@code LocalCluster} started in this process, every fault action available) or
 * {@link io.dynacart.loadgen.target.RemoteTarget} (running nodes over HTTP via
 * {@code ClusterClient}; no faults).
 *
 * <p>Depends on store-engine's {@code api}, {@code cluster} and {@code coordinator} configuration,
 * and on the fault package's actions.
 */
package io.dynacart.loadgen.target;
