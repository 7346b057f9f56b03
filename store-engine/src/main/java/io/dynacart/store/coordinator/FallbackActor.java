package io.dynacart.store.coordinator;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Versioned;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names under which this node stamps the puts it coordinates for keys it is not a replica of
 * (a take-over, see {@link ForwardedPut}): {@code <actor>_<generation>.<epoch>}, e.g.
 * {@code n2_mj8k3c1x.4}.
 *
 * <p>Why not the node's own name: a dot is safe to issue only if the issuer holds every live version
 * it issued before under that name for the key, and never issues a counter twice (the rules
 * {@code DottedVersionVector} relies on); a fallback holds a key's versions only as hints, which it
 * forgets once they are delivered. So the first fallback write of a key takes a fresh name (a new
 * epoch), later ones reuse it while that is safe, and the name is retired for the key when a deleted
 * hint held a version issued under it (the hint went to its primary: this node no longer holds it)
 * or when no hint of the key is left here. The generation (this start's, as gossip has it) keeps the
 * names of different starts apart. A key thus gains one clock entry per spell of fallback writes
 * through a node (a partition, an outage); the usual truncation bounds its clock.
 *
 * <p>Confined to the node's event loop.
 */
final class FallbackActor {

    /** The name in use for one key, and the highest counter issued under it. */
    private record InUse(NodeId actor, long highest) {
    }

    private final String prefix;
    private final Map<Key, InUse> inUse = new HashMap<>();
    private long lastEpoch = -1;

    FallbackActor(NodeId actor, long generation) {
        String p = actor.value() + "_" + Long.toString(generation, 36) + ".";
        if (p.length() + 19 > NodeId.MAX_LENGTH) {
            throw new IllegalArgumentException("node id " + actor + " is too long to name fallback writes; at most "
                    + (NodeId.MAX_LENGTH - 19 - (p.length() - actor.value().length())) + " characters are allowed");
        }
        this.prefix = p;
    }

    /** The name to stamp the next fallback write of {@code key} with. */
    NodeId forKey(Key key) {
        return inUse.computeIfAbsent(key, k -> new InUse(NodeId.of(prefix + ++lastEpoch), 0)).actor();
    }

    /**
     * Whether {@code counter} may be issued under {@code actor} for {@code key}: above every counter
     * issued before. Records it when it may; retires the name when it may not (the caller then asks
     * {@link #forKey} again for a fresh one).
     */
    boolean issue(Key key, NodeId actor, long counter) {
        InUse current = inUse.get(key);
        if (current == null || !current.actor().equals(actor) || counter <= current.highest()) {
            inUse.remove(key);
            return false;
        }
        inUse.put(key, new InUse(actor, counter));
        return true;
    }

    /** A hint of {@code key} holding {@code siblings} was deleted; {@code noneLeft}: no hint of the key is left here. */
    void forget(Key key, List<Versioned<Value>> siblings, boolean noneLeft) {
        InUse current = inUse.get(key);
        if (current != null && (noneLeft
                || siblings.stream().anyMatch(v -> v.dot().node().equals(current.actor())))) {
            inUse.remove(key);
        }
    }
}
