package io.dynacart.store.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** An input is a function of the seed and its index alone: that is what makes one replayable. */
class FuzzSettingsTest {

    private static FuzzSettings seeded(long seed) {
        return new FuzzSettings("test", seed, 10, Duration.ofSeconds(1), OptionalLong.empty(), true);
    }

    @Test
    void theSameSeedAndIndexDrawTheSameInput() {
        assertThat(ByteMutator.randomBytes(seeded(42).random(7), 64))
                .isEqualTo(ByteMutator.randomBytes(seeded(42).random(7), 64));
    }

    @Test
    void otherIndexesAndSeedsDrawOtherInputs() {
        byte[] input = ByteMutator.randomBytes(seeded(42).random(7), 64);
        assertThat(ByteMutator.randomBytes(seeded(42).random(8), 64)).isNotEqualTo(input);
        assertThat(ByteMutator.randomBytes(seeded(43).random(7), 64)).isNotEqualTo(input);
    }

    @Test
    void replayingOneInputRunsThatInputOnly() {
        FuzzSettings one = new FuzzSettings("test", 42, 1, Duration.ofDays(1), OptionalLong.of(2659), true);
        assertThat(one.index(0)).isEqualTo(2659);
        assertThat(one.replay(2659)).isEqualTo("-Dfuzz.seed=42 -Dfuzz.input=2659");
    }
}
