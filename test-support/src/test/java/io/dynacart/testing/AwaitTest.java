package io.dynacart.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void returnsAsSoonAsTheConditionHolds() {
        AtomicInteger looks = new AtomicInteger();
        Await.until("the third look", Duration.ofSeconds(10), () -> looks.incrementAndGet() >= 3);
        assertThat(looks).as("the condition is not asked again once it holds").hasValue(3);
    }

    @Test
    void aTimeoutNamesWhatWasAwaitedAndForHowLong() {
        assertThatThrownBy(() -> Await.until("the moon to turn blue", Duration.ofMillis(30), () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessage("timed out after 30 ms waiting for the moon to turn blue");
    }

    @Test
    void aFuturesValueComesBackAndItsFailureIsRethrownAsIs() {
        assertThat(Await.of(CompletableFuture.completedFuture("v"))).isEqualTo("v");
        IllegalStateException failure = new IllegalStateException("no quorum");
        assertThatThrownBy(() -> Await.of(CompletableFuture.failedFuture(failure))).isSameAs(failure);
    }
}
