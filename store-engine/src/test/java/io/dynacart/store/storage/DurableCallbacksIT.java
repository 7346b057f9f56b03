package io.dynacart.store.storage;

import static io.dynacart.store.storage.StorageContract.X;
import static io.dynacart.store.storage.StorageContract.text;
import static io.dynacart.store.storage.StorageContract.values;
import static io.dynacart.store.storage.StorageContract.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Storage#mergeNoWait}: a write is stored when the call returns and its caller is called back
 * once it is durable, never before the force that covers it, never after a force that failed; one
 * force covers every write that waited for it (group commit). The forces are counted, held and broken
 * through the storage's test seam ({@link StorageHooks#beforeForce}).
 */
class DurableCallbacksIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** Counts forces; holds each one at its start while {@code held} is closed; fails them once {@code broken}. */
    private static final class Forces implements StorageHooks {
        final AtomicInteger begun = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicBoolean holding = new AtomicBoolean();
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean broken = new AtomicBoolean();
        final AtomicBoolean holdingApply = new AtomicBoolean();
        final CountDownLatch releaseApply = new CountDownLatch(1);
        final CountDownLatch applyEntered = new CountDownLatch(1);

        @Override
        public void beforeApply(int records) {
            if (holdingApply.get()) {
                applyEntered.countDown();
                try {
                    releaseApply.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void beforeForce() {
            begun.incrementAndGet();
            entered.countDown();
            if (holding.get()) {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (broken.get()) {
                throw new IllegalStateException("fdatasync failed (injected by the test)");
            }
        }
    }

    private SqliteStorage open(Durability mode, Forces forces) {
        return SqliteStorage.open(StorageConfig.defaults(dir.resolve("n1")).withPartitioner(new Partitioner(16))
                .withDurability(mode).withHooks(forces));
    }

    private static Merged write(Storage s, String key, String value, boolean forced) {
        Key k = Key.of(key);
        return s.mergeNoWait(k, List.of(version(s, k, X, Context.of(s.get(k)), text(value))), forced);
    }

    @Test
    void oneForceCoversEveryWriteThatWaitedAndTheCallbacksRunInWriteOrderAfterIt() throws Exception {
        Forces forces = new Forces();
        forces.holding.set(true);
        try (SqliteStorage s = open(Durability.FSYNC, forces)) {
            List<Integer> called = new CopyOnWriteArrayList<>();
            List<Merged> merged = new ArrayList<>();
            merged.add(write(s, "k0", "v0", false));
            merged.get(0).whenDurable(Runnable::run, () -> called.add(0), e -> called.add(-1));
            assertThat(forces.entered.await(30, TimeUnit.SECONDS)).as("the syncer began a force").isTrue();
            for (int i = 1; i <= 50; i++) {
                int n = i;
                merged.add(write(s, "k" + i, "v" + i, false));
                merged.get(i).whenDurable(Runnable::run, () -> called.add(n), e -> called.add(-1));
            }
            assertThat(values(s.get(Key.of("k50")))).as("stored, and read back, before it is durable")
                    .containsExactly(text("v50"));
            assertThat(called).as("no write is durable while the force is held").isEmpty();
            assertThat(merged).noneMatch(Merged::durableAtOnce);

            forces.release.countDown();
            Await.until("every write to be durable", DEADLINE, () -> called.size() == 51);
            List<Integer> inOrder = new ArrayList<>();
            for (int i = 0; i <= 50; i++) {
                inOrder.add(i);
            }
            assertThat(called).as("called back once each, in the order written").isEqualTo(inOrder);
            assertThat(forces.begun.get()).as("one force covered all 51 writes: group commit").isEqualTo(1);
        }
    }

    @Test
    void theBlockingMergeStillReturnsOnlyOnceDurable() throws Exception {
        Forces forces = new Forces();
        forces.holding.set(true);
        try (SqliteStorage s = open(Durability.FSYNC, forces)) {
            CountDownLatch returned = new CountDownLatch(1);
            Thread writer = new Thread(() -> {
                Key k = Key.of("blocking");
                s.merge(k, List.of(version(s, k, X, Context.EMPTY, text("v"))));
                returned.countDown();
            });
            writer.start();
            assertThat(forces.entered.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(returned.getCount()).as("merge has not returned while its force is held").isEqualTo(1);
            forces.release.countDown();
            assertThat(returned.await(30, TimeUnit.SECONDS)).as("merge returns once the force is done").isTrue();
            writer.join();
        }
    }

    @Test
    void aFailedForceFailsTheCallbacksNeverRunsThemAndFailsTheStorage() throws Exception {
        Forces forces = new Forces();
        forces.holding.set(true);
        forces.broken.set(true);
        try (SqliteStorage s = open(Durability.FSYNC, forces)) {
            List<String> durable = new CopyOnWriteArrayList<>();
            List<Throwable> failed = new CopyOnWriteArrayList<>();
            write(s, "first", "v", false).whenDurable(Runnable::run, () -> durable.add("first"), failed::add);
            assertThat(forces.entered.await(30, TimeUnit.SECONDS)).isTrue();
            write(s, "second", "v", false).whenDurable(Runnable::run, () -> durable.add("second"), failed::add);
            forces.release.countDown();

            Await.until("both callbacks to hear of the failure", DEADLINE, () -> failed.size() == 2);
            assertThat(durable).as("a write whose force failed is never reported durable").isEmpty();
            assertThat(failed).allSatisfy(e -> assertThat(e).isInstanceOf(StorageFailedException.class)
                    .hasMessageContaining("storage-syncer-n1"));
            assertThat(s.failure()).isPresent();
            assertThatThrownBy(() -> write(s, "later", "v", false)).isInstanceOf(StorageFailedException.class);
        }
    }

    @Test
    void oneModeForcesOnlyTheWritesAskedToAndTheHints() throws Exception {
        Forces forces = new Forces();
        try (SqliteStorage s = open(Durability.ONE, forces)) {
            assertThat(s.durability()).isEqualTo(Durability.ONE);
            Merged buffered = write(s, "buffered", "v", false);
            assertThat(buffered.durableAtOnce()).as("a replica that is not the durable one acks once appended")
                    .isTrue();
            assertThat(forces.begun.get()).as("and forces nothing").isZero();

            Merged forced = write(s, "forced", "v", true);
            CountDownLatch done = new CountDownLatch(1);
            forced.whenDurable(Runnable::run, done::countDown, e -> { });
            assertThat(done.await(30, TimeUnit.SECONDS)).as("the durable replica's write becomes durable").isTrue();
            assertThat(forces.begun.get()).as("after a force").isGreaterThanOrEqualTo(1);

            int before = forces.begun.get();
            Key k = Key.of("hinted");
            s.hints().put(NodeId.of("n2"), k, List.of(version(s, k, X, Context.EMPTY, text("h"))));
            assertThat(forces.begun.get()).as("a hint may be a put's durable copy: it is forced").isGreaterThan(before);
        }
    }

    @Test
    void processModeHonoursAForcedWriteAndIsDurableAtOnceOtherwise() throws Exception {
        Forces forces = new Forces();
        try (SqliteStorage s = open(Durability.PROCESS, forces)) {
            assertThat(write(s, "plain", "v", false).durableAtOnce()).isTrue();
            assertThat(forces.begun.get()).isZero();
            CountDownLatch done = new CountDownLatch(1);
            write(s, "asked", "v", true).whenDurable(Runnable::run, done::countDown, e -> { });
            assertThat(done.await(30, TimeUnit.SECONDS)).as("a write a ONE-mode coordinator asked to force is forced")
                    .isTrue();
            assertThat(forces.begun.get()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void writesWaitingForTheDiskAtCloseAreForcedNotDropped() throws Exception {
        Forces forces = new Forces();
        forces.holding.set(true);
        SqliteStorage s = open(Durability.FSYNC, forces);
        CountDownLatch done = new CountDownLatch(1);
        write(s, "at-close", "v", false).whenDurable(Runnable::run, done::countDown, e -> { });
        assertThat(forces.entered.await(30, TimeUnit.SECONDS)).isTrue();
        Thread closer = new Thread(s::close);
        closer.start();
        forces.release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(done.await(30, TimeUnit.SECONDS)).as("the write waiting at close was made durable").isTrue();
        try (SqliteStorage again = open(Durability.FSYNC, new Forces())) {
            assertThat(values(again.get(Key.of("at-close")))).containsExactly(text("v"));
        }
    }

    @Test
    void aHintChangeWaitsNeitherForSqliteNorForTheDiskAndSurvivesTheRestart() throws Exception {
        Forces forces = new Forces();
        forces.holding.set(true);
        forces.holdingApply.set(true);
        NodeId down = NodeId.of("n2");
        Key kept = Key.of("kept");
        Key delivered = Key.of("delivered");
        try (SqliteStorage s = open(Durability.FSYNC, forces)) {
            Merged first = s.hints().putNoWait(down, kept, List.of(version(s, kept, X, Context.EMPTY, text("h1"))), false);
            Merged other = s.hints().putNoWait(down, delivered,
                    List.of(version(s, delivered, X, Context.EMPTY, text("d"))), false);
            assertThat(forces.entered.await(30, TimeUnit.SECONDS)).as("the syncer began a force").isTrue();
            assertThat(forces.applyEntered.await(30, TimeUnit.SECONDS)).as("the SQLite writer is held").isTrue();
            assertThat(first.durableAtOnce()).as("in fsync mode a hint is durable only after a force").isFalse();

            // Neither SQLite nor the force has finished, and every hint read sees both changes.
            assertThat(s.hints().counts()).containsExactly(org.assertj.core.api.Assertions.entry(down, 2L));
            assertThat(values(s.hints().forKey(kept))).containsExactly(text("h1"));
            assertThat(s.hints().delete(down, delivered, other.siblings())).as("a delivered hint is deleted at once")
                    .isTrue();
            assertThat(s.hints().forNode(down, 10)).extracting(StoredHint::key).containsExactly(kept);

            CountDownLatch durable = new CountDownLatch(1);
            first.whenDurable(Runnable::run, durable::countDown, e -> { });
            assertThat(durable.getCount()).as("not durable while the force is held").isEqualTo(1);
            forces.release.countDown();
            forces.releaseApply.countDown();
            assertThat(durable.await(30, TimeUnit.SECONDS)).as("durable once forced").isTrue();
        } finally {
            forces.release.countDown();
            forces.releaseApply.countDown();
        }
        try (SqliteStorage again = open(Durability.FSYNC, new Forces())) {
            assertThat(again.hints().forNode(down, 10)).as("the kept hint is back after a restart, the delivered one is not")
                    .extracting(StoredHint::key).containsExactly(kept);
            assertThat(values(again.hints().forKey(kept))).containsExactly(text("h1"));
        }
    }
}
