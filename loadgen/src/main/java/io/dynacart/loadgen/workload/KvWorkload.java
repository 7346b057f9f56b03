package io.dynacart.loadgen.workload;

import io.dynacart.loadgen.target.Target;
import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Versioned;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads and updates of {@code keys} keys ({@code kv:0} ...), uniform or zipfian, values of a fixed
 * size. Each key has one writer at a time: an update that picks a key with an update out goes to
 * another key (four tries), else becomes a read — so every key's last acknowledged write is well
 * defined. An update writes with the context of everything the run has seen of the key (the
 * contexts of its reads and acknowledgements, merged), so it supersedes what was seen: a read that
 * began before the last acknowledgement and ends after it must not make the next update concurrent
 * with that acknowledged write. A value starts with its sequence number, so the check can tell which
 * write it is. Requests are spread over every coordinator in turn.
 */
public final class KvWorkload implements Workload {

    public static final List<String> OPERATIONS = List.of("read", "update");

    private final Target target;
    private final int keys;
    private final int valueSize;
    private final double readShare;
    private final KeyChooser chooser;
    private final SplittableRandom random;
    private final List<KvStore> stores = new ArrayList<>();
    private final KeyState[] state;
    private final AtomicLong coordinator = new AtomicLong();
    private final AtomicLong updatesTurnedIntoReads = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();

    /** What the run knows of one key. */
    private static final class KeyState {
        final AtomicBoolean writing = new AtomicBoolean();
        private Context context = Context.EMPTY;
        volatile long lastAcked = -1;
        long nextSeq;
        long acked;

        /** Adds what a read or an acknowledgement showed of the key. */
        synchronized void saw(Context seen) {
            context = context.merge(seen);
        }

        synchronized Context context() {
            return context;
        }
    }

    public KvWorkload(Target target, int keys, int valueSize, double readShare, String distribution, long seed) {
        if (keys < 1) {
            throw new IllegalArgumentException("at least one key, was " + keys);
        }
        if (valueSize < 8 || valueSize > Value.MAX_BYTES) {
            throw new IllegalArgumentException("values are 8 to " + Value.MAX_BYTES + " bytes, was " + valueSize);
        }
        if (readShare < 0 || readShare > 1) {
            throw new IllegalArgumentException("the read share is 0 to 1, was " + readShare);
        }
        this.target = target;
        this.keys = keys;
        this.valueSize = valueSize;
        this.readShare = readShare;
        this.chooser = KeyChooser.named(distribution, keys);
        this.random = new SplittableRandom(seed);
        this.state = new KeyState[keys];
        for (int i = 0; i < keys; i++) {
            state[i] = new KeyState();
        }
    }

    @Override
    public String name() {
        return "kv";
    }

    @Override
    public List<String> operations() {
        return OPERATIONS;
    }

    /** Updates that found every key they tried being written and were sent as reads instead. */
    public long updatesTurnedIntoReads() {
        return updatesTurnedIntoReads.get();
    }

    /**
     * Writes every key once (sequence 0), 64 at a time, so reads find something. Each write carries the
     * context of a read of the key just before it, so that on a cluster a previous run has written it
     * supersedes what is there instead of adding a sibling to every key.
     */
    @Override
    public void prepare(Duration deadline) {
        for (int i = 0; i < target.coordinators(); i++) {
            stores.add(target.coordinatedBy(i));
        }
        long end = System.nanoTime() + deadline.toNanos();
        Semaphore window = new Semaphore(64);
        for (int i = 0; i < keys; i++) {
            acquire(window, 1, end);
            state[i].writing.set(true);
            int k = i;
            store().get(key(k)).thenAccept(r -> state[k].saw(r.context()))
                    .handle((v, e) -> write(k)).thenCompose(w -> w)
                    .whenComplete((v, e) -> window.release());
        }
        acquire(window, 64, end);
    }

    private void acquire(Semaphore s, int permits, long end) {
        try {
            if (!s.tryAcquire(permits, Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("preloading " + keys + " keys did not finish in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preloading", e);
        }
    }

    private KvStore store() {
        return stores.get((int) (coordinator.getAndIncrement() % stores.size()));
    }

    private static Key key(int i) {
        return Key.of("kv:" + i);
    }

    @Override
    public synchronized Request next() {
        int k = chooser.next(random);
        if (random.nextDouble() < readShare) {
            return request("read", k);
        }
        for (int attempt = 0; attempt < 4; attempt++) {
            if (state[k].writing.compareAndSet(false, true)) {
                return request("update", k);
            }
            k = chooser.next(random);
        }
        updatesTurnedIntoReads.incrementAndGet();
        return request("read", k);
    }

    private Request request(String operation, int k) {
        return new Request() {
            @Override
            public String operation() {
                return operation;
            }

            @Override
            public CompletableFuture<Integer> start() {
                return operation.equals("read") ? read(k) : write(k).thenApply(ctx -> -1);
            }

            @Override
            public void abandon() {
                if (operation.equals("update")) {
                    state[k].writing.set(false);
                }
            }
        };
    }

    private CompletableFuture<Integer> read(int k) {
        try {
            return store().get(key(k)).thenApply(r -> {
                state[k].saw(r.context());
                return r.versionCount();
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Writes the key's next value; the caller has set its writing flag, released here when the store answers. */
    private CompletableFuture<Context> write(int k) {
        KeyState s = state[k];
        long seq = s.nextSeq++;
        pending.incrementAndGet();
        CompletableFuture<Context> put;
        try {
            put = store().put(key(k), s.context(), value(seq));
        } catch (RuntimeException e) {
            put = CompletableFuture.failedFuture(e);
        }
        put.whenComplete((ctx, failure) -> {
            if (failure == null) {
                s.saw(ctx);
                s.lastAcked = seq;
                s.acked++;
            }
            s.writing.set(false);
            pending.decrementAndGet();
        });
        return put;
    }

    private byte[] value(long seq) {
        byte[] v = new byte[valueSize];
        ByteBuffer.wrap(v).putLong(seq);
        for (int i = 8; i < v.length; i++) {
            v[i] = (byte) ('a' + (i % 26));
        }
        return v;
    }

    static long sequenceOf(byte[] value) {
        return value.length < 8 ? -1 : ByteBuffer.wrap(value).getLong();
    }

    @Override
    public Correctness verify(Duration deadline) {
        long began = System.nanoTime();
        long end = began + deadline.toNanos();
        long patience = began + Math.min(deadline.toNanos() / 4, TimeUnit.SECONDS.toNanos(15));
        while (pending.get() > 0 && System.nanoTime() < patience) {
            Waiting.sleep(20);
        }
        // A write the store never answered is not acknowledged; it may still land, which the check allows.
        int unanswered = pending.get();
        KvReadBack readBack = new KvReadBack(stores, keys, k -> state[k].lastAcked);
        readBack.run(end);
        long ackedWrites = 0;
        for (KeyState s : state) {
            ackedWrites += s.acked;
        }
        return readBack.result(ackedWrites, unanswered, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }

    /** The sequence numbers among {@code read}'s values. */
    static List<Long> sequences(GetResult read) {
        List<Long> out = new ArrayList<>();
        for (Versioned<Value> v : read.siblings()) {
            if (v.value() instanceof Value.Bytes b) {
                out.add(sequenceOf(b.toByteArray()));
            }
        }
        return out;
    }
}
