package io.dynacart.store.antientropy;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.Versioned;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The 64-bit hash of one key's sibling set: what a Merkle leaf sums, and what two replicas compare
 * key by key.
 *
 * <p>What it hashes: the key's hash and the <em>dots</em> of its siblings, not their values. A dot
 * names one write for good (two versions with the same dot are the same version, which is how
 * {@code Reconciliation.sameVersions} compares), so two replicas holding the same versions agree
 * on the hash, and a difference in the hash is exactly a difference that merging can repair. Hashing
 * values as well would cost a pass over up to 1 MiB on every write and find nothing more: replicas
 * whose dots agree but bytes differ cannot be reconciled by a merge, and an exchange would resend
 * them forever.
 *
 * <p>Order independence: each dot is hashed alone (MurmurHash3 of its node, counter and timestamp)
 * and the results are summed, a commutative combination, so the listing order of siblings never
 * matters. The sum and the key's hash then go through a final mix, so that the sums a leaf adds up
 * are not linear in the per-dot hashes (one key's change cannot cancel another's by construction).
 */
public final class EntryHash {

    private EntryHash() {
    }

    /** The entry hash of {@code key} holding {@code siblings}. */
    public static long of(Key key, List<Versioned<Value>> siblings) {
        return of(KeyHash.of(key), siblings);
    }

    /** The entry hash of the key whose hash is {@code keyHash}, holding {@code siblings}. */
    public static long of(KeyHash keyHash, List<Versioned<Value>> siblings) {
        long sum = 0;
        for (Versioned<Value> sibling : siblings) {
            sum += ofDot(sibling.dot());
        }
        return mix(sum + mix(keyHash.high() ^ Long.rotateLeft(keyHash.low(), 31)));
    }

    /** One version's share of an entry hash. */
    static long ofDot(Dot dot) {
        byte[] node = dot.node().value().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer bytes = ByteBuffer.allocate(node.length + 16);
        bytes.put(node).putLong(dot.counter()).putLong(dot.timestampMillis());
        return KeyHash.of(bytes.array()).high();
    }

    /** MurmurHash3's 64-bit finalizer: every input bit affects every output bit. */
    static long mix(long k) {
        return KeyHash.fmix64(k);
    }
}
