package io.dynacart.store.coordinator;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.ring.Replica;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Who to name when a quorum fails: the targets that did not answer, and the primaries not even asked. */
final class Missing {

    private Missing() {
    }

    static List<NodeId> of(List<NodeId> silentTargets, PreferenceList list, List<Replica> targets) {
        Set<NodeId> out = new LinkedHashSet<>(silentTargets);
        Set<NodeId> asked = new LinkedHashSet<>();
        targets.forEach(t -> asked.add(t.node()));
        for (NodeId primary : list.primaries()) {
            if (!asked.contains(primary)) {
                out.add(primary);
            }
        }
        return List.copyOf(out);
    }
}
