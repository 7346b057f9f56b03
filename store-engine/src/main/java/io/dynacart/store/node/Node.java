package io.dynacart.store.node;

import io.dynacart.store.api.KvStore;
import io.dynacart.store.coordinator.Coordinator;
import io.dynacart.store.coordinator.CoordinatorServices;
import io.dynacart.store.coordinator.ReplicaHandler;
import io.dynacart.store.handoff.HintDelivery;
import io.dynacart.store.handoff.HintStore;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.PeerHealth;
import io.dynacart.store.membership.Prober;
import io.dynacart.store.ring.Routing;
import io.dynacart.store.transport.HandoffMessage;
import io.dynacart.store.transport.Message;
import io.dynacart.store.transport.Network;
import io.dynacart.store.transport.ProbeMessage;
import io.dynacart.store.transport.ReplicationMessage;

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
    private final CoordinatorServices services;
    private final Coordinator coordinator;
    private final ReplicaHandler replicas;
    private final HintDelivery hintDelivery;
    private final Prober prober;
    private final NodeClient client;

    private Node(NodeConfig config, NodeEnvironment env) {
        this.config = config;
        this.env = env;
        this.health = new PeerHealth(config.failuresToSuspect());
        this.endpoint = env.network().attach(config.id(),
                (from, message) -> env.scheduler().execute(() -> dispatch(from, message)));
        HintStore hints = new HintStore(env.storage());
        this.services = new CoordinatorServices(config.id(), endpoint, env.scheduler(), env.clock(), env.storage(),
                hints, health, () -> Routing.of(env.ring().get()));
        this.coordinator = new Coordinator(services, config.coordinator());
        this.replicas = new ReplicaHandler(services);
        this.hintDelivery = new HintDelivery(hints, health, endpoint, env.scheduler(), config.hintIntervalMillis());
        this.prober = new Prober(health, endpoint, env.scheduler(), config.probeIntervalMillis());
        this.client = new NodeClient(coordinator, env.scheduler(), config.coordinator().defaultQuorum(), config.id());
    }

    /** Creates the node, attaches it to the network and starts its timers. */
    public static Node start(NodeConfig config, NodeEnvironment env) {
        Node node = new Node(config, env);
        node.hintDelivery.start();
        node.prober.start();
        return node;
    }

    public NodeId id() {
        return config.id();
    }

    /** This node as a client's entry to the store: it coordinates what it is given. */
    public KvStore client() {
        return client;
    }

    public PeerHealth health() {
        return health;
    }

    public HintDelivery hintDelivery() {
        return hintDelivery;
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    /** Detaches from the network, stops timers and fails the client calls still waiting. */
    public void stop() {
        endpoint.close();
        hintDelivery.stop();
        prober.stop();
        client.close();
    }

    /** The one place a message meets its handler. */
    void dispatch(NodeId from, Message message) {
        if (client.isClosed()) {
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
                || message instanceof ReplicationMessage.ForwardPutDone
                || message instanceof ReplicationMessage.ForwardPutFailed) {
            coordinator.onAnswer(from, (ReplicationMessage) message);
        } else if (message instanceof HandoffMessage.HintDelivery m) {
            HintDelivery.receive(env.storage(), endpoint, from, m);
        } else if (message instanceof HandoffMessage.HintDeliveryAck m) {
            hintDelivery.onAck(from, m);
        } else if (message instanceof ProbeMessage.Ping m) {
            prober.onPing(from, m);
        } else if (message instanceof ProbeMessage.Pong) {
            return; // heard() above is the whole point of a pong
        } else {
            throw new IllegalArgumentException("no handler for " + message.getClass().getName());
        }
    }
}
