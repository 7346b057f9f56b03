package io.dynacart.store.antientropy;

import io.dynacart.store.identity.Key;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * Which keys of some leaves two replicas hold differently, from their (key, entry hash) lists: the
 * keys to {@code fetch} (the peer holds them and this side holds them otherwise or not at all) and
 * to {@code push} (the reverse). A key held differently by both is in both lists: each side sends
 * its whole sibling set and each merges, which is what keeps concurrent siblings. Keys in key order.
 */
record KeyDiff(List<Key> fetch, List<Key> push) {

    KeyDiff {
        fetch = List.copyOf(fetch);
        push = List.copyOf(push);
    }

    static KeyDiff of(SortedMap<Key, Long> theirs, SortedMap<Key, Long> mine) {
        return new KeyDiff(differing(theirs, mine), differing(mine, theirs));
    }

    /** The keys of {@code from} that {@code other} lacks or hashes otherwise. */
    private static List<Key> differing(SortedMap<Key, Long> from, Map<Key, Long> other) {
        return from.entrySet().stream().filter(e -> !Objects.equals(e.getValue(), other.get(e.getKey())))
                .map(Map.Entry::getKey).toList();
    }
}
