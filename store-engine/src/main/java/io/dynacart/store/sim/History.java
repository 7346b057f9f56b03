package io.dynacart.store.sim;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** A read's answer, and when the client asked. */
    record Read(Key key, long startedAt, List<Versioned<Value>> versions) {
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
    private final Map<String, Write> byValue = new HashMap<>();
    long reads;
    long readsWithSiblings;

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
     * The write that made a version: by its unique value, or for a tombstone the delete of that key
     * whose context is the tombstone's past (deletes with one context read the same versions).
     */
    Write writerOf(Key key, Versioned<Value> v) {
        if (v.value() instanceof Value.Bytes b) {
            return byValue.get(new String(b.toByteArray(), StandardCharsets.UTF_8));
        }
        for (Write w : writes) {
            if (w.delete && w.key.equals(key) && w.context.clock().equals(v.version().past())) {
                return w;
            }
        }
        return null;
    }

    /** Marks {@code w} acknowledged at {@code now}. */
    void acknowledged(Write w, long now) {
        w.acknowledged = true;
        w.acknowledgedAt = now;
    }

    /** Keeps a read that began at {@code startedAt}, checks it returned only versions clients wrote, counts divergence. */
    void read(Key key, long startedAt, List<Versioned<Value>> versions) {
        answered.add(new Read(key, startedAt, List.copyOf(versions)));
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
