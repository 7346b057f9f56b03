package io.dynacart.store.fuzz;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.Random;

/**
 * How long a fuzz test runs and from which seed, read from system properties so that a run is
 * replayed or lengthened from the Maven command line (failsafe hands {@code -D} options to the tests):
 *
 * <pre>
 *   -Dfuzz.seed=S        the seed; by default a fresh one, printed at the start
 *   -Dfuzz.seconds=T     the time budget (each fuzzer has its own default, 12 to 15 s)
 *   -Dfuzz.inputs=N      exactly N inputs instead of a time budget
 *   -Dfuzz.input=I       only input I of seed S (printed in full), to replay one failure
 *   -Dfuzz.workers=W     how many inputs run at once (each fuzzer has its own default, 2 or 3)
 *   -Dfuzz.skipKnown=false  also send the inputs known to fail for a bug fixed on another branch
 * </pre>
 *
 * Input {@code i} is drawn from its own {@link Random} ({@link #random(long)}), so it is the same
 * bytes whatever ran before it and however many workers ran in parallel.
 *
 * @param inputs    how many inputs to try, or {@code Long.MAX_VALUE} under a time budget
 * @param only      the one input to run, when replaying one
 * @param skipKnown whether inputs that hit a bug fixed elsewhere are left out (and counted)
 */
public record FuzzSettings(String name, long seed, long inputs, Duration budget, OptionalLong only, boolean skipKnown) {

    /** The settings of the fuzzer {@code name}, {@code defaultBudget} unless the properties say otherwise. */
    public static FuzzSettings fromProperties(String name, Duration defaultBudget) {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Long only = Long.getLong("fuzz.input");
        long inputs = only != null ? 1 : Long.getLong("fuzz.inputs", Long.MAX_VALUE);
        Duration budget = inputs != Long.MAX_VALUE ? Duration.ofDays(1)
                : Duration.ofSeconds(Long.getLong("fuzz.seconds", defaultBudget.toSeconds()));
        boolean skipKnown = !"false".equals(System.getProperty("fuzz.skipKnown"));
        FuzzSettings settings = new FuzzSettings(name, seed, inputs, budget,
                only == null ? OptionalLong.empty() : OptionalLong.of(only), skipKnown);
        System.out.println(settings.describe());
        return settings;
    }

    /** The index of the {@code n}th input run (0-based): {@code n} itself, or the one being replayed. */
    public long index(long n) {
        return only.orElse(n);
    }

    /** The random source of input {@code index}: a function of the seed and the index alone. */
    public Random random(long index) {
        return new Random(mix(seed ^ mix(index + 0x632BE59BD9B4E019L)));
    }

    /** How to run input {@code index} again, alone. */
    public String replay(long index) {
        return "-Dfuzz.seed=" + seed + " -Dfuzz.input=" + index;
    }

    String describe() {
        String scale = only.isPresent() ? "replaying input " + only.getAsLong()
                : inputs != Long.MAX_VALUE ? inputs + " inputs" : "for " + budget.toSeconds() + " s";
        return name + ": seed " + seed + ", " + scale + (skipKnown ? "" : ", known issues included")
                + " (replay: -Dfuzz.seed=" + seed + "; longer: -Dfuzz.seconds=T or -Dfuzz.inputs=N)";
    }

    /** Stafford's 64-bit finalizer (variant 13): nearby inputs give unrelated seeds. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
