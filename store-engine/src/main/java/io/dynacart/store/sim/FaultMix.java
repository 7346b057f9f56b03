package io.dynacart.store.sim;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which faults the planner ({@link FaultPlanner}) draws, and how often: either the {@link #STANDARD}
 * mix that {@code mvn verify} runs (its seeds plan as they always did), or weights per kind, as
 * {@code dynacart sim --faults crash=2,partition,drop} writes them. With weights, each of a run's
 * planned faults is one kind drawn by weight; a drawn crash, partition or degraded link is as often
 * its undoing (a restart, a heal, clean links), so that faults come and go within the run. A join,
 * a leave and a wipe happen at most once a run (further draws of them are skipped), the planner's
 * limits of {@link FaultPlanner} hold either way.
 *
 * @param weights the weight of each kind drawn (empty for the standard mix)
 */
public record FaultMix(Map<Kind, Integer> weights) {

    /** A kind of fault, by the name {@code --faults} gives it. */
    public enum Kind {
        CRASH("crash", "a node crashes, disk intact; as often, a restart"),
        PARTITION("partition", "the nodes split in two random groups; as often, a heal"),
        CUT_REPLICAS("cut-replicas", "a key's N replicas cut off from the rest; as often, a heal"),
        ZONE_CUT("zone-cut", "a whole zone cut off (needs zones); as often, a heal"),
        LOSSY("lossy", "links drop, duplicate and delay at once; as often, clean links"),
        DROP("drop", "links drop 5-30% of messages; as often, clean links"),
        DELAY("delay", "links delay messages up to 20-100 ms; as often, clean links"),
        DUPLICATE("duplicate", "links send 5-30% of messages twice; as often, clean links"),
        JOIN("join", "a new node joins (at most once a run, in its first third)"),
        LEAVE("leave", "a node leaves (at most once a run, in its second third)"),
        WIPE("wipe", "a running node loses its disk, restarts empty (at most once)"),
        OUTAGE("outage", "a node goes down early and stays down until the end game");

        private final String text;
        private final String meaning;

        Kind(String text, String meaning) {
            this.text = text;
            this.meaning = meaning;
        }

        /** The kind's name as {@code --faults} writes it. */
        public String text() {
            return text;
        }

        /** What the kind does to a run, in one line. */
        public String meaning() {
            return meaning;
        }

        /** Every kind's name, comma-separated, in order. */
        public static String names() {
            return Arrays.stream(values()).map(Kind::text).collect(Collectors.joining(", "));
        }
    }

    /**
     * The planner's own mix: crashes, restarts, random partitions, heals, lossy links, clean links
     * and cut-off replicas drawn alike; a join, a leave and a wipe each in one run out of four, a
     * long outage in one out of five.
     */
    public static final FaultMix STANDARD = new FaultMix(Map.of());

    /** The name that stands for {@link #STANDARD} in {@link #parse}. */
    public static final String STANDARD_NAME = "standard";

    /** The largest weight a kind may have. */
    public static final int MAX_WEIGHT = 100;

    public FaultMix {
        EnumMap<Kind, Integer> copy = new EnumMap<>(Kind.class);
        weights.forEach((kind, weight) -> {
            if (weight < 1 || weight > MAX_WEIGHT) {
                throw new IllegalArgumentException("the weight of " + kind.text() + " must be from 1 to " + MAX_WEIGHT
                        + ", was " + weight);
            }
            copy.put(kind, weight);
        });
        weights = Collections.unmodifiableMap(copy);
    }

    public boolean isStandard() {
        return weights.isEmpty();
    }

    public boolean has(Kind kind) {
        return weights.containsKey(kind);
    }

    /** The sum of the weights. */
    int total() {
        return weights.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The kind that a draw {@code r} in {@code [0, total())} picks, walking the kinds in order. */
    Kind pick(int r) {
        int left = r;
        for (Map.Entry<Kind, Integer> e : weights.entrySet()) {
            if (left < e.getValue()) {
                return e.getKey();
            }
            left -= e.getValue();
        }
        throw new IllegalArgumentException("draw " + r + " is past the total weight " + total());
    }

    /**
     * Reads a mix: {@code standard}, or a comma list of kinds, each with an optional weight
     * ({@code crash=2,partition,drop}; a weight is 1 unless given).
     *
     * @throws IllegalArgumentException naming the bad part and, for an unknown kind, every known one
     */
    public static FaultMix parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("name at least one fault kind: " + Kind.names() + " (or "
                    + STANDARD_NAME + ")");
        }
        if (trimmed.equalsIgnoreCase(STANDARD_NAME)) {
            return STANDARD;
        }
        EnumMap<Kind, Integer> weights = new EnumMap<>(Kind.class);
        for (String part : trimmed.split(",", -1)) {
            String entry = part.strip();
            int eq = entry.indexOf('=');
            String name = (eq < 0 ? entry : entry.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            Kind kind = Arrays.stream(Kind.values()).filter(k -> k.text().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException((name.isEmpty() ? "an empty fault kind"
                            : "unknown fault kind '" + name + "'") + " in '" + trimmed + "'; the kinds are " + Kind.names()
                            + " (each with an optional weight, e.g. crash=2), or " + STANDARD_NAME));
            int weight = 1;
            if (eq >= 0) {
                String w = entry.substring(eq + 1).strip();
                try {
                    weight = Integer.parseInt(w);
                } catch (NumberFormatException e) {
                    weight = -1;
                }
                if (weight < 1 || weight > MAX_WEIGHT) {
                    throw new IllegalArgumentException("the weight of " + name + " must be a whole number from 1 to "
                            + MAX_WEIGHT + ", was '" + w + "'");
                }
            }
            if (weights.put(kind, weight) != null) {
                throw new IllegalArgumentException("fault kind " + name + " is named twice in '" + trimmed + "'");
            }
        }
        return new FaultMix(weights);
    }

    /** The mix as {@link #parse} reads it: {@code standard}, or the kinds with their weights (a weight of 1 left out). */
    public String text() {
        if (isStandard()) {
            return STANDARD_NAME;
        }
        return weights.entrySet().stream()
                .map(e -> e.getKey().text() + (e.getValue() == 1 ? "" : "=" + e.getValue()))
                .collect(Collectors.joining(","));
    }
}
