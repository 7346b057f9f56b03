package io.dynacart.store.antientropy;

import static io.dynacart.store.antientropy.Replicas.after;
import static io.dynacart.store.antientropy.Replicas.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.storage.MemoryStorage;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link EntryHash}: one value per (key, set of versions), whatever the order or the replica. */
class EntryHashTest {

    private final Versioned<Value> a = version("n1", 1, "milk");
    private final Versioned<Value> b = version("n2", 1, "eggs");
    private final Versioned<Value> tombstone = version("n3", 1, null);

    @Test
    void siblingOrderDoesNotMatter() {
        Key key = Key.of("cart");
        assertThat(EntryHash.of(key, List.of(a, b, tombstone))).as("a set's hash ignores its listing order")
                .isEqualTo(EntryHash.of(key, List.of(tombstone, b, a)));
    }

    @Test
    void anyChangeOfKeyOrVersionsChangesTheHash() {
        Key key = Key.of("cart");
        long base = EntryHash.of(key, List.of(a, b));
        assertThat(EntryHash.of(Key.of("cart2"), List.of(a, b))).as("another key").isNotEqualTo(base);
        assertThat(EntryHash.of(key, List.of(a))).as("a sibling fewer").isNotEqualTo(base);
        assertThat(EntryHash.of(key, List.of(a, b, tombstone))).as("a tombstone more").isNotEqualTo(base);
        assertThat(EntryHash.of(key, List.of(after(a, "n1", "milk"), b))).as("a newer version").isNotEqualTo(base);
        assertThat(EntryHash.of(Key.of("x"), List.of(a))).isNotEqualTo(EntryHash.of(Key.of("y"), List.of(a)));
    }

    @Test
    void twoReplicasThatMergedTheSameVersionsInAnyOrderAgree() {
        MemoryStorage left = new MemoryStorage(new Partitioner(8));
        MemoryStorage right = new MemoryStorage(new Partitioner(8));
        Key key = Key.of("cart");
        left.put(key, a);
        left.put(key, b);
        left.put(key, tombstone);
        right.merge(key, List.of(tombstone, b));
        right.put(key, a);
        assertThat(EntryHash.of(key, left.get(key))).isEqualTo(EntryHash.of(key, right.get(key)));
    }
}
