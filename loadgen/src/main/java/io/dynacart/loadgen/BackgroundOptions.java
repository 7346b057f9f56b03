package io.dynacart.loadgen;

import io.dynacart.store.antientropy.AntiEntropyConfig;
import io.dynacart.store.budget.BackgroundConfig;
import io.dynacart.store.runtime.BackgroundWorkConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The embedded cluster's background work, as options: anti-entropy on or off and its budget, and
 * the admission controller that scales background work by the foreground's latency. The defaults
 * are a node's. Validated into {@link BackgroundWorkConfig} by {@link #settings}, whose errors name the
 * option.
 */
final class BackgroundOptions {

    private static final AntiEntropyConfig NODE = AntiEntropyConfig.DEFAULT;

    @Option(names = "--anti-entropy", defaultValue = "on",
            description = "embedded nodes begin Merkle-tree exchanges: on or off (default: ${DEFAULT-VALUE})")
    String antiEntropy;
    @Option(names = "--anti-entropy-keys", defaultValue = "1000", paramLabel = "KEYS",
            description = "anti-entropy's full budget of sibling sets shipped a second, per node (default: ${DEFAULT-VALUE})")
    long keysPerSecond;
    @Option(names = "--anti-entropy-bytes", defaultValue = "4194304", paramLabel = "BYTES",
            description = "anti-entropy's full budget of bytes sent a second, per node (default: ${DEFAULT-VALUE})")
    long bytesPerSecond;
    @Option(names = "--anti-entropy-interval", defaultValue = "100ms",
            description = "how often a node may begin an exchange (default: ${DEFAULT-VALUE})")
    String interval;
    @Option(names = "--background-feedback", defaultValue = "on", description = "background work (anti-entropy,"
            + " hints, transfers, tombstone scans) yields to a slow foreground: on, or off for fixed budgets"
            + " (default: ${DEFAULT-VALUE})")
    String feedback;
    @Option(names = "--background-target", defaultValue = "10ms",
            description = "the foreground p99 (per node, last second) background work yields to (default: ${DEFAULT-VALUE})")
    String target;
    @Option(names = "--background-min-share", defaultValue = "0.1",
            description = "the least share of its budget background work keeps, in (0, 1] (default: ${DEFAULT-VALUE})")
    double minShare;

    /** The options as a node's settings; {@code usage} turns a message into the command's usage error. */
    BackgroundWorkConfig settings(Function<String, RuntimeException> usage) {
        boolean initiates = onOff("--anti-entropy", antiEntropy, usage);
        boolean yielding = onOff("--background-feedback", feedback, usage);
        if (keysPerSecond < 1 || bytesPerSecond < 1) {
            throw usage.apply("--anti-entropy-keys and --anti-entropy-bytes must be at least 1 a second, were "
                    + keysPerSecond + " and " + bytesPerSecond);
        }
        long every = Math.round(millis("--anti-entropy-interval", interval, usage));
        if (every < 1) {
            throw usage.apply("--anti-entropy-interval must be at least 1 ms, was " + interval);
        }
        double targetMillis = millis("--background-target", target, usage);
        if (!(targetMillis > 0)) {
            throw usage.apply("--background-target must be more than 0 ms, was " + target);
        }
        if (!(minShare > 0 && minShare <= 1)) {
            throw usage.apply("--background-min-share must be in (0, 1]: background work must still progress; was "
                    + minShare);
        }
        AntiEntropyConfig ae = NODE.withRates(keysPerSecond, bytesPerSecond).withInterval(every).withInitiating(initiates);
        return new BackgroundWorkConfig(ae, new BackgroundConfig(yielding, targetMillis, minShare));
    }

    /** Whether every option is at its default (running nodes are driven as they are configured). */
    boolean defaults(Function<String, RuntimeException> usage) {
        return settings(usage).equals(BackgroundWorkConfig.DEFAULT);
    }

    /** The settings by name, as the report lists them. */
    static Map<String, Object> describe(BackgroundWorkConfig s) {
        Map<String, Object> m = new LinkedHashMap<>();
        AntiEntropyConfig ae = s.antiEntropy();
        m.put("anti_entropy", ae.initiates() ? ae.keysPerSecond() + " keys/s, " + ae.bytesPerSecond() + " B/s, every "
                + ae.intervalMillis() + " ms" : "off");
        BackgroundConfig b = s.admission();
        m.put("background_feedback", b.feedback() ? "p99 target " + b.targetMillis() + " ms, least share "
                + b.minShare() : "off (fixed budgets)");
        return m;
    }

    private static boolean onOff(String option, String value, Function<String, RuntimeException> usage) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (!List.of("on", "off").contains(v)) {
            throw usage.apply(option + " must be one of on, off; was '" + value + "'");
        }
        return v.equals("on");
    }

    private static double millis(String option, String text, Function<String, RuntimeException> usage) {
        try {
            return Units.millis(text);
        } catch (IllegalArgumentException e) {
            throw usage.apply(option + ": " + e.getMessage());
        }
    }
}
