package io.dynacart.cart.merge;

import io.dynacart.cart.CartView;
import io.dynacart.cart.Product;
import io.dynacart.cart.ProductId;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * The live adds of a cart, per item: each add's tag and its units. An item's quantity is the sum of
 * its live adds, so two concurrent adds of one item both count. Items with no live add are absent;
 * that, and the sorted maps, make equal carts equal records (the merge laws compare states).
 */
public record TaggedLines(SortedMap<ProductId, SortedMap<Tag, Integer>> items) {

    public static final TaggedLines EMPTY = new TaggedLines(new TreeMap<>());

    public TaggedLines {
        TreeMap<ProductId, SortedMap<Tag, Integer>> copy = new TreeMap<>();
        for (Map.Entry<ProductId, SortedMap<Tag, Integer>> e : items.entrySet()) {
            Objects.requireNonNull(e.getKey(), "item");
            if (e.getValue().isEmpty()) {
                throw new IllegalArgumentException("item " + e.getKey() + " has no add; absent items are left out");
            }
            for (Map.Entry<Tag, Integer> add : e.getValue().entrySet()) {
                Objects.requireNonNull(add.getKey(), "tag");
                if (add.getValue() < 1 || add.getValue() > CartOp.MAX_QUANTITY) {
                    throw new IllegalArgumentException("add " + add.getKey() + " of " + e.getKey()
                            + " has quantity " + add.getValue() + ", not 1 to " + CartOp.MAX_QUANTITY);
                }
            }
            copy.put(e.getKey(), Collections.unmodifiableSortedMap(new TreeMap<>(e.getValue())));
        }
        items = Collections.unmodifiableSortedMap(copy);
    }

    /** Whether any item holds an add named {@code tag}. */
    public boolean holds(Tag tag) {
        return items.values().stream().anyMatch(adds -> adds.containsKey(tag));
    }

    public TaggedLines with(ProductId item, Tag tag, int quantity) {
        TreeMap<ProductId, SortedMap<Tag, Integer>> next = new TreeMap<>(items);
        TreeMap<Tag, Integer> adds = new TreeMap<>(items.getOrDefault(item, Collections.emptySortedMap()));
        adds.put(tag, quantity);
        next.put(item, adds);
        return new TaggedLines(next);
    }

    public TaggedLines without(ProductId item) {
        TreeMap<ProductId, SortedMap<Tag, Integer>> next = new TreeMap<>(items);
        next.remove(item);
        return new TaggedLines(next);
    }

    /**
     * Keeps every add of {@code a} and {@code b} that {@code keep} accepts; {@code keep} is asked with
     * the tag and whether the add is in {@code a}'s lines (then {@code b}'s). An add in both is kept
     * as is. Should a tag ever carry two quantities (a reused tag, which callers must not do), the
     * larger wins, so that merge stays a join even then.
     */
    static TaggedLines join(TaggedLines a, TaggedLines b, BiPredicate<Tag, Boolean> keep) {
        TreeMap<ProductId, SortedMap<Tag, Integer>> out = new TreeMap<>();
        collect(a, b, true, keep, out);
        collect(b, a, false, keep, out);
        return new TaggedLines(out);
    }

    private static void collect(TaggedLines from, TaggedLines other, boolean fromA,
                                BiPredicate<Tag, Boolean> keep, TreeMap<ProductId, SortedMap<Tag, Integer>> out) {
        for (Map.Entry<ProductId, SortedMap<Tag, Integer>> e : from.items.entrySet()) {
            SortedMap<Tag, Integer> there = other.items.getOrDefault(e.getKey(), Collections.emptySortedMap());
            for (Map.Entry<Tag, Integer> add : e.getValue().entrySet()) {
                if (there.containsKey(add.getKey()) || keep.test(add.getKey(), fromA)) {
                    out.computeIfAbsent(e.getKey(), k -> new TreeMap<>())
                            .merge(add.getKey(), add.getValue(), Math::max);
                }
            }
        }
    }

    /** Each present item's quantity: the sum of its live adds. */
    public SortedMap<ProductId, Long> quantities() {
        TreeMap<ProductId, Long> out = new TreeMap<>();
        items.forEach((item, adds) ->
                out.put(item, adds.values().stream().mapToLong(Integer::longValue).sum()));
        return Collections.unmodifiableSortedMap(out);
    }

    /** Every live tag, across items. */
    public SortedSet<Tag> tags() {
        TreeSet<Tag> out = new TreeSet<>();
        items.values().forEach(adds -> out.addAll(adds.keySet()));
        return out;
    }

    /** Prices the lines; see {@link CartView#of}. */
    public CartView view(Map<ProductId, Product> catalog, String currency, int versionsMerged) {
        return CartView.of(quantities(), catalog, currency, versionsMerged);
    }
}
