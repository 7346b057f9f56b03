package io.dynacart.store.api;

import io.dynacart.store.identity.Namespace;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The namespaces a cluster has made, as gossip carries them: per namespace, its latest
 * {@link NamespaceConfig}. The default namespace is not in the table: it is the cluster's own
 * settings and never changes. Immutable.
 *
 * <p>Merge keeps, per namespace, the config of the higher version; two different configs of one
 * version (two nodes changed it at once) are ordered by their text, the same way everywhere. So
 * merge is commutative, associative and idempotent, and every node ends with the same table.
 */
public final class NamespaceTable {

    public static final NamespaceTable EMPTY = new NamespaceTable(new TreeMap<>());

    private final SortedMap<Namespace, NamespaceConfig> entries;

    private NamespaceTable(SortedMap<Namespace, NamespaceConfig> entries) {
        this.entries = Collections.unmodifiableSortedMap(entries);
    }

    /** A table of {@code configs}, the later of two for one namespace kept. */
    public static NamespaceTable of(Collection<NamespaceConfig> configs) {
        NamespaceTable table = EMPTY;
        for (NamespaceConfig c : configs) {
            table = table.with(c);
        }
        return table;
    }

    /** The config of {@code namespace}, if the table has it (never for the default namespace). */
    public Optional<NamespaceConfig> get(Namespace namespace) {
        return Optional.ofNullable(entries.get(namespace));
    }

    /** Every namespace's config, by name. */
    public Collection<NamespaceConfig> all() {
        return entries.values();
    }

    public int size() {
        return entries.size();
    }

    /** This table with {@code config}, kept only if it is later than the one known. */
    public NamespaceTable with(NamespaceConfig config) {
        if (config.namespace().isDefault()) {
            throw new IllegalArgumentException("the default namespace is the cluster's own and cannot be changed");
        }
        NamespaceConfig known = entries.get(config.namespace());
        if (known != null && later(known, config) == known) {
            return this;
        }
        SortedMap<Namespace, NamespaceConfig> next = new TreeMap<>(entries);
        next.put(config.namespace(), config);
        return new NamespaceTable(next);
    }

    /** The two tables merged; see the class comment. */
    public NamespaceTable merge(NamespaceTable other) {
        if (other == this || other.entries.isEmpty()) {
            return this;
        }
        NamespaceTable merged = this;
        for (NamespaceConfig c : other.entries.values()) {
            merged = merged.with(c);
        }
        return merged;
    }

    private static NamespaceConfig later(NamespaceConfig a, NamespaceConfig b) {
        if (a.version() != b.version()) {
            return a.version() > b.version() ? a : b;
        }
        return a.toString().compareTo(b.toString()) >= 0 ? a : b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamespaceTable t && entries.equals(t.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "NamespaceTable" + entries.values();
    }
}
