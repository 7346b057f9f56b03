package io.dynacart.loadgen;

import io.dynacart.loadgen.fault.FaultTarget;
import io.dynacart.loadgen.target.Target;
import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.api.Value;
import io.dynacart.store.cluster.FaultAction;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory store that answers at once and keeps its own ledger of what it answered, for checking
 * a report's numbers: every 10th get fails (quorum), every 7th successful get returns the value
 * twice (two versions), a key never written returns nothing. The ledger stops counting once the run
 * heals the target, i.e. when the load has ended and the read-back begins.
 */
final class LedgerStore implements KvStore, Target, FaultTarget {

    private final Map<Key, byte[]> data = new ConcurrentHashMap<>();
    private volatile boolean counting = true;
    /** When set, every key starting with this is forgotten once the load ends: a store that loses data. */
    volatile String loseAtHeal;
    /** Gets the kv workload's preload makes (one read per key before its first write): answered, not counted. */
    private int preloadGets;
    int gets;
    int puts;
    int failedGets;
    final long[] versionsAnswered = new long[5];

    LedgerStore() {
    }

    /** A store for a kv run of {@code keys} keys, whose preload reads each key once before the run counts. */
    static LedgerStore forKvKeys(int keys) {
        LedgerStore store = new LedgerStore();
        store.preloadGets = keys;
        return store;
    }

    @Override
    public Quorum defaultQuorum() {
        return Quorum.DEFAULT;
    }

    @Override
    public synchronized CompletableFuture<GetResult> get(Key key, Quorum quorum) {
        int n = 0;
        if (preloadGets > 0) {
            preloadGets--;
        } else if (counting) {
            gets++;
            if (gets % 10 == 0) {
                failedGets++;
                return CompletableFuture.failedFuture(new QuorumNotReachedException("get", 2, 1, List.of(NodeId.of("n2"))));
            }
            n = gets;
        }
        byte[] v = data.get(key);
        List<Versioned<Value>> siblings = new ArrayList<>();
        if (v != null) {
            int copies = n > 0 && n % 7 == 0 ? 2 : 1;
            for (int i = 0; i < copies; i++) {
                siblings.add(new Versioned<>(DottedVersionVector.forWrite(NodeId.of("n" + (i + 1)), 0, Context.EMPTY,
                        List.of(), 10), Value.of(v)));
            }
        }
        if (n > 0) {
            versionsAnswered[Math.min(siblings.size(), 4)]++;
        }
        return CompletableFuture.completedFuture(GetResult.of(key, siblings));
    }

    @Override
    public synchronized CompletableFuture<Context> put(Key key, Context context, byte[] value, Quorum quorum) {
        if (counting) {
            puts++;
        }
        data.put(key, value.clone());
        return CompletableFuture.completedFuture(Context.EMPTY);
    }

    @Override
    public CompletableFuture<Context> delete(Key key, Context context, Quorum quorum) {
        data.remove(key);
        return CompletableFuture.completedFuture(Context.EMPTY);
    }

    @Override
    public KvStore coordinatedBy(int index) {
        return this;
    }

    @Override
    public int coordinators() {
        return 1;
    }

    @Override
    public FaultTarget faults() {
        return this;
    }

    @Override
    public void apply(FaultAction action) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String refusal() {
        return "an in-memory store has no nodes to fault";
    }

    @Override
    public void healAll() {
        counting = false;
        if (loseAtHeal != null) {
            data.keySet().removeIf(k -> k.toString().startsWith(loseAtHeal));
        }
    }

    @Override
    public String describe() {
        return "in-memory ledger store";
    }

    @Override
    public void close() {
    }
}
