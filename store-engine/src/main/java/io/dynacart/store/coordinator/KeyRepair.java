package io.dynacart.store.coordinator;

import io.dynacart.store.api.KeyRepairOutcome;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.storage.Merged;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.versioning.Reconciliation;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read repair of one key on an operator's request (the key explorer, docs/HTTP-API.md): read every
 * one of the key's primaries, reconcile what they hold, write the merge to each primary that lacks
 * a version of it, and wait for each to acknowledge, so that the answer says exactly what changed
 * ({@link KeyRepairOutcome}). A get repairs too (paper, section 5), but only after answering, without
 * waiting and without telling anyone; this one is for showing.
 *
 * <p>Only primaries are read and written: a fallback holds the key as hints, which go home by hinted
 * handoff. A primary believed down is asked too; one that has not answered by the deadline is
 * reported unreachable and left as it is.
 *
 * <pre>
 *   READING ──every primary replied, failed or is unreachable; or the deadline──► WRITING
 *      │                                                                            │ every write
 *      └── the same, with no primary lacking a version ──► DONE ◄───────────────────┘ acknowledged or
 *                                                                                     failed; or the deadline
 * </pre>
 * Legal successors: READING → WRITING | DONE; WRITING → DONE; DONE is final. Each phase has its own
 * deadline (the coordinator's request timeout). The answer is given on entering DONE.
 */
final class KeyRepair implements Operation {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRepair.class);

    enum State {
        READING, WRITING, DONE;

        Set<State> successors() {
            return switch (this) {
                case READING -> EnumSet.of(WRITING, DONE);
                case WRITING -> EnumSet.of(DONE);
                case DONE -> EnumSet.noneOf(State.class);
            };
        }
    }

    sealed interface Event permits Reply, Acked, Failed, Unreachable, Deadline {
    }

    /** {@code from}'s copy of the key. */
    record Reply(NodeId from, List<Versioned<Value>> siblings) implements Event {
    }

    /** {@code from} stored the merge. */
    record Acked(NodeId from) implements Event {
    }

    /** {@code from} could not read (READING) or store (WRITING) the key. */
    record Failed(NodeId from) implements Event {
    }

    record Unreachable(NodeId peer) implements Event {
    }

    record Deadline() implements Event {
    }

    private final long id;
    private final Key key;
    private final int partition;
    private final List<NodeId> primaries;
    private final CompletableFuture<KeyRepairOutcome> answer;
    private final Support support;
    private final long phaseMillis;
    /** What each primary that replied held, in the order they replied. */
    private final Map<NodeId, List<Versioned<Value>>> held = new LinkedHashMap<>();
    /** Primaries that will not reply to the read: failed or unreachable. */
    private final Set<NodeId> silent = new LinkedHashSet<>();
    private final Set<NodeId> readFailed = new LinkedHashSet<>();
    /** Primaries sent the merge that have not acknowledged it yet. */
    private final Set<NodeId> writing = new LinkedHashSet<>();
    private final Set<NodeId> repaired = new LinkedHashSet<>();
    private final Set<NodeId> writeFailed = new LinkedHashSet<>();
    private List<Versioned<Value>> merged = List.of();
    private State state = State.READING;
    private Scheduler.Cancellable deadline;
    private long readSentAt;

    /** @param phaseMillis how long each phase (the reads, then the writes) may wait for answers */
    KeyRepair(long id, Key key, PreferenceList list, long phaseMillis, CompletableFuture<KeyRepairOutcome> answer,
              Support support) {
        this.id = id;
        this.key = key;
        this.partition = list.partition().index();
        this.primaries = List.copyOf(list.primaries());
        this.phaseMillis = phaseMillis;
        this.answer = answer;
        this.support = support;
    }

    State state() {
        return state;
    }

    @Override
    public void answer(NodeId from, ReplicationMessage message) {
        if (message instanceof ReplicationMessage.ReadReply reply) {
            handle(new Reply(from, reply.siblings()));
        } else if (message instanceof ReplicationMessage.WriteAck) {
            handle(new Acked(from));
        } else if (message instanceof ReplicationMessage.ReplicaFailed) {
            handle(new Failed(from));
        }
    }

    @Override
    public void unreachable(NodeId peer) {
        handle(new Unreachable(peer));
    }

    @Override
    public boolean finished() {
        return state == State.DONE;
    }

    /** Asks every primary for its copy (reading this node's own when it is one) and sets the deadline. */
    void start() {
        CoordinatorEnvironment env = support.env();
        deadline = env.scheduler().schedule(phaseMillis, () -> handle(new Deadline()));
        readSentAt = support.now();
        for (NodeId primary : primaries) {
            if (!primary.equals(env.self())) {
                env.endpoint().send(primary, new ReplicationMessage.Read(id, key));
            }
        }
        if (primaries.contains(env.self())) {
            List<Versioned<Value>> local;
            try {
                local = ReplicaHandler.localSiblings(env, key, true);
            } catch (RuntimeException e) {
                LOG.warn("{}: cannot read {} to repair it: {}", env.self(), key, e.toString());
                handle(new Failed(env.self()));
                return;
            }
            handle(new Reply(env.self(), local));
        } else if (primaries.isEmpty()) {
            handle(new Deadline());
        }
    }

    /** Where events enter; every move between states goes through {@link #moveTo}. */
    void handle(Event event) {
        switch (state) {
            case READING -> whileReading(event);
            case WRITING -> whileWriting(event);
            case DONE -> { } // late answers change nothing
            default -> throw new IllegalStateException("no state " + state);
        }
    }

    private void whileReading(Event event) {
        if (event instanceof Deadline) {
            afterReads();
            return;
        }
        NodeId from = null;
        if (event instanceof Reply r) {
            from = r.from();
        } else if (event instanceof Failed f) {
            from = f.from();
        } else if (event instanceof Unreachable u) {
            from = u.peer();
        }
        if (from == null || !primaries.contains(from) || held.containsKey(from) || silent.contains(from)) {
            return; // not a primary of the key, or settled already
        }
        if (event instanceof Reply r) {
            if (!from.equals(support.env().self())) {
                support.heard(from, readSentAt);
            }
            held.put(from, r.siblings());
        } else {
            silent.add(from);
            if (event instanceof Failed) {
                readFailed.add(from);
            }
        }
        if (held.size() + silent.size() == primaries.size()) {
            afterReads();
        }
    }

    /** Every read is in (or the deadline passed): write the merge where it is lacking, or finish. */
    private void afterReads() {
        merged = Reconciliation.reconcile(List.of(), held.values().stream().flatMap(List::stream).toList());
        held.forEach((node, siblings) -> {
            if (!Reconciliation.covers(siblings, merged)) {
                writing.add(node);
            }
        });
        moveTo(writing.isEmpty() ? State.DONE : State.WRITING);
    }

    private void whileWriting(Event event) {
        if (event instanceof Deadline) {
            moveTo(State.DONE);
            return;
        }
        if (event instanceof Acked a && writing.remove(a.from())) {
            repaired.add(a.from());
        } else if (event instanceof Failed f && writing.remove(f.from())) {
            writeFailed.add(f.from());
        } else if (event instanceof Unreachable u && writing.remove(u.peer())) {
            writeFailed.add(u.peer());
        }
        if (writing.isEmpty()) {
            moveTo(State.DONE);
        }
    }

    /** Every transition, with what entering the new state does. */
    void moveTo(State next) {
        if (!state.successors().contains(next)) {
            throw new IllegalStateException("key repair " + id + " cannot go from " + state + " to " + next);
        }
        state = next;
        switch (next) {
            case WRITING -> {
                deadline.cancel();
                deadline = support.env().scheduler().schedule(phaseMillis, () -> handle(new Deadline()));
                for (NodeId stale : List.copyOf(writing)) {
                    write(stale);
                }
            }
            case DONE -> {
                deadline.cancel();
                answer.complete(outcome());
            }
            default -> throw new IllegalStateException("no transition enters " + next);
        }
    }

    /** Sends {@code stale} the merge; this node's own copy is merged here, acknowledged on the loop once durable. */
    private void write(NodeId stale) {
        CoordinatorEnvironment env = support.env();
        if (!stale.equals(env.self())) {
            env.endpoint().send(stale, new ReplicationMessage.Write(id, key, merged, false));
            return;
        }
        Merged local;
        try {
            local = env.storage().mergeNoWait(key, merged, false);
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot store the repair of {}: {}", env.self(), key, e.toString());
            env.scheduler().execute(() -> handle(new Failed(stale)));
            return;
        }
        local.whenDurable(env.scheduler()::execute, () -> env.scheduler().execute(() -> handle(new Acked(stale))),
                failure -> handle(new Failed(stale)));
    }

    private KeyRepairOutcome outcome() {
        List<KeyRepairOutcome.ReplicaRepair> replicas = new ArrayList<>();
        for (NodeId node : primaries) {
            List<Versioned<Value>> copy = held.get(node);
            KeyRepairOutcome.Result result;
            if (copy == null) {
                result = readFailed.contains(node) ? KeyRepairOutcome.Result.FAILED : KeyRepairOutcome.Result.UNREACHABLE;
            } else if (repaired.contains(node)) {
                result = KeyRepairOutcome.Result.REPAIRED;
            } else if (writeFailed.contains(node) || writing.contains(node)) {
                result = KeyRepairOutcome.Result.FAILED;
            } else {
                result = KeyRepairOutcome.Result.IN_SYNC;
            }
            replicas.add(new KeyRepairOutcome.ReplicaRepair(node, result, copy == null ? 0 : copy.size(),
                    copy == null ? 0 : Reconciliation.lacking(copy, merged)));
        }
        return new KeyRepairOutcome(key, support.env().self(), partition, merged, replicas, -1);
    }
}
