package io.dynacart.store.storage;

import static io.dynacart.store.storage.StorageContract.X;
import static io.dynacart.store.storage.StorageContract.text;
import static io.dynacart.store.storage.StorageContract.values;
import static io.dynacart.store.storage.StorageContract.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A storage thread that dies, of anything, fails the storage loudly: every write is refused at once
 * with {@link StorageFailedException} naming the thread and the cause, writers already waiting for
 * the dead thread are woken with it (nobody waits forever), reads still answer, and every write
 * acknowledged before is replayed when the directory is opened again. The deaths are injected
 * through {@link StorageHooks}, the seam made for this.
 */
class StorageThreadDeathIT {

    /** Refused writes must fail in about the time a write takes, not after a timeout. */
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private final ExecutorService writers = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopWriters() {
        writers.shutdownNow();
    }

    private StorageConfig config(StorageHooks hooks) {
        return StorageConfig.defaults(dir.resolve("n1")).withPartitioner(new Partitioner(16)).withHooks(hooks);
    }

    private static void put(Storage s, String key, String value) {
        Key k = Key.of(key);
        s.put(k, version(s, k, X, Context.of(s.get(k)), text(value)));
    }

    /** Throws {@code error} from the hook point once armed. */
    private static final class Bomb {
        final AtomicBoolean armed = new AtomicBoolean();

        void go() {
            if (armed.get()) {
                throw new OutOfMemoryError("injected by the test");
            }
        }
    }

