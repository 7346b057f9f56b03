package io.dynacart.store.api;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a get returns: every concurrent version of the key (deletes included, as tombstones) and the
 * context to pass to the put that reconciles them. A key whose versions are all deletes is not
 * found, but its context still matters: a put with it supersedes the deletes.
 *
 * @param siblings      every concurrent version, values and tombstones, in a stable order
 * @param fallbacksOnly true when none of the nodes that answered is one of the key's N replicas: a
 *                      partition cut the coordinator off from all of them, and the read saw only what
 *                      fallbacks hold for them (hints). Versions the replicas hold may be missing, so
 *                      "not found" then means "not found on this side of the partition".
 * @param fastestReplica the replica of the key (one of its N primaries) whose reply reached the read's
 *                      coordinator first, when the coordinator said so: the node a client should send
 *                      the put that follows this read to (paper, section 6.4). Empty when unknown (an
 *                      older node, or only fallbacks replied). Not part of what was read: two results
 *                      that read the same versions are equal whichever replica replied first.
 */
public record GetResult(Key key, List<Versioned<Value>> siblings, Context context, boolean fallbacksOnly,
                        Optional<NodeId> fastestReplica) {

    public GetResult {
        Objects.requireNonNull(key, "key");
        siblings = List.copyOf(siblings);
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(fastestReplica, "fastestReplica");
    }

    /** A result that does not say which replica replied first. */
    public GetResult(Key key, List<Versioned<Value>> siblings, Context context, boolean fallbacksOnly) {
        this(key, siblings, context, fallbacksOnly, Optional.empty());
    }

    /** A result that a replica of the key took part in. */
    public GetResult(Key key, List<Versioned<Value>> siblings, Context context) {
        this(key, siblings, context, false, Optional.empty());
    }

    /** The result of reading {@code siblings} for {@code key}. */
    public static GetResult of(Key key, List<Versioned<Value>> siblings) {
        return of(key, siblings, false);
    }

    /** The result of reading {@code siblings} for {@code key}, from fallbacks alone or not. */
    public static GetResult of(Key key, List<Versioned<Value>> siblings, boolean fallbacksOnly) {
        return new GetResult(key, siblings, Context.of(siblings), fallbacksOnly);
    }

    /** This result, saying that {@code node} (null: nobody known) replied first. */
    public GetResult withFastestReplica(NodeId node) {
        return new GetResult(key, siblings, context, fallbacksOnly, Optional.ofNullable(node));
    }

    /** Equal when they read the same: key, siblings, context and fallbacksOnly; not {@link #fastestReplica}. */
    @Override
    public boolean equals(Object o) {
        return o instanceof GetResult r && key.equals(r.key) && siblings.equals(r.siblings) && context.equals(r.context)
                && fallbacksOnly == r.fallbacksOnly;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, siblings, context, fallbacksOnly);
    }

    /** The siblings that hold a value (not deletes). */
    public List<Versioned<Value>> versions() {
        return siblings.stream().filter(v -> v.value() instanceof Value.Bytes).toList();
    }

    /** Whether any sibling holds a value. */
    public boolean found() {
        return siblings.stream().anyMatch(v -> v.value() instanceof Value.Bytes);
    }

    /** The values as bytes, copied, in the order of {@link #versions()}. */
    public List<byte[]> values() {
        return versions().stream().map(v -> ((Value.Bytes) v.value()).toByteArray()).toList();
    }

    /** How many concurrent deletes the read saw. */
    public int tombstones() {
        return siblings.size() - versions().size();
    }

    /** How many versions the read saw, deletes included: the divergence a client had to merge. */
    public int versionCount() {
        return siblings.size();
    }
}
