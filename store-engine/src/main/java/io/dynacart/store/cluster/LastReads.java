package io.dynacart.store.cluster;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A client's memory of its recent reads: per key, the context a read returned and the replica that
 * replied to it fastest. A put (or delete) that carries exactly that context goes to that replica
 * first (paper, section 6.4: "the coordinator for a write is chosen to be the node that replied
 * fastest to the previous read operation which is stored in the context information of the
 * request"), which also raises the chance that the client then reads its own write. A put with any
 * other context (a blind write, a merge of several reads) has no preference. Bounded: the oldest
 * reads are forgotten first. Thread-safe.
 */
final class LastReads {

    private record Read(Context context, NodeId fastest) {
    }

    private final Map<Key, Read> reads;

    LastReads(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.reads = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Read> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Remembers that the read of {@code key} that returned {@code context} was answered fastest by {@code fastest}. */
    void read(Key key, Context context, Optional<NodeId> fastest) {
        synchronized (reads) {
            if (fastest.isPresent()) {
                reads.remove(key); // re-inserted as the newest
                reads.put(key, new Read(context, fastest.get()));
            } else {
                reads.remove(key);
            }
        }
    }

    /** The replica to send a write of {@code key} with {@code context} to first, if that context came from a read remembered here. */
    Optional<NodeId> preferredFor(Key key, Context context) {
        synchronized (reads) {
            Read read = reads.get(key);
            return read != null && read.context().equals(context) ? Optional.of(read.fastest()) : Optional.empty();
        }
    }

    int size() {
        synchronized (reads) {
            return reads.size();
        }
    }
}
