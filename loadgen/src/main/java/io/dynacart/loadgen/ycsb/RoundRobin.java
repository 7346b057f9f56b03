package io.dynacart.loadgen.ycsb;

import io.dynacart.loadgen.target.Target;
import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** Each request coordinated by the next node of the target in turn. */
final class RoundRobin implements KvStore {

    private final List<KvStore> stores = new ArrayList<>();
    private final AtomicLong next = new AtomicLong();

    RoundRobin(Target target) {
        for (int i = 0; i < target.coordinators(); i++) {
            stores.add(target.coordinatedBy(i));
        }
    }

    private KvStore pick() {
        return stores.get((int) (next.getAndIncrement() % stores.size()));
    }

    @Override
    public Quorum defaultQuorum() {
        return stores.get(0).defaultQuorum();
    }

    @Override
    public CompletableFuture<GetResult> get(Key key, Quorum quorum) {
        return pick().get(key, quorum);
    }

    @Override
    public CompletableFuture<Context> put(Key key, Context context, byte[] value, Quorum quorum) {
        return pick().put(key, context, value, quorum);
    }

    @Override
    public CompletableFuture<Context> delete(Key key, Context context, Quorum quorum) {
        return pick().delete(key, context, quorum);
    }
}
