package io.dynacart.web.traffic;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.identity.Key;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Background shoppers, so that the cluster page's charts move: at a gentle rate each visit reads a
 * basket under {@code shopper:{n}}, and about a third of visits write it back with the read's
 * context (which reconciles any siblings the read saw). One visit in {@value #TWO_DEVICES_PERCENT}
 * hundred is a shopper on two devices at once: both write from the same read, so the next read of
 * that basket sees two versions, as a real cart does when two tabs race.
 *
 * <p>Visits are open-loop on a timer, at most {@value #MAX_IN_FLIGHT} at a time: when the cluster
 * cannot answer, visits are skipped rather than queued.
 */
public final class Shoppers implements AutoCloseable {

    static final int TWO_DEVICES_PERCENT = 2;
    static final int MAX_IN_FLIGHT = 50;
    private static final int BASKETS = 500;

    private final KvStore store;
    private final ScheduledExecutorService timer;
    private final SplittableRandom random;
    private final AtomicInteger inFlight = new AtomicInteger();
    private ScheduledFuture<?> task;
    private int rate;

    /** @param store where the shoppers read and write (metered, so their calls show on the charts) */
    public Shoppers(KvStore store, ScheduledExecutorService timer, long seed) {
        this.store = store;
        this.timer = timer;
        this.random = new SplittableRandom(seed);
    }

    /** Starts visiting at {@code perSecond} visits a second (1..1000), or changes the rate. */
    public synchronized void start(int perSecond) {
        if (perSecond < 1 || perSecond > 1000) {
            throw new IllegalArgumentException("shoppers visit 1 to 1000 times a second, not " + perSecond);
        }
        stop();
        rate = perSecond;
        long periodMicros = 1_000_000L / perSecond;
        task = timer.scheduleAtFixedRate(this::visit, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
    }

    public synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    public synchronized boolean running() {
        return task != null;
    }

    /** Visits a second when running (the last rate set, else 0). */
    public synchronized int rate() {
        return rate;
    }

    private void visit() {
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            return;
        }
        int basket;
        int dice;
        synchronized (random) {
            basket = random.nextInt(BASKETS);
            dice = random.nextInt(100);
        }
        Key key = Key.of("shopper:" + basket);
        CompletableFuture<?> done;
        try {
            done = store.get(key).thenCompose(read -> {
                if (dice < TWO_DEVICES_PERCENT) {
                    return CompletableFuture.allOf(write(key, read, "phone"), write(key, read, "laptop"));
                }
                return dice < 35 ? write(key, read, "browser") : CompletableFuture.<Void>completedFuture(null);
            });
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        done.whenComplete((v, e) -> inFlight.decrementAndGet());
    }

    private CompletableFuture<Void> write(Key key, GetResult read, String device) {
        byte[] value = ("basket of " + key + " from " + device + " at " + System.nanoTime())
                .getBytes(StandardCharsets.UTF_8);
        return store.put(key, read.context(), value).thenApply(c -> null);
    }

    @Override
    public void close() {
        stop();
    }
}
