package io.dynacart.store.coordinator;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KeyRepairOutcome;
import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.api.StoreStartingException;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.storage.Durability;
import io.dynacart.store.storage.Merged;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.Reconciliation;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Starts the requests this node coordinates and routes the answers to them (paper, section 4.5).
 * A get is coordinated wherever it arrives. A put is coordinated by one of the key's first N nodes,
 * so that a version's clock names replicas: a put arriving elsewhere is forwarded to a reachable
 * primary ({@link ForwardedPut}). When no primary shows a sign of life, this node takes the put over
 * and coordinates it itself, standing in for a primary with hints under its {@link FallbackActor}
 * name: a put succeeds whenever W nodes of the key's extended preference list are reachable.
 *
 * <p>Confined to the node's event loop.
 */
public final class Coordinator {

    private Support support;
    private FallbackActor fallbackActor;
    private final Operations operations = new Operations();
    private long nextRequestId;
    /** Whether this node knows its incarnation, and so the clock actor its writes carry. */
    private boolean settled;

    /** @param generation this start of the node (as gossip has it): it names the node's fallback writes */
    public Coordinator(CoordinatorEnvironment env, CoordinatorConfig config, long generation) {
        this(env, config, generation, true);
    }

    /**
     * As {@link #Coordinator(CoordinatorEnvironment, CoordinatorConfig, long)}; unless {@code settled},
     * the node is still learning its incarnation and coordinates no write until {@link #settle}: a
     * client's put fails at once with {@link StoreStartingException}, and a put forwarded here goes
     * unaccepted, so that its sender takes it over.
     */
    public Coordinator(CoordinatorEnvironment env, CoordinatorConfig config, long generation, boolean settled) {
        this.support = new Support(env, config, new ReplyTimes(config.sloppy()));
        this.fallbackActor = new FallbackActor(config.actor(env.self()), generation);
        this.settled = settled;
        env.hints().onDeleted((key, siblings) ->
                fallbackActor.forget(key, siblings, env.hints().keptFor(key).isEmpty()));
    }

    /**
     * The node learnt that it runs under {@code incarnation}, in the start gossip numbers {@code
     * generation}: its writes carry the clock actor of that incarnation from now on.
     *
     * @throws IllegalStateException if it was settled already
     */
    public void settle(int incarnation, long generation) {
        if (settled) {
            throw new IllegalStateException("the coordinator of " + env().self() + " knows its incarnation already");
        }
        support = new Support(support.env(), config().withIncarnation(incarnation), support.replyTimes());
        fallbackActor = new FallbackActor(config().actor(env().self()), generation);
        settled = true;
    }

    /** Whether this node coordinates writes: it knows its incarnation. */
    public boolean settled() {
        return settled;
    }

    public CoordinatorConfig config() {
        return support.config();
    }

    private CoordinatorEnvironment env() {
        return support.env();
    }

    /**
     * A get from a client of this node. What it answers is what the key's namespace shows of the
     * versions read ({@link NamespaceRules#visible}: unexpired ones, the latest under last-write-wins).
     */
    public void get(Key key, Quorum quorum, CompletableFuture<GetResult> answer) {
        long id = ++nextRequestId;
        NamespaceConfig namespace = namespaceOf(key);
        CompletableFuture<GetResult> read = answer;
        if (namespace != null) {
            read = new CompletableFuture<>();
            read.whenComplete((result, error) -> {
                if (error != null) {
                    answer.completeExceptionally(error);
                } else {
                    answer.complete(NamespaceRules.visible(result, namespace, env().clock().nowMillis()));
                }
            });
        }
        PreferenceList list = preferenceList(key, quorum);
        GetOperation op = new GetOperation(id, key, list, needed(quorum.r(), list), read, support);
        operations.add(id, op);
        op.start(config().timeoutMillis());
    }

    /**
     * Read repair of {@code key} for an operator ({@link KeyRepair}): reads every primary of the key
     * (as {@code quorum}'s N places it), writes the merge to those lacking a version of it, and answers
     * what it changed.
     */
    public void repairKey(Key key, Quorum quorum, CompletableFuture<KeyRepairOutcome> answer) {
        long id = ++nextRequestId;
        KeyRepair op = new KeyRepair(id, key, preferenceList(key, quorum), config().timeoutMillis(), answer,
                support);
        operations.add(id, op);
        op.start();
    }

    /** A put from a client of this node; {@code value} is a tombstone for a delete. */
    public void put(Key key, Context context, Value value, Quorum quorum, CompletableFuture<Context> answer) {
        if (!settled) {
            answer.completeExceptionally(new StoreStartingException("node " + env().self() + " started on an empty"
                    + " data directory and is learning from its peers which incarnation to take; it takes writes once"
                    + " it has heard from one (retry, or write through another node)"));
            return;
        }
        PreferenceList list = preferenceList(key, quorum);
        if (list.primaries().contains(env().self())) {
            coordinate(key, context, value, quorum, list, config().timeoutMillis(), answer);
            return;
        }
        List<NodeId> candidates = forwardCandidates(list, quorum);
        if (candidates.isEmpty()) {
            if (config().sloppy().fallbackCoordinates()) {
                coordinateAsFallback(key, context, value, quorum, null, config().timeoutMillis(), answer);
            } else {
                answer.completeExceptionally(new QuorumNotReachedException("put", needed(quorum.w(), list).required(),
                        0, list.primaries()));
            }
            return;
        }
        long id = ++nextRequestId;
        ForwardedPut forward = new ForwardedPut(new ReplicationMessage.ForwardPut(id, key, context, value, quorum),
                candidates, answer, support,
                (silent, budget) -> coordinateAsFallback(key, context, value, quorum, silent, budget, answer));
        operations.add(id, forward);
        forward.start();
    }

