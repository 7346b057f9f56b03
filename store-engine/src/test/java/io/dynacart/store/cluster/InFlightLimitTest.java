package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InFlightLimitTest {

    @Test
    void exchangesBeyondTheLimitWaitAndStartInArrivalOrderAsOthersFinish() {
        InFlightLimit limit = new InFlightLimit(2);
        List<CompletableFuture<Integer>> wire = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            answers.add(limit.submit(() -> {
                started.add(n);
                CompletableFuture<Integer> f = new CompletableFuture<>();
                wire.add(f);
                return f;
            }));
        }
        assertThat(started).as("only the limit starts at once").containsExactly(0, 1);
        assertThat(limit.load()).containsExactly(2, 3);

        wire.get(1).complete(1);
        assertThat(started).as("a finished exchange lets the oldest waiting one start").containsExactly(0, 1, 2);
        assertThat(answers.get(1)).isCompletedWithValue(1);

        wire.get(0).completeExceptionally(new IllegalStateException("refused"));
        assertThat(answers.get(0)).isCompletedExceptionally();
        assertThat(started).as("a failed exchange frees its slot too").containsExactly(0, 1, 2, 3);

        wire.get(2).complete(2);
        wire.get(3).complete(3);
        wire.get(4).complete(4);
        assertThat(answers).allSatisfy(a -> assertThat(a).isDone());
        assertThat(limit.load()).as("nothing left running or waiting").containsExactly(0, 0);
    }

    @Test
    void anExchangeThatThrowsWhenStartedFailsItsAnswerAndFreesItsSlot() {
        InFlightLimit limit = new InFlightLimit(1);
        CompletableFuture<Object> failed = limit.submit(() -> {
            throw new IllegalArgumentException("bad request");
        });
        assertThat(failed).isCompletedExceptionally();
        assertThat(limit.load()).containsExactly(0, 0);
    }
}
