package io.dynacart.store.sim;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Causality;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the clients of a simulation did and saw: every write (its unique value, what its client had
 * read, whether it was acknowledged), and every value any read returned.
 */
final class History {

    /** One put or delete; {@code seen} holds the ids of every write its client had read, transitively. */
    static final class Write {
        final int id;
        final Key key;
        final boolean delete;
        final Context context;
        final BitSet seen;
        boolean acknowledged;
        /** When the client got the acknowledgement (virtual time); meaningful only if acknowledged. */
        long acknowledgedAt;
        /** The node the client sent it to, and when (virtual time). */
        NodeId via;
        long startedAt;
        /** When the client got an answer, success or failure; -1 until then. */
        long answeredAt = -1;
        /** Nodes of {@code via}'s ring that {@code via} could reach when the put began, itself included. */
        List<NodeId> reachable = List.of();
        /** Whether links were lossless when the put began (partitions aside). */
        boolean linksClean;
        /** {@link SimCluster#disturbances()} when the put began and when it was answered. */
        long disturbancesAtStart;
        long disturbancesAtEnd;
        /** Why it failed, when it did. */
        String failure;
        /** The quorum it was meant to run with: its namespace's, as the simulation made it. */
        Quorum quorum = Quorum.DEFAULT;
        /** Each member's storage, with how many versions of the key it had taken when the acknowledgement arrived. */
        Map<NodeId, Taken> takenAtAck = Map.of();
        /** Disks lost so far (wipes, departures) when the put began and when it was answered. */
        long lossesAtStart;
        long lossesAtEnd;
        /** Whether its node refused it for not knowing its key's namespace. */
        boolean unknownNamespace;

        Write(int id, Key key, boolean delete, Context context, BitSet seen) {
            this.id = id;
            this.key = key;
            this.delete = delete;
            this.context = context;
            this.seen = seen;
        }

        String value() {
            return "w" + id;
        }

        @Override
        public String toString() {
            return (delete ? "delete#" : "put#") + id + " of " + key + (acknowledged ? " (acknowledged)" : "");
        }
    }

    /**
     * A request that {@code via} refused at {@code at} (virtual ms) for not knowing {@code key}'s
     * namespace; {@code knew}: whether {@code via}'s view had that namespace when the request was sent.
     */
    record Refusal(Key key, NodeId via, long at, boolean knew, String message) {
    }

    /** A storage, and how many versions of a key it had taken then (see {@link RecordingStorage#tookBefore}). */
    record Taken(RecordingStorage storage, int mark) {
    }

    /** A read's answer, when the client asked and when it was answered (virtual ms). */
    record Read(Key key, long startedAt, long answeredAt, List<Versioned<Value>> versions) {
    }

    /** One get of the workload as its client saw it, answered or not: what AlwaysReadable judges. */
    static final class ReadAttempt {
        final Key key;
        final NodeId via;
        final long startedAt;
        /** Nodes of {@code via}'s ring that {@code via} could reach when the get began, itself included. */
        final List<NodeId> reachable;
        final boolean linksClean;
        final long disturbancesAtStart;
        long disturbancesAtEnd;
        /** When the client got an answer, success or failure; -1 until then. */
        long answeredAt = -1;
        /** Why it failed, when it did; null when it succeeded. */
        String failure;
        /** What it returned, when it succeeded. */
        List<Versioned<Value>> versions = List.of();
        /** The quorum it was meant to run with: its namespace's, as the simulation made it. */
        Quorum quorum = Quorum.DEFAULT;
        /** Whether its node refused it for not knowing its key's namespace. */
        boolean unknownNamespace;

        ReadAttempt(Key key, NodeId via, long startedAt, List<NodeId> reachable, boolean linksClean,
                    long disturbancesAtStart) {
            this.key = key;
            this.via = via;
            this.startedAt = startedAt;
            this.reachable = reachable;
            this.linksClean = linksClean;
            this.disturbancesAtStart = disturbancesAtStart;
        }

        @Override
        public String toString() {
            return "get of " + key + " sent to " + via + " at " + startedAt + " ms";
        }
    }

