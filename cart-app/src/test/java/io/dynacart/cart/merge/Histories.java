package io.dynacart.cart.merge;

import io.dynacart.cart.ProductId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random histories of a cart on a few replicas: devices apply adds, removes and quantity changes to
 * their replica, and replicas sync by merging another's state into theirs (what a read that sees
 * siblings does). Tags are unique by construction: writer {@code r<i>} counts its own ops.
 */
final class Histories {

    static final List<ProductId> ITEMS = List.of(
            ProductId.of("apple"), ProductId.of("book"), ProductId.of("cable"), ProductId.of("desk"));

    /** One step; {@code kind} 0-2 add, 3 remove, 4 set quantity (0 to 3), 5-7 sync {@code other} into {@code replica}. */
    record Step(int kind, int replica, int other, int item, int quantity) {}

    /** The outcome: final replica states, every state any replica ever had, and what was acknowledged. */
    record Run<S extends CartState>(List<S> replicas, List<S> snapshots, Set<Tag> acknowledgedAdds,
                                    Set<Tag> observedRemoved, List<Set<Tag>> addsPerItem) {}

    private Histories() {}

    static Arbitrary<List<Step>> steps(int replicas) {
        Arbitrary<Integer> replica = Arbitraries.integers().between(0, replicas - 1);
        return Combinators.combine(
                        Arbitraries.integers().between(0, 7), replica, replica,
                        Arbitraries.integers().between(0, ITEMS.size() - 1), Arbitraries.integers().between(0, 3))
                .as(Step::new)
                .list().ofMaxSize(30);
    }

    static <S extends CartState> Run<S> run(CartMerge<S> policy, int replicaCount, List<Step> steps) {
        List<S> replicas = new ArrayList<>();
        long[] counters = new long[replicaCount];
        List<S> snapshots = new ArrayList<>();
        Set<Tag> acknowledged = new HashSet<>();
        Set<Tag> observedRemoved = new HashSet<>();
        List<Set<Tag>> addsPerItem = new ArrayList<>();
        for (int i = 0; i < replicaCount; i++) {
            replicas.add(policy.empty());
        }
        ITEMS.forEach(i -> addsPerItem.add(new HashSet<>()));
        for (Step s : steps) {
            S state = replicas.get(s.replica());
            ProductId item = ITEMS.get(s.item());
            Set<Tag> seenOfItem = new HashSet<>(state.lines().items().getOrDefault(item, new java.util.TreeMap<>()).keySet());
            S next;
            if (s.kind() <= 2) {
                Tag tag = Tag.of("r" + s.replica(), ++counters[s.replica()]);
                next = policy.apply(state, new CartOp.Add(item, s.quantity() + 1, tag));
                acknowledged.add(tag);
                addsPerItem.get(s.item()).add(tag);
            } else if (s.kind() == 3) {
                next = policy.apply(state, new CartOp.Remove(item));
                observedRemoved.addAll(seenOfItem);
            } else if (s.kind() == 4) {
                Tag tag = Tag.of("r" + s.replica(), ++counters[s.replica()]);
                next = policy.apply(state, new CartOp.SetQuantity(item, s.quantity(), tag));
                observedRemoved.addAll(seenOfItem);
                if (s.quantity() > 0) {
                    acknowledged.add(tag);
                    addsPerItem.get(s.item()).add(tag);
                }
            } else {
                next = policy.merge(state, replicas.get(s.other()));
            }
            replicas.set(s.replica(), next);
            snapshots.add(next);
        }
        return new Run<>(replicas, snapshots, acknowledged, observedRemoved, addsPerItem);
    }
}
