package io.dynacart.store.coordinator;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.storage.Value;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.Versioned;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Starts the requests this node coordinates and routes the answers to them (paper, section 4.5).
 * A get is coordinated wherever it arrives; a put only by one of the key's first N nodes, so that a
 * version's clock only ever names replicas: a put arriving elsewhere is forwarded to a reachable
 * primary, and fails at once if none is reachable.
 *
 * <p>Confined to the node's event loop.
 */
public final class Coordinator {

    private final CoordinatorServices services;
    private final CoordinatorConfig config;
    private final Map<Long, PutOperation> puts = new HashMap<>();
    private final Map<Long, GetOperation> gets = new HashMap<>();
    private final Map<Long, ForwardedPut> forwards = new HashMap<>();
    private static final int MIN_SWEEP = 64;
    private int sweepAt = MIN_SWEEP;
    private long nextRequestId;

    public Coordinator(CoordinatorServices services, CoordinatorConfig config) {
        this.services = services;
        this.config = config;
    }

    public CoordinatorConfig config() {
        return config;
    }

    public void get(Key key, Quorum quorum, CompletableFuture<GetResult> answer) {
        PreferenceList list = preferenceList(key, quorum);
        long id = ++nextRequestId;
        GetOperation op = new GetOperation(id, key, list, quorum.r(), answer, services);
        gets.put(id, op);
        op.start(config.timeoutMillis());
        if (op.state() == GetOperation.State.DONE) {
            gets.remove(id);
        }
    }

    /** A put from a client of this node; {@code value} is a tombstone for a delete. */
    public void put(Key key, Context context, Value value, Quorum quorum, CompletableFuture<Context> answer) {
        PreferenceList list = preferenceList(key, quorum);
        if (list.primaries().contains(services.self())) {
            coordinate(key, context, value, quorum, list, answer);
            return;
        }
        List<NodeId> candidates = list.primaries().stream().filter(services::reachable).toList();
        if (candidates.isEmpty()) {
            answer.completeExceptionally(new QuorumNotReachedException("put", quorum.w(), 0, list.primaries()));
            return;
        }
        long id = ++nextRequestId;
        ForwardedPut forward = new ForwardedPut(new ReplicationMessage.ForwardPut(id, key, context, value, quorum),
                candidates, answer, services, config.timeoutMillis());
        forwards.put(id, forward);
        forward.start();
    }

    /** Another node forwarded a client's put here: coordinate it and tell that node how it went. */
    public void onForwardPut(NodeId from, ReplicationMessage.ForwardPut forward) {
        services.health().heard(from);
        CompletableFuture<Context> answer = new CompletableFuture<>();
        answer.whenComplete((context, error) -> {
            if (error == null) {
                services.endpoint().send(from, new ReplicationMessage.ForwardPutDone(forward.requestId(), context));
            } else if (error instanceof QuorumNotReachedException q) {
                services.endpoint().send(from, new ReplicationMessage.ForwardPutFailed(forward.requestId(), q.required(),
                        q.answered(), q.missing()));
            } else {
                Refusals.of(forward.requestId(), error).ifPresent(refused -> services.endpoint().send(from, refused));
            }
        });
        PreferenceList list = preferenceList(forward.key(), forward.quorum());
        coordinate(forward.key(), forward.context(), forward.value(), forward.quorum(), list, answer);
    }

    private void coordinate(Key key, Context context, Value value, Quorum quorum, PreferenceList list,
                            CompletableFuture<Context> answer) {
        List<Versioned<Value>> siblings;
        DottedVersionVector version;
        try {
            List<Versioned<Value>> local = services.storage().get(key);
            version = DottedVersionVector.forWrite(config.actor(services.self()), services.clock().nowMillis(), context, local,
                    config.maxClockEntries());
            config.siblingLimits().check(local, new Versioned<>(version, value));
            siblings = services.storage().put(key, new Versioned<>(version, value));
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
            return;
        }
        long id = ++nextRequestId;
        List<NodeId> pending = services.routing().get().pendingReplicas(KeyHash.of(key), quorum.n());
        PutOperation op = new PutOperation(id, new PutOperation.Write(key, siblings, new Context(version.clock()), pending),
                list, quorum.w(), answer, services);
        puts.put(id, op);
        op.start(config.timeoutMillis());
        if (op.state() == PutOperation.State.DONE) {
            puts.remove(id);
        }
    }

