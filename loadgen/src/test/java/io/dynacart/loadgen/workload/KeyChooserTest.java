package io.dynacart.loadgen.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyChooserTest {

    @Test
    void zipfianStaysInRangeAndConcentratesOnAFewKeys() {
        KeyChooser z = KeyChooser.named("zipfian", 1000);
        SplittableRandom random = new SplittableRandom(7);
        int[] hits = new int[1000];
        for (int i = 0; i < 100_000; i++) {
            hits[z.next(random)]++;
        }
        int top = java.util.Arrays.stream(hits).max().orElseThrow();
        assertThat(top).as("the hottest key of 1000 gets far more than 1/1000 of requests").isGreaterThan(5_000);
        KeyChooser u = KeyChooser.named("uniform", 1000);
        int[] flat = new int[1000];
        for (int i = 0; i < 100_000; i++) {
            flat[u.next(random)]++;
        }
        assertThat(java.util.Arrays.stream(flat).max().orElseThrow()).isLessThan(200);
    }
}
