package io.dynacart.store.storage;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Sibling sets in memory, so that most reads of a node's own replicas never reach SQLite:
 * <ul>
 *   <li><b>pending</b>: acknowledged (in the log) but not yet in SQLite. Reads look here first, so a
 *       node reads its own writes before their batch commits. Never evicted.</li>
 *   <li><b>applied</b>: a copy of what SQLite holds, from a write once its batch committed or from a
 *       read that had to go to SQLite. Evicted oldest first past {@code budgetBytes} (counted in
 *       stored bytes: the encoded size, about half the decoded objects' heap).</li>
 * </ul>
 * Kept exact by construction: every change of a key's sibling set goes through the storage's write
 * path, which puts the new set here as pending under the key's lock before it is logged; the applier
 * turns an entry applied only if no newer write replaced it; and a set read from SQLite is put here
 * only under the key's lock (so nothing newer is pending or on its way to SQLite) and only where no
 * entry is.
 */
final class RecentSiblingSets {

    /**
     * Stored bytes of applied sets kept by default, per storage: a sixteenth of the JVM's maximum
     * heap, between 8 MiB and 512 MiB. The objects of a kept set take about twice its stored bytes,
     * so a node process (one storage) spends about an eighth of its heap on them; a JVM running a
     * whole cluster in-process (tests, benchmarks) keeps its working sets small.
     */
    static final long DEFAULT_BUDGET_BYTES = Math.max(8L << 20, Math.min(512L << 20, Runtime.getRuntime().maxMemory() / 16));
    /** What an entry costs beyond its stored bytes (the key, the map's node): an empty set is not free. */
    static final long ENTRY_OVERHEAD_BYTES = 64;

    /** A key's siblings as of log sequence {@code seq} (0: read from SQLite), with their stored size. */
    record Entry(List<Versioned<Value>> siblings, long storedBytes, long seq, boolean applied) {
        Entry asApplied() {
            return new Entry(siblings, storedBytes, seq, true);
        }
    }

    /** An applied entry as it was admitted: stale once the key holds another entry (or none). */
    private record Admitted(Key key, Entry entry) {
    }

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    /** Applied entries in the order they were admitted, stale ones among them until polled. */
    private final Queue<Admitted> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong appliedBytes = new AtomicLong();
    private final long budgetBytes;

    RecentSiblingSets(long budgetBytes) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("budget must be >= 0 bytes, was " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
    }

    Entry get(Key key) {
        return entries.get(key);
    }

    /** A write's new set, logged but not in SQLite: replaces whatever was kept for the key. Under the key's lock. */
    void pending(Key key, Entry entry) {
        if (entry.applied()) {
            throw new IllegalArgumentException("a pending entry cannot be applied already");
        }
        entries.compute(key, (k, old) -> {
            if (old != null && old.applied()) {
                appliedBytes.addAndGet(-charge(old));
            }
            return entry;
        });
    }

    /** SQLite now holds {@code entry}: kept as a copy of it, unless a newer write took its place. */
    void applied(Key key, Entry entry) {
        Entry[] kept = {null};
        entries.computeIfPresent(key, (k, current) -> {
            if (current != entry) {
                return current;
            }
            kept[0] = entry.asApplied();
            return kept[0];
        });
        if (kept[0] != null) {
            admitted(key, kept[0]);
        }
    }

    /** A set just read from SQLite under the key's lock: kept unless an entry is there already. */
    void loaded(Key key, Entry entry) {
        if (!entry.applied()) {
            throw new IllegalArgumentException("a loaded entry is applied by definition");
        }
        if (entries.putIfAbsent(key, entry) == null) {
            admitted(key, entry);
        }
    }

    /** Forgets the applied copies of the keys {@code dropped} accepts (their rows are gone from SQLite). */
    void forgetApplied(Predicate<Key> dropped) {
        for (Key key : entries.keySet()) {
            if (dropped.test(key)) {
                evict(key);
            }
        }
    }

    private void admitted(Key key, Entry entry) {
        appliedBytes.addAndGet(charge(entry));
        order.add(new Admitted(key, entry));
        queued.incrementAndGet();
        while (appliedBytes.get() > budgetBytes) {
            Admitted oldest = order.poll();
            if (oldest == null) {
                return;
            }
            queued.decrementAndGet();
            entries.computeIfPresent(oldest.key(), (k, current) -> {
                if (current != oldest.entry()) {
                    return current; // stale: the key was written or evicted since
                }
                appliedBytes.addAndGet(-charge(current));
                return null;
            });
        }
        dropStale();
    }

    /**
     * Keeps the queue within twice the entries (plus slack): a key written over and over within the
     * budget would otherwise leave one stale item per write. Live items polled go to the back.
     */
    private void dropStale() {
        int limit = 2 * entries.size() + 1024;
        for (int passes = queued.get(); queued.get() > limit && passes > 0; passes--) {
            Admitted a = order.poll();
            if (a == null) {
                return;
            }
            queued.decrementAndGet();
            if (entries.get(a.key()) == a.entry()) {
                order.add(a);
                queued.incrementAndGet();
            }
        }
    }

    private void evict(Key key) {
        entries.computeIfPresent(key, (k, current) -> {
            if (!current.applied()) {
                return current;
            }
            appliedBytes.addAndGet(-charge(current));
            return null;
        });
    }

    private static long charge(Entry entry) {
        return entry.storedBytes() + ENTRY_OVERHEAD_BYTES;
    }

    /** Entries kept, pending and applied. */
    int size() {
        return entries.size();
    }

    /** Items in the eviction queue, stale ones included (bounded by about twice the entries). */
    int queued() {
        return queued.get();
    }

    /** What the applied entries kept cost: their stored bytes plus an overhead each. */
    long appliedBytes() {
        return appliedBytes.get();
    }
}
