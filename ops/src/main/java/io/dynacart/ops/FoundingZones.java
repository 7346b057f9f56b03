package io.dynacart.ops;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code dynacart node}'s zone options read and checked: {@code --seed-zones} (the founders' zones,
 * which with {@code --seeds} make the initial ring every founder computes alike) and {@code --zone}
 * (this node's). Each problem is a usage error naming the option.
 */
final class FoundingZones {

    private final Function<String, RuntimeException> usage;

    FoundingZones(Function<String, RuntimeException> usage) {
        this.usage = usage;
    }

    /**
     * The founders' zones from {@code --seed-zones}: every seed named once, or none named (then every
     * seed is in the default zone), so that a seed left out by mistake is not silently placed elsewhere.
     */
    Map<NodeId, Zone> ofSeeds(List<String> seedZones, Set<NodeId> seedIds) {
        Map<NodeId, Zone> out = new TreeMap<>();
        for (String s : seedZones) {
            String entry = s.strip();
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw usage.apply("--seed-zones entry '" + entry + "' must be id=zone, e.g. n1=a");
            }
            NodeId node;
            try {
                node = NodeId.of(entry.substring(0, eq));
            } catch (IllegalArgumentException e) {
                throw usage.apply("--seed-zones entry '" + entry + "': " + e.getMessage());
            }
            if (!seedIds.contains(node)) {
                throw usage.apply("--seed-zones names " + node + ", which is not in --seeds " + seedIds);
            }
            out.put(node, zone("--seed-zones entry '" + entry + "'", entry.substring(eq + 1)));
        }
        if (!out.isEmpty() && !out.keySet().equals(seedIds)) {
            Set<NodeId> missing = new TreeSet<>(seedIds);
            missing.removeAll(out.keySet());
            throw usage.apply("--seed-zones must name every seed; it leaves out " + missing);
        }
        if (out.isEmpty()) {
            seedIds.forEach(node -> out.put(node, Zone.DEFAULT));
        }
        return out;
    }

    /** This node's zone: --zone, which for a founder must agree with --seed-zones; else the founders' word. */
    Zone own(NodeId self, String zone, Map<NodeId, Zone> founders) {
        Zone given = zone == null ? null : zone("--zone", zone);
        Zone listed = founders.get(self);
        if (given != null && listed != null && !given.equals(listed)) {
            throw usage.apply("--zone " + given + " but --seed-zones puts " + self + " in " + listed
                    + "; give every node the same --seed-zones, and this node its own zone");
        }
        return given != null ? given : listed != null ? listed : Zone.DEFAULT;
    }

    private Zone zone(String what, String name) {
        String problem = Zone.problemWith(name.strip());
        if (problem != null) {
            throw usage.apply(what + ": " + problem);
        }
        return Zone.of(name.strip());
    }

}
