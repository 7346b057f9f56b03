package io.dynacart.cart.merge;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every tag a replica has seen, kept compact: per writer, the longest run {@code 1..n} seen
 * ({@code contiguous}), plus the tags seen beyond a gap ({@code beyond}). This is what lets a merge
 * tell "the other side never saw this add" (keep it) from "the other side saw it and removed it"
 * (drop it).
 *
 * <p>The form is canonical, so equal sets of seen tags are equal records: runs are at least 1, and a
 * tag in {@code beyond} is past its writer's run plus one (the constructor folds adjacent tags into
 * the run).
 */
public record CausalContext(SortedMap<String, Long> contiguous, SortedSet<Tag> beyond) {

    public static final CausalContext EMPTY = new CausalContext(new TreeMap<>(), new TreeSet<>());

    public CausalContext {
        TreeMap<String, Long> runs = new TreeMap<>();
        for (Map.Entry<String, Long> e : contiguous.entrySet()) {
            Tag.of(e.getKey(), Math.max(1, e.getValue()));   // validates the writer name
            if (e.getValue() < 1) {
                throw new IllegalArgumentException("run of " + e.getKey() + " must be >= 1, was " + e.getValue());
            }
            runs.put(e.getKey(), e.getValue());
        }
        TreeSet<Tag> rest = new TreeSet<>();
        for (Tag t : beyond) {
            rest.add(Objects.requireNonNull(t, "tag"));
        }
        fold(runs, rest);
        contiguous = Collections.unmodifiableSortedMap(runs);
        beyond = Collections.unmodifiableSortedSet(rest);
    }

    /** Moves tags that extend a run into it, and drops tags a run already covers. */
    private static void fold(TreeMap<String, Long> runs, TreeSet<Tag> rest) {
        for (Tag t : new TreeSet<>(rest)) {          // ascending per writer, so runs grow in order
            long run = runs.getOrDefault(t.writer(), 0L);
            if (t.counter() <= run) {
                rest.remove(t);
            } else if (t.counter() == run + 1) {
                runs.put(t.writer(), t.counter());
                rest.remove(t);
            }
        }
    }

    public boolean contains(Tag tag) {
        return tag.counter() <= contiguous.getOrDefault(tag.writer(), 0L) || beyond.contains(tag);
    }

    public CausalContext with(Tag tag) {
        TreeSet<Tag> rest = new TreeSet<>(beyond);
        rest.add(tag);
        return new CausalContext(contiguous, rest);
    }

    /** Everything either side has seen. */
    public CausalContext union(CausalContext other) {
        TreeMap<String, Long> runs = new TreeMap<>(contiguous);
        other.contiguous.forEach((w, n) -> runs.merge(w, n, Math::max));
        TreeSet<Tag> rest = new TreeSet<>(beyond);
        rest.addAll(other.beyond);
        return new CausalContext(runs, rest);
    }
}
