package io.dynacart.store.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link MessageSamples} tells whoever adds a message it cannot build what to do, instead of skipping it. */
class MessageSamplesTest {

    record WithUnknownComponent(long requestId, Instant at) {
    }

    record RejectingEverySample(long requestId) {
        RejectingEverySample {
            throw new IllegalArgumentException("no request id is good enough");
        }
    }

    @Test
    void aComponentTypeItCannotBuildFailsNamingTheComponentAndTheFix() {
        assertThatThrownBy(() -> MessageSamples.sample(WithUnknownComponent.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("WithUnknownComponent.at is of type java.time.Instant")
                .hasMessageContaining("add it to MessageSamples.value(...)");
    }

    @Test
    void aSampleTheRecordRejectsFailsWithTheRecordsReason() {
        assertThatThrownBy(() -> MessageSamples.sample(RejectingEverySample.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("RejectingEverySample rejected the sample")
                .hasMessageContaining("no request id is good enough");
    }

    @Test
    void everyMessageRecordGetsADistinctSample() {
        assertThat(MessageSamples.all()).hasSameSizeAs(MessageSamples.recordTypes()).doesNotHaveDuplicates();
    }
}