    /**
     * The primaries a put may be forwarded to, reachable ones only; for a local W those of this node's
     * zone first, so that the zone whose quorum the client asked for is the coordinator's.
     */
    private List<NodeId> forwardCandidates(PreferenceList list, Quorum quorum) {
        List<NodeId> reachable = list.primaries().stream().filter(env()::reachable).toList();
        if (quorum.w() != Quorum.LOCAL) {
            return reachable;
        }
        Map<NodeId, Zone> zones = env().routing().get().current().zones();
        Zone own = zones.get(env().self());
        List<NodeId> sameZoneFirst = new ArrayList<>();
        reachable.stream().filter(p -> Objects.equals(zones.get(p), own)).forEach(sameZoneFirst::add);
        reachable.stream().filter(p -> !Objects.equals(zones.get(p), own)).forEach(sameZoneFirst::add);
        return sameZoneFirst;
    }

    /** What R or W {@code requested} needs of the key whose list is {@code list}, coordinated here. */
    private AnswersNeeded needed(int requested, PreferenceList list) {
        return AnswersNeeded.of(requested, list, env().routing().get().current().zones(), env().self());
    }

    /** Another node forwarded a client's put here: accept it, coordinate it and tell that node how it went. */
    public void onForwardPut(NodeId from, ReplicationMessage.ForwardPut forward) {
        env().health().heard(from);
        if (!settled) {
            return; // unaccepted: the sender takes the put over (see the constructor)
        }
        env().endpoint().send(from, new ReplicationMessage.ForwardPutAccepted(forward.requestId()));
        CompletableFuture<Context> answer = new CompletableFuture<>();
        answer.whenComplete((context, error) -> {
            if (error == null) {
                env().endpoint().send(from, new ReplicationMessage.ForwardPutDone(forward.requestId(), context));
            } else if (error instanceof QuorumNotReachedException q) {
                env().endpoint().send(from, new ReplicationMessage.ForwardPutFailed(forward.requestId(),
                        q.required(), q.answered(), q.missing()));
            } else {
                Refusals.of(forward.requestId(), error).ifPresent(refused -> env().endpoint().send(from, refused));
            }
        });
        PreferenceList list = preferenceList(forward.key(), forward.quorum());
        if (list.primaries().contains(env().self()) || !env().forgotten().test(forward.key())) {
            coordinate(forward.key(), forward.context(), forward.value(), forward.quorum(), list,
                    config().timeoutMillis(), answer);
        } else {
            // The forwarder's ring makes this node a primary and this node's does not, and this node may
            // have dropped the key's partition, and with it the versions it numbered under its own name:
            // numbering under that name from what it holds could repeat a dot, so it uses its fallback name.
            coordinateAsFallback(forward.key(), forward.context(), forward.value(), forward.quorum(), null,
                    config().timeoutMillis(), answer);
        }
    }

    /**
     * A put coordinated by a primary: its version is stored here as this replica's own, without
     * waiting for the disk (the operation counts this copy once it is durable). In
     * {@link Durability#ONE} mode this copy is the put's one durable replica, forced to disk.
     */
    private void coordinate(Key key, Context context, Value value, Quorum quorum, PreferenceList list,
                            long timeoutMillis, CompletableFuture<Context> answer) {
        Merged local;
        DottedVersionVector version;
        try {
            List<Versioned<Value>> held = env().storage().get(key);
            NamespaceConfig namespace = namespaceOf(key);
            version = DottedVersionVector.forWrite(config().actor(env().self()), env().clock().nowMillis(),
                    namespace == null ? context : NamespaceRules.putContext(context, held, namespace), held,
                    config().maxClockEntries());
            siblingLimits(namespace).check(held, new Versioned<>(version, value));
            local = env().storage().mergeNoWait(key, List.of(new Versioned<>(version, value)),
                    env().storage().durability() == Durability.ONE);
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
            return;
        }
        replicate(new PutOperation.Write(key, local.siblings(), new Context(version.clock()), pending(key, quorum), local),
                list, StandIns.forRequest(list, env()::reachable), needed(quorum.w(), list), timeoutMillis, answer);
    }

