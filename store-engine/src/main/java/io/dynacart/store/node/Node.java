package io.dynacart.store.node;

import io.dynacart.store.antientropy.LocalReplica;
import io.dynacart.store.antientropy.MerkleIndex;
import io.dynacart.store.antientropy.MerkleTree;
import io.dynacart.store.antientropy.Repairer;
import io.dynacart.store.antientropy.ReplicaPeers;
import io.dynacart.store.antientropy.RingPeers;
import io.dynacart.store.antientropy.TombstoneCollector;
import io.dynacart.store.antientropy.TreeMaintainingStorage;
import io.dynacart.store.api.KeyRepairOutcome;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.ReplicaCopy;
import io.dynacart.store.api.Value;
import io.dynacart.store.budget.BackgroundShare;
import io.dynacart.store.coordinator.Coordinator;
import io.dynacart.store.coordinator.CoordinatorEnvironment;
import io.dynacart.store.coordinator.ReplicaHandler;
import io.dynacart.store.handoff.HintDelivery;
import io.dynacart.store.handoff.HintStore;
import io.dynacart.store.handoff.ReclaimEnvironment;
import io.dynacart.store.handoff.Reclaimer;
import io.dynacart.store.handoff.TransferConfig;
import io.dynacart.store.handoff.TransferDriver;
import io.dynacart.store.handoff.TransferEnvironment;
import io.dynacart.store.handoff.TransferManager;
import io.dynacart.store.handoff.TransferOutcome;
import io.dynacart.store.handoff.TransferThrottle;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.Gossiper;
import io.dynacart.store.membership.IncarnationLearning;
import io.dynacart.store.membership.Member;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.membership.PeerHealth;
import io.dynacart.store.membership.Prober;
import io.dynacart.store.membership.RingTransition;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Routing;
import io.dynacart.store.transport.AntiEntropyMessage;
import io.dynacart.store.transport.GossipMessage;
import io.dynacart.store.transport.HandoffMessage;
import io.dynacart.store.transport.Message;
import io.dynacart.store.transport.Network;
import io.dynacart.store.transport.ProbeMessage;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.transport.TransferMessage;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A storage node: wires the parts in plain sight and hands each message to the part it belongs to.
 * It decides nothing itself.
 *
 * <p>Its state is touched only by its event loop ({@link NodeEnvironment#scheduler()}): messages are
 * handed to the loop as they arrive, and client calls ({@link #client()}) are posted to it.
 */
public final class Node {

    private final NodeConfig config;
    private final NodeEnvironment env;
    private final PeerHealth health;
    private final Network.Endpoint endpoint;
    private final CoordinatorEnvironment coordinatorEnv;
    private final Coordinator coordinator;
    private final ReplicaHandler replicas;
    private final HintStore hints;
    private final HintDelivery hintDelivery;
    private final Prober prober;
    private final Gossiper gossiper;
    private final TreeMaintainingStorage storage;
    private final Repairer repairer;
    private final TombstoneCollector tombstones;
    private final TransferManager transfers;
    private final TransferDriver transferDriver;
    private final Reclaimer reclaimer;
    private final NodeClient client;
    private final BackgroundShare background;
    /**
     * Set at the end of the constructor. The network is attached at its start, so a message can
     * reach the loop while the node is still being built; until then it is dropped, as a node not yet
     * up would (the sender's retries and anti-entropy cover it).
     */
    private volatile boolean constructed;
    /** The latest view, for threads other than the loop (addresses, status pages). */
    private volatile MembershipView published;

    private Node(NodeConfig config, NodeEnvironment env) {
        this.config = config;
        this.env = env;
        this.health = new PeerHealth(config.failuresToSuspect());
        this.endpoint = env.network().attach(config.id(), new Network.Inbox() {
            @Override
            public void deliver(NodeId from, Message message) {
                env.scheduler().execute(() -> dispatch(from, message));
            }

            @Override
            public void unreachable(NodeId peer) {
                env.scheduler().execute(() -> onUnreachable(peer));
            }
        });
        // Every write path goes through this storage, so the Merkle trees stay current.
        this.storage = new TreeMaintainingStorage(env.storage(),
                MerkleIndex.rebuiltFrom(env.storage(), MerkleTree.DEFAULT_DEPTH));
        // This start's generation: it outranks an earlier life's gossip entry and names fallback writes.
        // (0 is kept for a node still learning its incarnation: see IncarnationLearning.)
        long generation = Math.max(1, env.clock().nowMillis());
        boolean learning = config.membership().learnsIncarnation();
        int incarnation = config.coordinator().incarnation();
        this.hints = new HintStore(storage.hints(), env.clock());
        this.gossiper = new Gossiper(initialView(config, env, learning ? 0 : generation), config.id(),
                config.membership().seeds(), config.membership().gossip(), new Gossiper.Environment(env.scheduler(),
                env.clock(), new SplittableRandom(config.id().hashCode() * 31L + env.clock().nowMillis()),
                endpoint::send, () -> hints.horizon(env.clock().nowMillis())),
                learning ? IncarnationLearning.learning(incarnation) : IncarnationLearning.known(incarnation));
        this.published = gossiper.view();
        // Background work takes its rates times this share, which shrinks while the foreground is slow.
        this.background = new BackgroundShare(config.background(), env.clock());
        TransferThrottle throttle = new TransferThrottle(env.clock(), config.membership().transferBytesPerSecond(),
                config.membership().transferBytesPerSecond(), background::share);
        this.transfers = new TransferManager(new TransferEnvironment(endpoint, env.scheduler(), env.clock(), storage,
                throttle, new SplittableRandom(config.id().hashCode() ^ env.clock().nowMillis()), env.offLoop()),
                TransferConfig.DEFAULT,
                p -> TransferDriver.serves(config.id(), gossiper.view(), p), this::onTransferOutcome);
        // A partition is not pulled while a batch of its drop is in flight here (see Reclaimer).
        this.transferDriver = new TransferDriver(config.id(), transfers, gossiper::view,
                done -> gossiper.propose(view -> view.markDone(done)), this::forgetting);
        this.coordinatorEnv = new CoordinatorEnvironment(config.id(), endpoint, env.scheduler(), env.clock(), storage,
                hints, health, this::routing, gossiper::isLive, () -> gossiper.view().namespaces(), this::mayHaveForgotten);
        this.coordinator = new Coordinator(coordinatorEnv, config.coordinator(), generation, !learning);
        gossiper.addListener(view -> {
            published = view;
            if (!coordinator.settled() && gossiper.incarnation().isPresent()) {
                coordinator.settle(gossiper.incarnation().getAsInt(), view.members().get(config.id()).generation());
            }
            transferDriver.check();
        });
        this.replicas = new ReplicaHandler(coordinatorEnv, config.coordinator().defaultQuorum().n());
        this.hintDelivery = new HintDelivery(new HintDelivery.Environment(config.id(), hints, storage, health,
                coordinatorEnv::reachable, this::routing, config.coordinator().defaultQuorum().n(), endpoint, env.scheduler(),
                env.clock()), config.hintIntervalMillis(), config.tombstones().hintLifetimeMillis());
        // Hint delivery does not yield: a replica that missed writes serves stale reads and divergence
        // until its hints arrive, which cost the foreground more than delivering them (docs/MEMBERSHIP.md).
        this.prober = new Prober(health, endpoint, env.scheduler(), config.probeIntervalMillis());
        this.repairer = new Repairer(config.antiEntropy(), LocalReplica.of(storage),
                new RingPeers(config.id(), () -> gossiper.view().ring(), config.coordinator().defaultQuorum().n(),
                        coordinatorEnv::reachable), endpoint, env.scheduler(), env.clock(), background::share);
        // Every replica counts for collection, reachable or not; none while the ring changes.
        RingPeers allReplicas = new RingPeers(config.id(), () -> gossiper.view().ring(),
                config.coordinator().defaultQuorum().n(), peer -> true);
        ReplicaPeers settled = () -> gossiper.view().transition().isPresent() ? List.of() : allReplicas.pairs();
        this.tombstones = new TombstoneCollector(config.tombstones(), storage, settled, new TombstoneCollector.Evidence() {
            @Override
            public OptionalLong lastCompleted(PartitionId partition, NodeId peer) {
                return repairer.lastCompletedExchange(partition, peer);
            }

            @Override
            public long hintHorizon() {
                return gossiper.view().hintHorizon(gossiper::isLive);
            }
        }, env.scheduler(), env.clock(), env.offLoop()).pacedBy(background::share).expiring(this::expired);
        this.reclaimer = new Reclaimer(new ReclaimEnvironment(config.id(), storage, env.scheduler(), env.clock(),
                env.offLoop(), gossiper::view, coordinatorEnv::reachable,
                p -> transfers.receiving(p) || transfers.serving(p), () -> hints.partitions(storage.partitioner()),
                background::share), config.reclaim(), this::onDropEnded);
        gossiper.addListener(view -> reclaimer.check());
        this.client = new NodeClient(coordinator, env.scheduler(), config.coordinator().defaultQuorum(), config.id(),
                () -> published.namespaces());
        constructed = true; // last: what the loop reads after seeing it is every field above
    }

    /** Creates the node, attaches it to the network and starts its timers. */
    public static Node start(NodeConfig config, NodeEnvironment env) {
        Node node = new Node(config, env);
        node.hintDelivery.start();
        node.prober.start();
        node.gossiper.start();
        node.repairer.start();
        node.tombstones.start();
        node.reclaimer.start();
        return node;
    }

    /**
     * The first view: this node (a new generation, so its entry outranks what an earlier incarnation
     * left in others' views) and the ring it was started with; gossip brings the rest.
     */
    /** Whether a batch of {@code partition}'s drop is in flight here: it is not pulled meanwhile. On the loop. */
    private boolean forgetting(PartitionId partition) {
        return reclaimer.forgetting(partition);
    }

    /** Whether this node may have dropped versions of {@code key} it numbered (see Reclaimer). On the loop. */
    private boolean mayHaveForgotten(Key key) {
        return reclaimer.mayHaveForgotten(storage.partitioner().partitionOf(KeyHash.of(key)));
    }

    /** A partition's drop ended: a pull it held back may start now. On the loop. */
    private void onDropEnded() {
        transferDriver.check();
    }

    /** A partition transfer ended: the driver decides what the ring change does next. On the loop. */
    private void onTransferOutcome(TransferOutcome outcome) {
        if (outcome instanceof TransferOutcome.Received r) {
            reclaimer.received(r.partition());
        }
        transferDriver.onOutcome(outcome);
    }

    private static MembershipView initialView(NodeConfig config, NodeEnvironment env, long generation) {
        MembershipConfig membership = config.membership();
        Member self = Member.starting(config.id(), UNANNOUNCED, UNANNOUNCED, membership.weight(), membership.zone(),
                generation, config.coordinator().incarnation());
        int n = config.coordinator().defaultQuorum().n();
        MembershipView last = membership.lastView().orElse(null);
        if (last == null) {
            return new MembershipView(List.of(self), env.ring().get(), null, n, membership.namespaces());
        }
        // The view held when the node last ran wins over the configured ring, which only a first start uses:
        // the cluster may have moved on since (joins, leaves, weights), and gossip brings what changed meanwhile.
        List<Member> members = new ArrayList<>(last.members().values());
        members.removeIf(m -> m.id().equals(config.id()));
        members.add(self);
        return new MembershipView(members, last.ring(), last.transition().orElse(null), n,
                last.namespaces().merge(membership.namespaces()));
    }

    /** A placeholder address until {@link #announce} gives the bound ones. */
    public static final String UNANNOUNCED = "unannounced:1";

    /** Where peers and clients reach this node, once its sockets are bound; gossip spreads it. Loop only. */
    public void announce(String peerAddress, String httpAddress) {
        announce(peerAddress, httpAddress, Member.NO_ADDRESS);
    }

    /** As {@link #announce(String, String)}, with the address of its binary client protocol too. Loop only. */
    public void announce(String peerAddress, String httpAddress, String clientAddress) {
        gossiper.propose(view -> {
            Member m = view.members().get(config.id());
            return view.withMember(m.announcing(peerAddress, httpAddress, clientAddress));
        });
    }

    /** Whether {@code version} of {@code key} has expired by its namespace's ttl (loop only: reads the view). */
    private boolean expired(Key key, Versioned<Value> version, long nowMillis) {
        return !key.namespace().isDefault() && gossiper.view().namespaces().get(key.namespace())
                .map(ns -> ns.expired(version.dot().timestampMillis(), nowMillis)).orElse(false);
    }

    private Routing routing() {
        MembershipView view = gossiper.view();
        return new Routing(view.ring(), view.transition().map(RingTransition::target).orElse(null));
    }

    /** Queues anti-entropy exchanges of {@code partition} with its other replicas now; how many. Loop only. */
    public int repairNow(PartitionId partition) {
        return repairer.repairNow(partition);
    }

    /**
     * Read repair of {@code key} now, at every one of its primaries as {@code quorum}'s N places them,
     * answering what it changed ({@code coordinator.KeyRepair}). Loop only.
     */
    public void repairKey(Key key, Quorum quorum, CompletableFuture<KeyRepairOutcome> answer) {
        coordinator.repairKey(key, quorum, answer);
    }

    /**
     * What this node holds of {@code key}, from its own storage and hints, asking no other node; a
     * primary of the key when it is one of the first {@code n} of the key's preference list. Loop only.
     */
    public ReplicaCopy localCopy(Key key, int n) {
        boolean primary = routing().preferenceList(KeyHash.of(key), n).primaries().contains(config.id());
        return new ReplicaCopy(config.id(), key, primary, storage.get(key), hints.intendedFor(key), hints.keptFor(key));
    }

    /**
     * The admission controller of this node's background work: whoever measures the node's client
     * requests feeds it their latencies ({@link BackgroundShare#record}). Any thread.
     */
    public BackgroundShare backgroundShare() {
        return background;
    }

    /** What this node's parts say now, for status pages, metrics and the simulator. Loop only. */
    public NodeStatus status() {
        MembershipView view = gossiper.view();
        Set<NodeId> known = new TreeSet<>(view.ring().nodes());
        known.addAll(view.members().keySet());
        known.remove(config.id());
        Set<NodeId> unreachable = new TreeSet<>();
        Map<NodeId, Double> suspicion = new TreeMap<>();
        for (NodeId n : known) {
            if (!coordinator.reachable(n)) {
                unreachable.add(n);
            }
            suspicion.put(n, gossiper.suspicion(n));
        }
        return new NodeStatus(view, unreachable, suspicion, coordinator.inFlight(), hints.storedCount(),
                hintDelivery.deliveredCount(), repairer.stats(), transfers.progress(), tombstones.collected(),
                reclaimer.progress());
    }

    /** Applies {@code change} to this node's membership view; gossip spreads it. Loop only. */
    public MembershipView propose(UnaryOperator<MembershipView> change) {
        return gossiper.propose(change);
    }

    /**
     * Calls {@code watcher} with the membership view now and with every view this node adopts after
     * it, on the loop: how a part outside the node (the runtime's address book) follows the ring and
     * the addresses gossip spreads. Loop only.
     */
    public void watchView(Consumer<MembershipView> watcher) {
        watcher.accept(gossiper.view());
        gossiper.addListener(watcher);
    }

    /** The latest membership view, from any thread. */
    public MembershipView view() {
        return published;
    }

    /**
     * The incarnation this node runs under, from any thread; empty while it learns it from its
     * peers (it started on an empty data directory) and so takes no writes.
     */
    public OptionalInt incarnation() {
        Member own = published.members().get(config.id());
        return own.generation() == 0 ? OptionalInt.empty() : OptionalInt.of(own.incarnation());
    }

    public NodeId id() {
        return config.id();
    }

    /** This node as a client's entry to the store: it coordinates what it is given. */
    public KvStore client() {
        return client;
    }


    /** Detaches from the network, stops timers and fails the client calls still waiting. */
    public void stop() {
        endpoint.close();
        hintDelivery.stop();
        prober.stop();
        gossiper.stop();
        transfers.close();
        repairer.stop();
        tombstones.stop();
        reclaimer.stop();
        client.close();
    }

    /** The one place a message meets its handler. */
    /** The transport could not connect to {@code peer}: avoid it, and move on what waits for it alone. */
    void onUnreachable(NodeId peer) {
        if (!constructed || client.isClosed()) {
            return;
        }
        health.unreachable(peer);
        coordinator.peerUnreachable(peer);
    }

    void dispatch(NodeId from, Message message) {
        if (!constructed || client.isClosed()) {
            return;
        }
        health.heard(from);
        if (message instanceof ReplicationMessage.Write m) {
            replicas.onWrite(from, m);
        } else if (message instanceof ReplicationMessage.HintedWrite m) {
            replicas.onHintedWrite(from, m);
        } else if (message instanceof ReplicationMessage.Read m) {
            replicas.onRead(from, m);
        } else if (message instanceof ReplicationMessage.Repair m) {
            replicas.onRepair(from, m);
        } else if (message instanceof ReplicationMessage.ForwardPut m) {
            coordinator.onForwardPut(from, m);
        } else if (message instanceof ReplicationMessage.WriteAck
                || message instanceof ReplicationMessage.ReadReply
                || message instanceof ReplicationMessage.ReplicaFailed
                || message instanceof ReplicationMessage.ForwardPutAccepted
                || message instanceof ReplicationMessage.ForwardPutDone
                || message instanceof ReplicationMessage.ForwardPutFailed
                || message instanceof ReplicationMessage.ForwardPutRefused) {
            coordinator.onAnswer(from, (ReplicationMessage) message);
        } else if (message instanceof HandoffMessage.DeliverHint m) {
            HintDelivery.receive(storage, endpoint, env.scheduler()::execute, from, m);
        } else if (message instanceof HandoffMessage.HintDeliveryAck m) {
            hintDelivery.onAck(from, m);
        } else if (message instanceof ProbeMessage.Ping m) {
            prober.onPing(from, m);
        } else if (message instanceof ProbeMessage.Pong) {
            return; // heard() above is the whole point of a pong
        } else if (message instanceof GossipMessage m) {
            gossiper.onMessage(from, m);
        } else if (message instanceof TransferMessage m) {
            transfers.onMessage(from, m);
        } else if (message instanceof AntiEntropyMessage m) {
            repairer.onMessage(from, m);
        } else {
            throw new IllegalArgumentException("no handler for " + message.getClass().getName());
        }
    }
}
