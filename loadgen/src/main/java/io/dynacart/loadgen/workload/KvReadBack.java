package io.dynacart.loadgen.workload;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.identity.Key;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;

/**
 * The end of a kv run: reads every key that had an acknowledged write, round after round, until
 * each read holds that write or a later one of the same writer, or the deadline passes.
 */
final class KvReadBack {

    private final List<KvStore> stores;
    private final IntToLongFunction lastAcked;
    private final List<Integer> open = new ArrayList<>();
    private final Map<Integer, GetResult> lastRead = new HashMap<>();
    private long checked;

    KvReadBack(List<KvStore> stores, int keys, IntToLongFunction lastAcked) {
        this.stores = stores;
        this.lastAcked = lastAcked;
        for (int k = 0; k < keys; k++) {
            if (lastAcked.applyAsLong(k) >= 0) {
                open.add(k);
            }
        }
        checked = open.size();
    }

    void run(long deadlineNanos) {
        int round = 0;
        while (!open.isEmpty() && System.nanoTime() < deadlineNanos) {
            round(round++, deadlineNanos);
            if (!open.isEmpty()) {
                Waiting.sleep(250);
            }
        }
    }

    private void round(int round, long deadlineNanos) {
        Semaphore window = new Semaphore(64);
        Map<Integer, CompletableFuture<GetResult>> reads = new HashMap<>();
        for (int k : open) {
            try {
                if (!window.tryAcquire(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            KvStore store = stores.get((k + round) % stores.size());
            CompletableFuture<GetResult> read;
            try {
                // Bounded: a request the store never answers must not hold up the read-back.
                read = store.get(Key.of("kv:" + k)).orTimeout(5, TimeUnit.SECONDS);
            } catch (RuntimeException e) {
                read = CompletableFuture.failedFuture(e);
            }
            read.whenComplete((r, e) -> window.release());
            reads.put(k, read);
        }
        List<Integer> still = new ArrayList<>();
        for (int k : open) {
            if (!reads.containsKey(k)) {
                still.add(k);
                continue;
            }
            try {
                long left = Math.max(1, deadlineNanos - System.nanoTime());
                GetResult r = reads.get(k).get(Math.min(left, TimeUnit.SECONDS.toNanos(10)), TimeUnit.NANOSECONDS);
                lastRead.put(k, r);
                if (!holds(r, lastAcked.applyAsLong(k))) {
                    still.add(k);
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                still.add(k);
            }
        }
        open.clear();
        open.addAll(still);
    }

    private static boolean holds(GetResult read, long acked) {
        return KvWorkload.sequences(read).stream().anyMatch(seq -> seq >= acked);
    }

    KvCorrectness result(long ackedWrites, int unanswered, long millis) {
        long missing = 0;
        long unread = 0;
        List<String> examples = new ArrayList<>();
        for (int k : open) {
            GetResult r = lastRead.get(k);
            if (r == null) {
                unread++;
                if (examples.size() < 10) {
                    examples.add("kv:" + k + " could not be read before the deadline");
                }
            } else {
                missing++;
                if (examples.size() < 10) {
                    examples.add("kv:" + k + " last acknowledged write #" + lastAcked.applyAsLong(k) + ", holds "
                            + KvWorkload.sequences(r));
                }
            }
        }
        long multi = lastRead.values().stream().filter(r -> r.versionCount() > 1).count();
        return new KvCorrectness(checked, ackedWrites, missing, unread, multi, unanswered, millis, examples);
    }
}
