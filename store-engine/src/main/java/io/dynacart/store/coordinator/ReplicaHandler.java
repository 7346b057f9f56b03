package io.dynacart.store.coordinator;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.Routing;
import io.dynacart.store.storage.Durability;
import io.dynacart.store.storage.Merged;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.versioning.Reconciliation;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica side of requests: store what a coordinator sends (as data, or as a hint for the
 * primary it stands in for), answer reads with everything held for the key, take repairs. A write
 * or read that fails here (the storage throws, or a write's flush fails) is answered with
 * {@link ReplicationMessage.ReplicaFailed}, so that its coordinator counts this replica as failed
 * at once instead of waiting for it; a repair has no answer either way.
 *
 * <p>A write is acknowledged once durable, and the event loop never waits for the disk meanwhile: the
 * storage stores it and calls back once it is durable ({@link Merged#whenDurable}), and the
 * acknowledgement is sent from the loop then. So one node's writes share a disk flush (group commit)
 * while its loop goes on serving. A write whose flush fails is never acknowledged.
 */
public final class ReplicaHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaHandler.class);

    private final CoordinatorEnvironment env;
    private final int n;

    /** {@code n}: replicas per key, to tell a read of a key this node replicates from one it stands in for. */
    public ReplicaHandler(CoordinatorEnvironment env, int n) {
        this.env = env;
        this.n = n;
    }

    public void onWrite(NodeId from, ReplicationMessage.Write write) {
        try {
            Merged merged = env.storage().mergeNoWait(write.key(), write.siblings(), write.durable());
            ackWhenDurable(from, write.requestId(), write.key(), merged);
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot store {} from {}: {}", env.self(), write.key(), from, e.toString());
            fail(from, write.requestId());
        }
    }

    public void onHintedWrite(NodeId from, ReplicationMessage.HintedWrite write) {
        try {
            if (write.intendedFor().equals(env.self())) { // views of who is down differ
                // Forced in ONE mode, as a hint would be: it may be the copy a coordinator counts as durable.
                Merged merged = env.storage().mergeNoWait(write.key(), write.siblings(),
                        env.storage().durability() == Durability.ONE);
                ackWhenDurable(from, write.requestId(), write.key(), merged);
                return;
            }
            ackWhenDurable(from, write.requestId(), write.key(),
                    env.hints().keep(write.intendedFor(), write.key(), write.siblings()));
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot keep a hint of {} for {}: {}", env.self(), write.key(), write.intendedFor(), e.toString());
            fail(from, write.requestId());
        }
    }

    private void ackWhenDurable(NodeId from, long requestId, Key key, Merged merged) {
        merged.whenDurable(env.scheduler()::execute, () -> ack(from, requestId), failure -> {
            LOG.warn("{}: {} from {} did not reach the disk, not acknowledged: {}", env.self(), key, from,
                    failure.toString());
            fail(from, requestId);
        });
    }

    /** Acknowledges write {@code requestId} (0: the sender wants no acknowledgement). */
    private void ack(NodeId to, long requestId) {
        if (requestId != 0) {
            env.endpoint().send(to, new ReplicationMessage.WriteAck(requestId));
        }
    }

    /** Tells the coordinator of request {@code requestId} (0: it wants no answer) that this replica failed it. */
    private void fail(NodeId to, long requestId) {
        if (requestId != 0) {
            env.endpoint().send(to, new ReplicationMessage.ReplicaFailed(requestId));
        }
    }

    public void onRead(NodeId from, ReplicationMessage.Read read) {
        try {
            env.endpoint().send(from, new ReplicationMessage.ReadReply(read.requestId(),
                    localSiblings(env, read.key(), isReplica(env, read.key(), n))));
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot read {} for {}: {}", env.self(), read.key(), from, e.toString());
            fail(from, read.requestId());
        }
    }

    public void onRepair(NodeId from, ReplicationMessage.Repair repair) {
        try {
            env.storage().mergeNoWait(repair.key(), repair.siblings(), false); // no answer: nothing waits for the disk
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot repair {} from {}: {}", env.self(), repair.key(), from, e.toString());
        }
    }

    /**
     * What this node answers a read of {@code key} with: the hints it keeps for others, and its data
     * when it is one of the key's replicas ({@code replica}). A node that is not holds no data of the
     * key that a read may see: at most what it kept from a ring before, which no write reaches any
     * more (and whose deletes it never saw).
     */
    static List<Versioned<Value>> localSiblings(CoordinatorEnvironment env, Key key, boolean replica) {
        List<Versioned<Value>> held = replica ? env.storage().get(key) : List.of();
        List<Versioned<Value>> hinted = env.hints().keptFor(key);
        return hinted.isEmpty() ? held : Reconciliation.reconcile(held, hinted);
    }

    /** Whether this node is one of {@code key}'s first {@code n} in the ring it has, or will be once a transfer ends. */
    static boolean isReplica(CoordinatorEnvironment env, Key key, int n) {
        Routing routing = env.routing().get();
        KeyHash hash = KeyHash.of(key);
        return routing.preferenceList(hash, n).primaries().contains(env.self())
                || routing.pendingReplicas(hash, n).contains(env.self());
    }
}
