package io.dynacart.store.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The fuzz tests' watchdog sees each thing it watches for, and nothing else. */
class WatchdogTest {

    private static final Logger LOG = LoggerFactory.getLogger("io.dynacart.test.watchdog");

    @Test
    void anUncaughtExceptionIsAProblem() throws InterruptedException {
        try (Watchdog watchdog = new Watchdog()) {
            Thread t = new Thread(() -> {
                throw new IllegalStateException("on purpose");
            }, "dies-of-it");
            t.start();
            t.join();
            assertThat(watchdog.problems()).singleElement().asString()
                    .contains("uncaught exception in thread dies-of-it").contains("on purpose");
        }
    }

    @Test
    void anErrorOrAWarningWithAStackTraceIsAProblemAndAPlainWarningIsCounted() {
        try (Watchdog watchdog = new Watchdog().quiet("io.dynacart.test.watchdog")) {
            LOG.warn("a refusal, as the transport logs one per bad connection");
            assertThat(watchdog.problems()).isEmpty();
            assertThat(watchdog.warnings()).containsEntry("io.dynacart.test.watchdog", 1);
            LOG.warn("closing after an unexpected error", new IllegalArgumentException("bug"));
            LOG.error("failed unexpectedly");
            assertThat(watchdog.problems()).hasSize(2).anyMatch(p -> p.contains("IllegalArgumentException: bug"))
                    .anyMatch(p -> p.contains("ERROR") && p.contains("failed unexpectedly"));
        }
    }

    @Test
    void aWatchedThreadThatEndsIsAProblem() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "watched-loop");
        t.start();
        try (Watchdog watchdog = new Watchdog().watchThreads("watched-")) {
            assertThat(watchdog.watchedThreads()).isEqualTo(1);
            assertThat(watchdog.problems()).isEmpty();
            release.countDown();
            t.join();
            assertThat(watchdog.problems()).containsExactly("thread watched-loop died");
        }
    }
}