    /**
     * A put taken over by this node, outside the key's primaries: the version is stamped with the
     * fallback actor, made against the versions this node holds as hints for the key (the only ones
     * it may hold of it), and kept as a hint for {@code silent} (or the first unreachable primary).
     * What goes out is every version held whose clock names the fallback actor: the new one, the live
     * ones issued before under that name, and those that superseded such a one (together, what a
     * context naming the new dot claims to have seen, with the evidence). The other hinted versions
     * stay where they are, on their way to the key's replicas, so that old versions are not copied
     * from fallback to fallback (tombstone collection relies on it: {@code antientropy.TombstoneAges}).
     */
    private void coordinateAsFallback(Key key, Context context, Value value, Quorum quorum, NodeId silent,
                                      long budgetMillis, CompletableFuture<Context> answer) {
        PreferenceList list = preferenceList(key, quorum);
        if (list.primaries().contains(env().self())) {
            coordinate(key, context, value, quorum, list, budgetMillis, answer); // the ring changed meanwhile
            return;
        }
        StandIns standIns;
        List<Versioned<Value>> siblings;
        DottedVersionVector version;
        Merged kept;
        try {
            standIns = StandIns.forTakeOver(list, env()::reachable, env().self(), silent);
            List<Versioned<Value>> local = env().hints().keptFor(key);
            NamespaceConfig namespace = namespaceOf(key);
            version = fallbackVersion(key, namespace == null ? context : NamespaceRules.putContext(context, local,
                    namespace), local);
            siblingLimits(namespace).check(local, new Versioned<>(version, value));
            List<Versioned<Value>> held = Reconciliation.reconcile(local, List.of(new Versioned<>(version, value)));
            kept = env().hints().keep(standIns.replaced(), key, held);
            NodeId actor = version.dot().node();
            siblings = held.stream().filter(v -> v.version().clock().counter(actor) > 0).toList();
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
            return;
        }
        // The hint kept here is this node's copy (forced in ONE mode: it is the durable one); it counts once durable.
        replicate(new PutOperation.Write(key, siblings, new Context(version.clock()), pending(key, quorum),
                new Merged(siblings, kept.durable())), list, standIns, needed(quorum.w(), list), budgetMillis, answer);
    }

    /** A version stamped with this node's fallback name for {@code key}, a fresh name if the one in use cannot go on. */
    private DottedVersionVector fallbackVersion(Key key, Context context, List<Versioned<Value>> local) {
        for (int attempt = 0; ; attempt++) {
            NodeId actor = fallbackActor.forKey(key);
            DottedVersionVector v = DottedVersionVector.forWrite(actor, env().clock().nowMillis(), context, local,
                    config().maxClockEntries());
            if (fallbackActor.issue(key, actor, v.dot().counter()) || attempt > 0) {
                return v;
            }
        }
    }

    /** The nodes a transfer is making replicas of {@code key}: they get the write too. */
    private List<NodeId> pending(Key key, Quorum quorum) {
        return env().routing().get().pendingReplicas(KeyHash.of(key), quorum.n());
    }

    private void replicate(PutOperation.Write write, PreferenceList list, StandIns standIns, AnswersNeeded w,
                           long timeoutMillis, CompletableFuture<Context> answer) {
        long id = ++nextRequestId;
        PutOperation op = new PutOperation(id, write, list, w.zoned() ? standIns.preferring(w::counts) : standIns, w,
                answer, support);
        operations.add(id, op);
        op.start(timeoutMillis);
    }

    /** The settings of {@code key}'s namespace; null for the default namespace or one not known here. */
    private NamespaceConfig namespaceOf(Key key) {
        return key.namespace().isDefault() ? null : env().namespaces().get().get(key.namespace()).orElse(null);
    }

    /** The cluster's sibling caps, lowered to the namespace's where it sets lower ones. */
    private SiblingLimits siblingLimits(NamespaceConfig namespace) {
        SiblingLimits cluster = config().siblingLimits();
        if (namespace == null || (namespace.maxSiblings() == 0 && namespace.maxSiblingBytes() == 0)) {
            return cluster;
        }
        int siblings = namespace.maxSiblings() == 0 ? cluster.maxSiblings()
                : Math.min(cluster.maxSiblings(), namespace.maxSiblings());
        long bytes = namespace.maxSiblingBytes() == 0 ? cluster.maxBytes()
                : Math.min(cluster.maxBytes(), namespace.maxSiblingBytes());
        return new SiblingLimits(siblings, bytes);
    }

    private PreferenceList preferenceList(Key key, Quorum quorum) {
        return env().routing().get().preferenceList(KeyHash.of(key), quorum.n());
    }

    /** Routes an answer to the request it belongs to; answers to finished requests are dropped. */
    public void onAnswer(NodeId from, ReplicationMessage answer) {
        operations.route(from, answer);
    }

    /** Whether requests go to {@code node} now; see {@link CoordinatorEnvironment#reachable}. */
    public boolean reachable(NodeId node) {
        return env().reachable(node);
    }

    /** The transport could not connect to {@code peer}: whatever waits for it gets a stand-in now. */
    public void peerUnreachable(NodeId peer) {
        operations.unreachable(peer);
    }

    /** Requests in flight (for the dashboard and for tests). */
    public int inFlight() {
        return operations.size();
    }
}
