/**
 * Clusters and clients: {@link io.dynacart.store.cluster.Cluster} is a cluster one can operate (stop,
 * restart, wipe, partition, heal, join, leave), with one fault vocabulary
 * ({@link io.dynacart.store.cluster.FaultAction}) and its schedule syntax
 * ({@link io.dynacart.store.cluster.FaultSchedule}) shared by the load generator, the demo's control
 * API and the simulator; {@link io.dynacart.store.cluster.LocalCluster} runs N real nodes in one JVM
 * (tests, the demo, the load generator); {@link io.dynacart.store.cluster.KvStores} routes to its
 * nodes (pinned, round robin, any running) and meters a store; and {@link io.dynacart.store.cluster.ClusterClient} is a
 * {@code KvStore} that routes each request to a node of the key's preference list itself (the
 * paper's client-driven coordination, section 6.4: {@code RequestRoute} orders the nodes, a
 * {@code PrimaryChoice} spreads a key's requests over its primaries, {@code LastReads} sends a put
 * to the fastest replica of the read it follows), over the nodes' binary client protocol
 * ({@code clientwire}, docs/CLIENT-PROTOCOL.md) or their HTTP API. A cluster's backup is a
 * {@link io.dynacart.store.cluster.BackupDirectory} (each node's snapshot, checked against its
 * manifest); {@link io.dynacart.store.cluster.BackupRestore} puts one node's snapshot back under a new
 * incarnation, for {@code LocalCluster.restore} and the launcher's {@code admin restore}.
 *
 * <p>Depends on {@code runtime} and the packages it wires, {@code http} (its status record),
 * {@code clientwire}, plus Netty, Jackson and the JDK's HTTP client.
 */
package io.dynacart.store.cluster;
