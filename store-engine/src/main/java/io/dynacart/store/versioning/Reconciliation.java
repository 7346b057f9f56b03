package io.dynacart.store.versioning;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Syntactic reconciliation (paper, section 4.4): folding versions into a key's sibling set using
 * causality alone, without looking at values.
 *
 * <ul>
 *   <li>an incoming version that an existing sibling descends from, or equals, changes nothing;
 *   <li>an incoming version replaces every sibling it descends from;
 *   <li>an incoming version concurrent with a sibling is kept beside it.
 * </ul>
 * The result is always an antichain (no sibling descends from another), listed in {@link Dot}
 * order, and it is the same whatever order the versions arrive in: it is exactly the versions that
 * no other version seen descends from.
 */
public final class Reconciliation {

    private static final Comparator<Versioned<?>> BY_DOT = Comparator.comparing(Versioned::dot);

    private Reconciliation() {
    }

    /** The sibling set after {@code incoming} meets {@code siblings}, which must be an antichain. */
    public static <V> List<Versioned<V>> reconcile(List<Versioned<V>> siblings, Versioned<V> incoming) {
        List<Versioned<V>> out = new ArrayList<>(siblings.size() + 1);
        for (Versioned<V> sibling : siblings) {
            Causality c = incoming.compare(sibling);
            if (c == Causality.BEFORE || c == Causality.EQUAL) {
                return sorted(siblings);
            }
            if (c == Causality.CONCURRENT) {
                out.add(sibling);
            }
        }
        out.add(incoming);
        return sorted(out);
    }

    /** {@link #reconcile(List, Versioned)} for many incoming versions at once (repair, handoff, anti-entropy). */
    public static <V> List<Versioned<V>> reconcile(List<Versioned<V>> siblings, Collection<Versioned<V>> incoming) {
        List<Versioned<V>> out = sorted(siblings);
        for (Versioned<V> version : incoming) {
            out = reconcile(out, version);
        }
        return out;
    }

    /** Whether no version in {@code versions} descends from or equals another. */
    public static boolean isAntichain(List<? extends Versioned<?>> versions) {
        for (int i = 0; i < versions.size(); i++) {
            for (int j = i + 1; j < versions.size(); j++) {
                if (versions.get(i).compare(versions.get(j)) != Causality.CONCURRENT) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether two sibling sets hold the same versions, compared by dot (equal dots are equal versions). */
    public static boolean sameVersions(List<? extends Versioned<?>> a, List<? extends Versioned<?>> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).dot().equals(b.get(i).dot())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code held} has every version of {@code all}, or one that descends from it: a replica
     * holding {@code held} loses nothing it should have when {@code all} is merged into it, and read
     * repair leaves it alone.
     */
    public static <V> boolean covers(List<Versioned<V>> held, List<Versioned<V>> all) {
        return sameVersions(reconcile(held, all), reconcile(List.of(), held));
    }

    /** How many versions of {@code all} {@code held} lacks (holds neither it nor a version descending from it). */
    public static <V> int lacking(List<Versioned<V>> held, List<Versioned<V>> all) {
        List<Versioned<V>> own = reconcile(List.of(), held);
        int lacking = 0;
        for (Versioned<V> version : all) {
            if (!sameVersions(reconcile(own, version), own)) {
                lacking++;
            }
        }
        return lacking;
    }

    private static <V> List<Versioned<V>> sorted(List<Versioned<V>> versions) {
        List<Versioned<V>> copy = new ArrayList<>(versions);
        copy.sort(BY_DOT);
        return List.copyOf(copy);
    }
}
