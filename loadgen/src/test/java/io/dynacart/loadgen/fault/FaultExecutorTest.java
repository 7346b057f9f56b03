package io.dynacart.loadgen.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.cluster.FaultAction;
import io.dynacart.store.cluster.FaultSchedule;
import io.dynacart.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FaultExecutorTest {

    @Test
    void runsEachActionAtItsTimeAndRecordsFailuresWithoutStopping() throws Exception {
        List<String> applied = new CopyOnWriteArrayList<>();
        FaultTarget target = new FaultTarget() {
            @Override
            public void apply(FaultAction action) {
                applied.add(action.text());
                if (action instanceof FaultAction.Wipe) {
                    throw new IllegalStateException("disk on fire");
                }
            }

            @Override
            public String refusal() {
                return null;
            }
        };
        FaultExecutor ex = new FaultExecutor(FaultSchedule.parse("100ms:stop n1, 50ms:wipe n2, 150ms:heal"), target);
        long origin = System.nanoTime();
        ex.start(origin, System::nanoTime);
        Await.until("the three faults to be carried out", Duration.ofSeconds(5), () -> ex.events().size() >= 3);
        ex.stop(1000);
        assertThat(applied).containsExactly("wipe n2", "stop n1", "heal");
        assertThat(ex.events()).extracting(FaultEvent::action).containsExactly("wipe n2", "stop n1", "heal");
        assertThat(ex.events().get(0).error()).contains("disk on fire");
        assertThat(ex.events()).allSatisfy(e -> assertThat(e.startedMillis()).as("no action before its time")
                .isGreaterThanOrEqualTo(e.dueMillis()));
    }

    @Test
    void aTargetThatCannotDoFaultsRefusesANonEmptySchedule() {
        FaultTarget none = new FaultTarget() {
            @Override
            public void apply(FaultAction action) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String refusal() {
                return "not here";
            }
        };
        assertThatThrownBy(() -> new FaultExecutor(FaultSchedule.parse("1s:heal"), none)).hasMessage("not here");
        new FaultExecutor(FaultSchedule.NONE, none).close();
    }
}
