package io.dynacart.store.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Work handed off the loop runs on the worker, and its result or failure comes back on the loop. */
class OffLoopTest {

    private final ExecutorScheduler loop = new ExecutorScheduler("test-loop");
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-worker"));
    private final OffLoop offLoop = OffLoop.on(worker, loop);

    @AfterEach
    void stop() {
        loop.close();
        worker.shutdownNow();
    }

    @Test
    void theWorkRunsOnTheWorkerAndItsResultOnTheLoopWhichKeepsAnsweringMeanwhile() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> workThread = new CompletableFuture<>();
        CompletableFuture<String> resultThread = new CompletableFuture<>();
        loop.execute(() -> offLoop.run(() -> {
            workThread.complete(Thread.currentThread().getName());
            await(release);
            return 42;
        }, result -> resultThread.complete(Thread.currentThread().getName() + " got " + result), e -> { }));

        assertThat(workThread.get(10, TimeUnit.SECONDS)).isEqualTo("test-worker");
        CompletableFuture<String> meanwhile = new CompletableFuture<>();
        loop.execute(() -> meanwhile.complete("answered"));
        assertThat(meanwhile.get(10, TimeUnit.SECONDS)).as("the loop is free while the work blocks").isEqualTo("answered");
        assertThat(resultThread).isNotDone();

        release.countDown();
        assertThat(resultThread.get(10, TimeUnit.SECONDS)).isEqualTo("test-loop got 42");
    }

    @Test
    void aFailureComesBackOnTheLoop() throws Exception {
        CompletableFuture<String> failed = new CompletableFuture<>();
        loop.execute(() -> offLoop.run(() -> {
            throw new IllegalStateException("disk on fire");
        }, result -> failed.complete("succeeded?"), e -> failed.complete(Thread.currentThread().getName() + ": "
                + e.getMessage())));
        assertThat(failed.get(10, TimeUnit.SECONDS)).isEqualTo("test-loop: disk on fire");
    }

    @Test
    void aStoppedWorkerFailsTheWorkAtOnce() throws Exception {
        worker.shutdown();
        CompletableFuture<String> failed = new CompletableFuture<>();
        loop.execute(() -> offLoop.run(() -> 1, result -> failed.complete("ran?"), e -> failed.complete("refused")));
        assertThat(failed.get(10, TimeUnit.SECONDS)).isEqualTo("refused");
    }

    @Test
    void inlineRunsTheWorkThenItsResultOnTheCallingThread() {
        StringBuilder order = new StringBuilder();
        OffLoop.inline().run(() -> order.append("work;"), r -> order.append("done"), e -> order.append("failed"));
        assertThat(order).hasToString("work;done");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