    final List<Write> writes = new ArrayList<>();
    final List<ReadAttempt> readAttempts = new ArrayList<>();
    final List<Read> answered = new ArrayList<>();
    /** When faults were healed and the cluster had settled (hints drained, anti-entropy ran); none yet: MAX_VALUE. */
    long settledAt = Long.MAX_VALUE;
    /** When the workload's clients stopped starting requests (virtual ms). */
    long workloadEnd;
    final List<String> phantoms = new ArrayList<>();
    /** Every request refused for naming a namespace its node did not know (see {@link Workload}). */
    final List<Refusal> unknownNamespace = new ArrayList<>();
    /** Which keys are of a last-write-wins namespace: their deletes' tombstones are found differently. */
    private final Predicate<Key> lastWriteWins;
    private final Map<String, Write> byValue = new HashMap<>();
    long reads;
    long readsWithSiblings;

    History(Predicate<Key> lastWriteWins) {
        this.lastWriteWins = lastWriteWins;
    }

    /** Registers a write about to be sent, by a client that read {@code read} (null: a blind write). */
    Write begin(Key key, boolean delete, Context context, List<Versioned<Value>> read) {
        BitSet seen = new BitSet();
        if (read != null) {
            for (Versioned<Value> v : read) {
                Write w = writerOf(key, v);
                if (w != null) {
                    seen.set(w.id);
                    seen.or(w.seen);
                }
            }
        }
        Write w = new Write(writes.size(), key, delete, context, seen);
        writes.add(w);
        if (!delete) {
            byValue.put(w.value(), w);
        }
        return w;
    }

    /**
     * The write that made a version: by its unique value, or for a tombstone the first delete that
     * could have made it ({@link #made}).
     */
    Write writerOf(Key key, Versioned<Value> v) {
        if (v.value() instanceof Value.Bytes b) {
            return byValue.get(new String(b.toByteArray(), StandardCharsets.UTF_8));
        }
        for (Write w : writes) {
            if (w.delete && w.key.equals(key) && made(w, v)) {
                return w;
            }
        }
        return null;
    }

    /**
     * Whether {@code w} made {@code v}. A put by its unique value. A delete made a tombstone whose
     * past is the delete's context: deletes made with one context by different clients are
     * indistinguishable (same key, same past, no value), and equivalent, so each may claim any
     * tombstone of its group. Under last-write-wins the coordinator adds what it holds to the
     * context, so there a delete made a tombstone whose past covers its context and whose dot was
     * stamped while the delete was in flight.
     */
    boolean made(Write w, Versioned<Value> v) {
        if (!w.delete) {
            return v.value() instanceof Value.Bytes && writerOf(w.key, v) == w;
        }
        if (!(v.value() instanceof Value.Tombstone)) {
            return false;
        }
        VectorClock past = v.version().past();
        if (!lastWriteWins.test(w.key)) {
            return past.equals(w.context.clock());
        }
        long stamped = v.dot().timestampMillis() - SimScheduler.EPOCH_MILLIS;
        Causality c = w.context.clock().compare(past);
        return (c == Causality.BEFORE || c == Causality.EQUAL) && stamped >= w.startedAt
                && (w.answeredAt < 0 || stamped <= w.answeredAt);
    }

    /** Marks {@code w} acknowledged at {@code now}. */
    void acknowledged(Write w, long now) {
        w.acknowledged = true;
        w.acknowledgedAt = now;
    }

    /** Keeps a read that began at {@code startedAt}, checks it returned only versions clients wrote, counts divergence. */
    void read(Key key, long startedAt, long answeredAt, List<Versioned<Value>> versions) {
        answered.add(new Read(key, startedAt, answeredAt, List.copyOf(versions)));
        reads++;
        if (versions.size() > 1) {
            readsWithSiblings++;
        }
        for (Versioned<Value> v : versions) {
            Write w = writerOf(key, v);
            if (w == null || !w.key.equals(key)) {
                phantoms.add("a read of " + key + " returned " + v + ", which no client wrote to it");
            }
        }
    }
}
