package io.dynacart.store.coordinator;

import io.dynacart.store.api.NamespaceTable;
import io.dynacart.store.handoff.HintStore;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.PeerHealth;
import io.dynacart.store.ring.Routing;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.time.Clock;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.transport.Network;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a node's request machinery reaches the world through: all of it injected, so that the same
 * code runs on sockets and threads or in the simulator.
 *
 * @param forgotten the keys whose partition this node may have forgotten versions of: it dropped
 *                  keys of it, or held it before it last started without replicating it (see
 *                  {@code handoff.Reclaimer}); this node numbers a put of such a key under its own
 *                  name only as one of the key's primaries
 */
public record CoordinatorEnvironment(NodeId self, Network.Endpoint endpoint, Scheduler scheduler, Clock clock,
                                     Storage storage, HintStore hints, PeerHealth health,
                                     Supplier<Routing> routing, Predicate<NodeId> live,
                                     Supplier<NamespaceTable> namespaces, Predicate<Key> forgotten) {

    /** An environment whose cluster has made no namespace but the default one. */
    public CoordinatorEnvironment(NodeId self, Network.Endpoint endpoint, Scheduler scheduler, Clock clock,
                                  Storage storage, HintStore hints, PeerHealth health,
                                  Supplier<Routing> routing, Predicate<NodeId> live) {
        this(self, endpoint, scheduler, clock, storage, hints, health, routing, live, () -> NamespaceTable.EMPTY);
    }

    /** An environment of a node that has forgotten nothing it numbered. */
    public CoordinatorEnvironment(NodeId self, Network.Endpoint endpoint, Scheduler scheduler, Clock clock,
                                  Storage storage, HintStore hints, PeerHealth health,
                                  Supplier<Routing> routing, Predicate<NodeId> live,
                                  Supplier<NamespaceTable> namespaces) {
        this(self, endpoint, scheduler, clock, storage, hints, health, routing, live, namespaces, key -> false);
    }

    public CoordinatorEnvironment {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(hints, "hints");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(forgotten, "forgotten");
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(namespaces, "namespaces");
    }

    /**
     * Whether requests may go to {@code node} now (this node always reaches itself): it has not missed
     * requests lately ({@link PeerHealth}) and gossip does not suspect it ({@code live}, phi accrual).
     */
    public boolean reachable(NodeId node) {
        return node.equals(self) || (health.isReachable(node) && live.test(node));
    }
}
