package io.dynacart.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeedTest {

    /** Stands for an integration test class in the replay flags. */
    static final class ExampleIT {
    }

    @Test
    void printsTheExactFlagsThatReplayIt() {
        assertThat(new Seed("transfer", 42, SeedTest.class))
                .hasToString("SeedTest seed 42 (replay: -Dtest=SeedTest -Dtransfer.seed=42)");
        assertThat(new Seed("crash", -7, ExampleIT.class).replay())
                .as("an *IT is selected with failsafe's it.test").isEqualTo("-Dit.test=ExampleIT -Dcrash.seed=-7");
    }

    @Test
    void aGivenSeedIsReplayedAndNamedAfterItsArea() {
        String property = Seed.property("seedtest");
        assertThat(property).isEqualTo("seedtest.seed");
        System.setProperty(property, "1234");
        try {
            assertThat(Seed.given("seedtest")).hasValue(1234);
            assertThat(Seed.of("seedtest", SeedTest.class).value()).isEqualTo(1234);
        } finally {
            System.clearProperty(property);
        }
        assertThat(Seed.given("seedtest")).isEmpty();
    }

    @Test
    void anAreaIsOneWord() {
        assertThatThrownBy(() -> new Seed("sim.outage", 1, SeedTest.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"sim.outage\"");
    }
}
