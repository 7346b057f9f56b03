package io.dynacart.store.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a fuzz run saw, from any number of worker threads: how many inputs were tried, a count per
 * outcome (such as {@code 400} or {@code closed}), inputs left out as known issues, and the failures
 * with what it takes to replay them.
 */
public final class FuzzReport {

    /** Enough failures to show a pattern; the run stops early once this many are in. */
    public static final int MAX_FAILURES = 20;

    private final FuzzSettings settings;
    private final AtomicLong tried = new AtomicLong();
    private final Map<String, Long> outcomes = new TreeMap<>();
    private final Map<String, Long> firstOf = new TreeMap<>();
    private final Map<String, Long> skipped = new TreeMap<>();
    private final Map<String, Long> counts = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();

    public FuzzReport(FuzzSettings settings) {
        this.settings = settings;
    }

    public void tried() {
        tried.incrementAndGet();
    }

    public long triedCount() {
        return tried.get();
    }

    /** Input {@code index} ended as {@code outcome}; the first input of each outcome is kept as its example. */
    public synchronized void outcome(String outcome, long index) {
        outcomes.merge(outcome, 1L, Long::sum);
        firstOf.merge(outcome, index, Math::min);
    }

    /** Adds {@code n} to the count of {@code what} (such as messages delivered), shown in the summary. */
    public synchronized void count(String what, long n) {
        counts.merge(what, n, Long::sum);
    }

    /** Input left out because it hits {@code issue}, a bug another branch fixes (named in the issue). */
    public synchronized void skippedKnown(String issue) {
        skipped.merge(issue, 1L, Long::sum);
    }

    /** Input {@code index} broke a rule: {@code problem} says which, {@code input} shows what was sent. */
    public synchronized void fail(long index, String problem, String input) {
        if (failures.size() < MAX_FAILURES) {
            failures.add("input " + index + " (replay: " + settings.replay(index) + "): " + problem + "\n    sent: " + input);
        }
    }

    public synchronized boolean tooManyFailures() {
        return failures.size() >= MAX_FAILURES;
    }

    public synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    public synchronized Map<String, Long> outcomes() {
        return new TreeMap<>(outcomes);
    }

    public synchronized String summary(long elapsedMillis) {
        return settings.name() + ": seed " + settings.seed() + ", " + tried.get() + " inputs in " + elapsedMillis
                + " ms; outcomes " + outcomes + (counts.isEmpty() ? "" : "; " + counts)
                + (skipped.isEmpty() ? "" : "; left out as known issues " + skipped) + "; " + failures.size() + " failures"
                + "\n  an input of each outcome (replay with -Dfuzz.input=I): " + firstOf;
    }
}