    private PreferenceList preferenceList(Key key, Quorum quorum) {
        return services.routing().get().preferenceList(KeyHash.of(key), quorum.n());
    }

    /** Routes an answer to the request it belongs to; answers to finished requests are dropped. */
    public void onAnswer(NodeId from, ReplicationMessage answer) {
        if (answer instanceof ReplicationMessage.WriteAck ack) {
            PutOperation op = puts.get(ack.requestId());
            if (op != null) {
                op.handle(new PutOperation.Ack(from));
                if (op.state() == PutOperation.State.DONE) {
                    puts.remove(ack.requestId());
                }
            }
        } else if (answer instanceof ReplicationMessage.ReadReply reply) {
            GetOperation op = gets.get(reply.requestId());
            if (op != null) {
                op.handle(new GetOperation.Reply(from, reply.siblings()));
                if (op.state() == GetOperation.State.DONE) {
                    gets.remove(reply.requestId());
                }
            }
        } else if (answer instanceof ReplicationMessage.ForwardPutDone done) {
            ForwardedPut op = forwards.get(done.requestId());
            if (op != null && op.asked(from)) {
                op.handle(new ForwardedPut.Done(from, done));
                if (op.state() == ForwardedPut.State.DONE) {
                    forwards.remove(done.requestId());
                }
            }
        } else if (answer instanceof ReplicationMessage.ForwardPutFailed failed) {
            ForwardedPut op = forwards.get(failed.requestId());
            if (op != null && op.asked(from)) {
                op.handle(new ForwardedPut.Failed(from, failed));
                if (op.state() == ForwardedPut.State.DONE) {
                    forwards.remove(failed.requestId());
                }
            }
        } else if (answer instanceof ReplicationMessage.ForwardPutRefused refused) {
            ForwardedPut op = forwards.get(refused.requestId());
            if (op != null && op.asked(from)) {
                op.handle(new ForwardedPut.Refused(from, refused));
                forwards.remove(refused.requestId());
            }
        } else {
            throw new IllegalArgumentException("not an answer: " + answer);
        }
        sweep();
    }

    /**
     * Forgets finished operations. Answers remove theirs at once; this catches those finished by a
     * deadline. Amortized: a pass over every operation happens only once the maps have doubled since
     * the last pass (a pass on every answer made the coordinator quadratic in requests in flight:
     * measured, it capped a 5-node cluster near 2,000 operations per second).
     */
    private void sweep() {
        if (puts.size() + gets.size() + forwards.size() < sweepAt) {
            return;
        }
        sweepNow();
        sweepAt = Math.max(MIN_SWEEP, 2 * (puts.size() + gets.size() + forwards.size()));
    }

    private void sweepNow() {
        puts.values().removeIf(op -> op.state() == PutOperation.State.DONE);
        gets.values().removeIf(op -> op.state() == GetOperation.State.DONE);
        forwards.values().removeIf(op -> op.state() == ForwardedPut.State.DONE);
    }

    /** Whether requests go to {@code node} now; see {@link CoordinatorServices#reachable}. */
    public boolean reachable(NodeId node) {
        return services.reachable(node);
    }

    /**
     * The transport could not connect to {@code peer}: a forwarded put waiting for it moves on to the
     * next primary now rather than at its timeout. Reads and writes ask N replicas and wait for R or
     * W of them, so one lost replica costs them nothing to wait for.
     */
    public void peerUnreachable(NodeId peer) {
        for (ForwardedPut op : forwards.values()) {
            op.handle(new ForwardedPut.Unreachable(peer));
        }
        sweep();
    }

    /** Requests in flight (for the dashboard and for tests). */
    public int inFlight() {
        sweepNow();
        return puts.size() + gets.size() + forwards.size();
    }
}
