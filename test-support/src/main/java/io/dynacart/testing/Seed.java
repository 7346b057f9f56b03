package io.dynacart.testing;

import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * A randomized test's seed and how to replay it. Every seed property is named {@code <area>.seed},
 * where the area is a short word for what the test randomizes ({@code sim}, {@code gossip},
 * {@code fuzz}, {@code cart}, ...); {@code <area>.seeds=N} runs N seeds where a test runs several.
 * A test prints each seed it draws with {@link #toString()}, which names the exact flags that replay it:
 * <pre>
 *   TransferManagerTest seed 42 (replay: -Dtest=TransferManagerTest -Dtransfer.seed=42)
 * </pre>
 *
 * @param area  the property's prefix
 * @param value the seed
 * @param test  the test class, named in the replay flags
 */
public record Seed(String area, long value, Class<?> test) {

    public Seed {
        if (!area.matches("[a-z][a-z0-9]*")) {
            throw new IllegalArgumentException("a seed area is one lower-case word, not \"" + area + "\"");
        }
    }

    /** {@code -D<area>.seed} if given, else a fresh random seed; printed either way. */
    public static Seed of(String area, Class<?> test) {
        Seed seed = new Seed(area, given(area).orElseGet(() -> new SplittableRandom().nextLong()), test);
        System.out.println(seed);
        return seed;
    }

    /** The value of {@code -D<area>.seed}, if the run was given one. */
    public static OptionalLong given(String area) {
        Long value = Long.getLong(property(area));
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** {@code -D<area>.seeds}, the number of seeds to run, or {@code byDefault}. */
    public static int count(String area, int byDefault) {
        return Integer.getInteger(area + ".seeds", byDefault);
    }

    /** The system property that pins this area's seed: {@code <area>.seed}. */
    public static String property(String area) {
        return area + ".seed";
    }

    /** The flags that run this test alone with this seed ({@code -Dit.test} for an {@code *IT}). */
    public String replay() {
        String selector = test.getSimpleName().endsWith("IT") ? "-Dit.test=" : "-Dtest=";
        return selector + test.getSimpleName() + " -D" + property(area) + "=" + value;
    }

    @Override
    public String toString() {
        return test.getSimpleName() + " seed " + value + " (replay: " + replay() + ")";
    }
}
