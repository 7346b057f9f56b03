package io.dynacart.store.cluster;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PreferenceList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The order in which {@link ClusterClient} tries a key's nodes for one request (paper, section 6.4),
 * pure arithmetic:
 *
 * <ol>
 *   <li>first, the preferred node (a put's: the replica that replied fastest to the read whose
 *       context it carries) when it is still a primary of the key and not suspected;</li>
 *   <li>else, one of the primaries not suspected, picked by the {@link PrimaryChoice} (spreading a
 *       key's coordination over its top N);</li>
 *   <li>then every other node of the preference list in its order, primaries before fallbacks, the
 *       suspected ones last: the failover order when the first does not answer.</li>
 * </ol>
 */
final class RequestRoute {

    private RequestRoute() {
    }

    static List<NodeId> order(PreferenceList list, Predicate<NodeId> suspected, Optional<NodeId> preferred,
                              PrimaryChoice choice) {
        List<NodeId> healthyPrimaries = list.primaries().stream().filter(suspected.negate()).toList();
        NodeId first = preferred.filter(healthyPrimaries::contains).orElseGet(() -> healthyPrimaries.isEmpty()
                ? null : healthyPrimaries.get(checked(choice.pick(healthyPrimaries.size()), healthyPrimaries.size())));
        List<NodeId> healthy = new ArrayList<>();
        List<NodeId> suspect = new ArrayList<>();
        if (first != null) {
            healthy.add(first);
        }
        List<NodeId> all = new ArrayList<>(list.primaries());
        all.addAll(list.fallbacks());
        for (NodeId n : all) {
            if (!n.equals(first)) {
                (suspected.test(n) ? suspect : healthy).add(n);
            }
        }
        healthy.addAll(suspect);
        return healthy;
    }

    private static int checked(int index, int size) {
        if (index < 0 || index >= size) {
            throw new IllegalStateException("a PrimaryChoice picked " + index + " of " + size + " primaries");
        }
        return index;
    }
}
