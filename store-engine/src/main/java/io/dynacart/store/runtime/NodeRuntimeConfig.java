package io.dynacart.store.runtime;

import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.storage.Durability;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Everything a real node process needs to start.
 *
 * @param id          the node's name
 * @param dataDir     its own directory: SQLite and the append log
 * @param listen      where it binds its TCP (inter-node) and HTTP ports; port 0 picks a free one
 * @param directory   where every node of the cluster listens, looked up when connecting and for
 *                    {@code GET /cluster}; may change as nodes restart elsewhere
 * @param ring        the ring the node starts with, read once when it starts (after that the
 *                    gossiped membership's ring)
 * @param secret      the cluster's shared secret (at least 16 bytes): nodes that cannot prove it are refused
 * @param adminToken  the token admin HTTP calls must carry
 * @param coordinator quorum, timeouts, incarnation
 * @param durability  when a write is acknowledged by this node's storage
 * @param discovery   advertised addresses and seeds, for a node on its own host
 * @param limits      what the node may hold at once: bytes in flight, unauthenticated connections
 * @param clientToken the token a binary client protocol connection must present in its HELLO; ""
 *                    for none (the default: the protocol is then as open as the HTTP API's /kv)
 * @param background  anti-entropy, and how background work yields to requests
 * @param zone        where the node runs ({@link Zone#DEFAULT} unless told): it joins the ring in this
 *                    zone, and its member entry tells every node
 * @param weight      the node's weight in its member entry (1 unless told; a founder's is in the ring
 *                    it starts with, a joiner's in its join)
 * @param learnsIncarnation whether, started on an empty data directory, the node learns from its peers
 *                    whether the cluster knew an earlier life of it and takes the next incarnation
 *                    ({@code dynacart node}); false where its owner keeps its incarnations (a
 *                    {@code LocalCluster})
 */
public record NodeRuntimeConfig(NodeId id, Path dataDir, NodeAddresses listen, Function<NodeId, NodeAddresses> directory,
                           Supplier<Ring> ring, byte[] secret, String adminToken, CoordinatorConfig coordinator,
                           Durability durability, Discovery discovery, NodeLimits limits, String clientToken,
                           BackgroundWorkConfig background, Zone zone, int weight, boolean learnsIncarnation) {

    public NodeRuntimeConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(ring, "ring");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(coordinator, "coordinator");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(discovery, "discovery");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clientToken, "clientToken");
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(zone, "zone");
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be >= 1, was " + weight);
        }
        secret = secret.clone();
    }

    /** Settings for a node of weight 1 that knows its incarnation. */
    public NodeRuntimeConfig(NodeId id, Path dataDir, NodeAddresses listen, Function<NodeId, NodeAddresses> directory,
                        Supplier<Ring> ring, byte[] secret, String adminToken, CoordinatorConfig coordinator,
                        Durability durability, Discovery discovery, NodeLimits limits, String clientToken,
                        BackgroundWorkConfig background, Zone zone) {
        this(id, dataDir, listen, directory, ring, secret, adminToken, coordinator, durability, discovery, limits,
                clientToken, background, zone, 1, false);
    }

    /** Settings for a node in the {@link Zone#DEFAULT} zone. */
    public NodeRuntimeConfig(NodeId id, Path dataDir, NodeAddresses listen, Function<NodeId, NodeAddresses> directory,
                        Supplier<Ring> ring, byte[] secret, String adminToken, CoordinatorConfig coordinator,
                        Durability durability, Discovery discovery, NodeLimits limits, String clientToken,
                        BackgroundWorkConfig background) {
        this(id, dataDir, listen, directory, ring, secret, adminToken, coordinator, durability, discovery, limits,
                clientToken, background, Zone.DEFAULT);
    }

    /** Settings with the default background work ({@link BackgroundWorkConfig#DEFAULT}). */
    public NodeRuntimeConfig(NodeId id, Path dataDir, NodeAddresses listen, Function<NodeId, NodeAddresses> directory,
                        Supplier<Ring> ring, byte[] secret, String adminToken, CoordinatorConfig coordinator,
                        Durability durability, Discovery discovery, NodeLimits limits, String clientToken) {
        this(id, dataDir, listen, directory, ring, secret, adminToken, coordinator, durability, discovery, limits,
                clientToken, BackgroundWorkConfig.DEFAULT);
    }

    /** Settings that require no client token. */
    public NodeRuntimeConfig(NodeId id, Path dataDir, NodeAddresses listen, Function<NodeId, NodeAddresses> directory,
                        Supplier<Ring> ring, byte[] secret, String adminToken, CoordinatorConfig coordinator,
                        Durability durability, Discovery discovery, NodeLimits limits) {
        this(id, dataDir, listen, directory, ring, secret, adminToken, coordinator, durability, discovery, limits, "");
    }

    /** Settings with the default limits for a node alone in its JVM ({@link NodeLimits#defaults()}). */
    public NodeRuntimeConfig(NodeId id, Path dataDir, NodeAddresses listen, Function<NodeId, NodeAddresses> directory,
                        Supplier<Ring> ring, byte[] secret, String adminToken, CoordinatorConfig coordinator,
                        Durability durability, Discovery discovery) {
        this(id, dataDir, listen, directory, ring, secret, adminToken, coordinator, durability, discovery,
                NodeLimits.defaults());
    }

    /** Settings for a node found through {@code directory} alone ({@link Discovery#LOCAL}). */
    public NodeRuntimeConfig(NodeId id, Path dataDir, NodeAddresses listen, Function<NodeId, NodeAddresses> directory,
                        Supplier<Ring> ring, byte[] secret, String adminToken, CoordinatorConfig coordinator,
                        Durability durability) {
        this(id, dataDir, listen, directory, ring, secret, adminToken, coordinator, durability, Discovery.LOCAL);
    }

    /** The same settings with {@code l} as the node's limits. */
    public NodeRuntimeConfig withLimits(NodeLimits l) {
        return new NodeRuntimeConfig(id, dataDir, listen, directory, ring, secret, adminToken, coordinator, durability,
                discovery, l, clientToken, background, zone, weight, learnsIncarnation);
    }

    /** The same settings requiring {@code token} ("" for none) of client protocol connections. */
    public NodeRuntimeConfig withClientToken(String token) {
        return new NodeRuntimeConfig(id, dataDir, listen, directory, ring, secret, adminToken, coordinator, durability,
                discovery, limits, token, background, zone, weight, learnsIncarnation);
    }

    /** The same settings with {@code b} as the node's background work. */
    public NodeRuntimeConfig withBackground(BackgroundWorkConfig b) {
        return new NodeRuntimeConfig(id, dataDir, listen, directory, ring, secret, adminToken, coordinator, durability,
                discovery, limits, clientToken, b, zone, weight, learnsIncarnation);
    }

    /** The same settings with the node in {@code z}. */
    public NodeRuntimeConfig withZone(Zone z) {
        return new NodeRuntimeConfig(id, dataDir, listen, directory, ring, secret, adminToken, coordinator, durability,
                discovery, limits, clientToken, background, z, weight, learnsIncarnation);
    }

    /** The same settings with {@code w} as the node's weight in its member entry. */
    public NodeRuntimeConfig withWeight(int w) {
        return new NodeRuntimeConfig(id, dataDir, listen, directory, ring, secret, adminToken, coordinator, durability,
                discovery, limits, clientToken, background, zone, w, learnsIncarnation);
    }

    /** The same settings, the node learning its incarnation from its peers when its data directory is empty. */
    public NodeRuntimeConfig withLearnsIncarnation(boolean learns) {
        return new NodeRuntimeConfig(id, dataDir, listen, directory, ring, secret, adminToken, coordinator, durability,
                discovery, limits, clientToken, background, zone, weight, learns);
    }

    /** Hides the secret and the tokens, so that logging settings never leaks them. */
    @Override
    public String toString() {
        return "NodeRuntimeConfig[id=" + id + ", zone=" + zone + ", dataDir=" + dataDir + ", listen=" + listen
                + ", durability=" + durability + ", clientToken=" + (clientToken.isEmpty() ? "none" : "***") + "]";
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** The TCP address of a peer, or null when the directory does not know it. */
    InetSocketAddress tcpOf(NodeId peer) {
        NodeAddresses a = directory.apply(peer);
        return a == null ? null : a.tcp();
    }
}
