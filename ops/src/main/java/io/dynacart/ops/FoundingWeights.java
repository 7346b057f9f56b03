package io.dynacart.ops;

import io.dynacart.store.identity.NodeId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code dynacart node}'s weight options read and checked: {@code --seed-weights} (the founders'
 * weights, which with {@code --seeds} make the initial ring every founder computes alike, as
 * {@code --seed-zones} does for zones) and {@code --weight} (this node's). Each problem is a usage
 * error naming the option.
 */
final class FoundingWeights {

    /** The highest weight a node takes, as for {@code dynacart admin join --weight}. */
    static final int MAX_WEIGHT = 100;

    private final Function<String, RuntimeException> usage;

    FoundingWeights(Function<String, RuntimeException> usage) {
        this.usage = usage;
    }

    /**
     * The founders' weights from {@code --seed-weights}: every seed named once, or none named (then
     * every seed has weight 1), so that a seed left out by mistake does not silently get another share.
     */
    Map<NodeId, Integer> ofSeeds(List<String> seedWeights, Set<NodeId> seedIds) {
        Map<NodeId, Integer> out = new TreeMap<>();
        for (String s : seedWeights) {
            String entry = s.strip();
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw usage.apply("--seed-weights entry '" + entry + "' must be id=weight, e.g. n1=2");
            }
            NodeId node;
            try {
                node = NodeId.of(entry.substring(0, eq));
            } catch (IllegalArgumentException e) {
                throw usage.apply("--seed-weights entry '" + entry + "': " + e.getMessage());
            }
            if (!seedIds.contains(node)) {
                throw usage.apply("--seed-weights names " + node + ", which is not in --seeds " + seedIds);
            }
            out.put(node, weight("--seed-weights entry '" + entry + "'", entry.substring(eq + 1)));
        }
        if (!out.isEmpty() && !out.keySet().equals(seedIds)) {
            Set<NodeId> missing = new TreeSet<>(seedIds);
            missing.removeAll(out.keySet());
            throw usage.apply("--seed-weights must name every seed; it leaves out " + missing);
        }
        if (out.isEmpty()) {
            seedIds.forEach(node -> out.put(node, 1));
        }
        return out;
    }

    /**
     * This node's weight: --weight, which for a founder must agree with --seed-weights (founders agree
     * on the first ring); else the founders' word; else 1.
     */
    int own(NodeId self, Integer weight, Map<NodeId, Integer> founders) {
        if (weight != null && (weight < 1 || weight > MAX_WEIGHT)) {
            throw usage.apply("--weight must be from 1 to " + MAX_WEIGHT + ", was " + weight);
        }
        Integer listed = founders.get(self);
        if (weight != null && listed != null && !weight.equals(listed)) {
            throw usage.apply("--weight " + weight + " but --seed-weights gives " + self + " weight " + listed
                    + "; founders make the first ring together: give every node the same --seed-weights");
        }
        return weight != null ? weight : listed != null ? listed : 1;
    }

    private int weight(String what, String text) {
        int w;
        try {
            w = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw usage.apply(what + ": the weight must be a whole number from 1 to " + MAX_WEIGHT);
        }
        if (w < 1 || w > MAX_WEIGHT) {
            throw usage.apply(what + ": the weight must be from 1 to " + MAX_WEIGHT + ", was " + w);
        }
        return w;
    }
}