    @Test
    void anApplierThatDiesOfAnErrorFailsEveryLaterWriteAtOnceAndLosesNothingAcknowledged() throws Exception {
        Bomb bomb = new Bomb();
        List<String> told = new CopyOnWriteArrayList<>();
        try (SqliteStorage s = SqliteStorage.open(config(new StorageHooks() {
            @Override
            public void beforeApply(int records) {
                bomb.go();
            }
        }))) {
            s.onFailure(told::add);
            put(s, "before", "applied");
            s.flush();
            bomb.armed.set(true);
            put(s, "acked", "in the log"); // acknowledged: in the log; the applier dies applying it
            Await.until("the storage to fail and tell", Duration.ofSeconds(10), () -> !told.isEmpty());

            long start = System.nanoTime();
            assertThatThrownBy(() -> put(s, "after", "refused"))
                    .isInstanceOf(StorageFailedException.class)
                    .hasMessageContaining("storage-applier-n1")
                    .hasMessageContaining("OutOfMemoryError: injected by the test")
                    .hasMessageContaining("takes no writes until it is restarted");
            assertThatThrownBy(s::flush).as("waiting for the dead applier fails instead of hanging")
                    .isInstanceOf(StorageFailedException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
            assertThat(values(s.get(Key.of("acked")))).as("reads still see acknowledged writes")
                    .containsExactly(text("in the log"));
            assertThat(told).as("the listener heard once").hasSize(1);
            assertThat(told.get(0)).contains("storage-applier-n1");
        }
        try (SqliteStorage again = SqliteStorage.open(config(StorageHooks.NONE))) {
            assertThat(again.failure()).isEmpty();
            assertThat(values(again.get(Key.of("before")))).containsExactly(text("applied"));
            assertThat(values(again.get(Key.of("acked")))).as("replayed from the log").containsExactly(text("in the log"));
            assertThat(again.get(Key.of("after"))).as("the refused write left nothing").isEmpty();
        }
    }

    @Test
    void writersWaitingForRoomAreWokenWithTheFailureWhenTheApplierDies() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StorageHooks hooks = new StorageHooks() {
            @Override
            public void beforeApply(int records) {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new StackOverflowError("injected by the test");
            }
        };
        try (SqliteStorage s = SqliteStorage.open(config(hooks), 4, RecentSiblingSets.DEFAULT_BUDGET_BYTES)) {
            try {
                put(s, "first", "v"); // the applier takes it alone and holds it
                assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
                List<Future<?>> blocked = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    int writer = w;
                    blocked.add(writers.submit(() -> {
                        for (int i = 0; i < 20; i++) {
                            put(s, "w" + writer + "-" + i, "v");
                        }
                    }));
                }
                Await.until("the queue to fill, so that writers wait", Duration.ofSeconds(10),
                        () -> s.backlog() == 3);
                release.countDown();
                for (Future<?> f : blocked) {
                    assertThat(causeOf(f)).as("each writer stopped with the failure")
                            .isInstanceOf(StorageFailedException.class);
                }
                assertThat(s.failure().orElseThrow()).contains("StackOverflowError");
            } finally {
                release.countDown();
            }
        }
    }

    /** What {@code f} failed with, waiting at most a few seconds for it. */
    private static Throwable causeOf(Future<?> f) throws Exception {
        try {
            f.get(PROMPTLY.toMillis() * 2, TimeUnit.MILLISECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void aSyncerThatDiesFailsTheWriteWaitingForTheDiskAndEveryLaterOne() throws Exception {
        Bomb bomb = new Bomb();
        StorageHooks hooks = new StorageHooks() {
            @Override
            public void beforeForce() {
                bomb.go();
            }
        };
        try (SqliteStorage s = SqliteStorage.open(config(hooks).withDurability(Durability.FSYNC))) {
            put(s, "durable", "v");
            bomb.armed.set(true);
            long start = System.nanoTime();
            assertThatThrownBy(() -> put(s, "waits-for-disk", "v")).isInstanceOf(StorageFailedException.class)
                    .hasMessageContaining("storage-syncer-n1");
            assertThatThrownBy(() -> put(s, "later", "v")).isInstanceOf(StorageFailedException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
            assertThat(values(s.get(Key.of("durable")))).containsExactly(text("v"));
        }
    }

    @Test
    void anApplierStuckForLongerThanWritersMayWaitMakesWritesFailFastUntilItCatchesUp() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean stall = new AtomicBoolean(true);
        StorageHooks hooks = new StorageHooks() {
            @Override
            public void beforeApply(int records) {
                if (stall.get()) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        try (SqliteStorage s = SqliteStorage.open(config(hooks), 2, RecentSiblingSets.DEFAULT_BUDGET_BYTES)) {
            try {
                stallAndRecover(s, stall, release);
            } finally {
                release.countDown();
            }
        }
        try (SqliteStorage again = SqliteStorage.open(config(StorageHooks.NONE))) {
            assertThat(again.get(Key.of("d"))).as("nor in the log").isEmpty();
            assertThat(values(again.get(Key.of("b")))).containsExactly(text("v"));
        }
    }

    private static void stallAndRecover(SqliteStorage s, AtomicBoolean stall, CountDownLatch release) {
        put(s, "a", "v"); // the applier takes it and stalls
        Await.until("the applier to hold a batch", Duration.ofSeconds(10), () -> s.backlog() == 0);
        put(s, "b", "v"); // with "a" still unapplied, the room for 2 is taken
        long start = System.nanoTime();
        assertThatThrownBy(() -> put(s, "c", "v")).isInstanceOf(StorageBusyException.class)
                .hasMessageContaining("nothing was written");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("one writer waited the whole patience")
                .isGreaterThanOrEqualTo(Duration.ofMillis(LogApplier.ROOM_WAIT_MILLIS));
        long second = System.nanoTime();
        assertThatThrownBy(() -> put(s, "d", "v")).isInstanceOf(StorageBusyException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - second)).as("later writers do not wait again")
                .isLessThan(PROMPTLY);
        assertThat(s.failure()).as("a stuck applier is not a dead one").isEmpty();

        stall.set(false);
        release.countDown();
        s.flush();
        put(s, "f", "v");
        assertThat(values(s.get(Key.of("f")))).containsExactly(text("v"));
        assertThat(s.get(Key.of("c"))).as("the refused write left nothing").isEmpty();
    }
}
