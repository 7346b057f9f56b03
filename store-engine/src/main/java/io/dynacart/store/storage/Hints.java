package io.dynacart.store.storage;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Map;

/**
 * Hinted handoff's half of a node's storage (paper, section 4.6): the versions a fallback keeps for
 * an unreachable primary, per intended node and key, reconciled like data and as durable as data
 * ({@link Storage#hints()}; the storage's {@link Storage#durability()} applies). Where a hint goes
 * is the ring's business, delivering it is {@code handoff.HintDelivery}'s.
 */
public interface Hints {

    /**
     * Keeps {@code siblings} of {@code key} for {@code intendedFor}, reconciled with what is already
     * held for that node and key; durable once it returns.
     */
    default void put(NodeId intendedFor, Key key, List<Versioned<Value>> siblings) {
        putNoWait(intendedFor, key, siblings, false).awaitDurable();
    }

    /**
     * {@link #put} that does not wait for the disk, for a node's event loop: returns once every later
     * hint read sees the change, with what the hint holds after it; {@link Merged#durable()} completes
     * once the change is as durable as {@link #put} makes it, or, when {@code forced}, once it is on
     * disk whatever the storage's durability. A value over {@link Value#MAX_BYTES} raises
     * {@link ValueTooLargeException} and nothing is kept.
     */
    Merged putNoWait(NodeId intendedFor, Key key, List<Versioned<Value>> siblings, boolean forced);

    /** Up to {@code limit} hints held for {@code intendedFor}, in no particular order. */
    List<StoredHint> forNode(NodeId intendedFor, int limit);

    /** How many keys are held as hints, per intended node (nodes with none are absent). */
    Map<NodeId, Long> counts();

    /**
     * Deletes the hint of {@code intendedFor} for {@code key} if it holds exactly the versions
     * {@code delivered} holds (compared by dots); a hint merged since it was read stays, to be
     * delivered again. Returns whether it was deleted. It need not be durable at once: a hint a crash
     * brings back is delivered again, which changes nothing on its receiver.
     */
    boolean delete(NodeId intendedFor, Key key, List<Versioned<Value>> delivered);

    /** The siblings of {@code key} held as hints for any node, reconciled: what a read served by a fallback adds. */
    List<Versioned<Value>> forKey(Key key);
}
