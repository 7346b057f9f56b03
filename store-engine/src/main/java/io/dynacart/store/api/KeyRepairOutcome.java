package io.dynacart.store.api;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Objects;

/**
 * What a read repair of one key found and changed ({@code POST /admin/repair/...}, docs/HTTP-API.md):
 * the coordinator read every primary of the key, reconciled the copies and wrote the merge to each
 * primary that lacked a version of it.
 *
 * @param key                   the key repaired
 * @param coordinator           the node that ran the repair
 * @param partition             the key's partition
 * @param merged                the reconciliation of every copy read: what each primary holds once repaired
 * @param replicas              each of the key's primaries, in preference order, with what happened to it
 * @param antiEntropyExchanges  anti-entropy exchanges of the key's partition queued with it, or -1 when
 *                              none were asked for
 */
public record KeyRepairOutcome(Key key, NodeId coordinator, int partition, List<Versioned<Value>> merged,
                               List<ReplicaRepair> replicas, int antiEntropyExchanges) {

    public KeyRepairOutcome {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(coordinator, "coordinator");
        merged = List.copyOf(merged);
        replicas = List.copyOf(replicas);
    }

    /** What happened to one primary's copy. */
    public enum Result {
        /** It held every version of the merge already: nothing was written to it. */
        IN_SYNC("in sync"),
        /** It lacked versions of the merge; it was sent the merge and acknowledged it. */
        REPAIRED("repaired"),
        /** It did not answer the read (stopped, cut off, or too slow): it was not repaired. */
        UNREACHABLE("unreachable"),
        /** It answered that it could not read or store the key, or did not acknowledge the merge in time. */
        FAILED("failed");

        private final String text;

        Result(String text) {
            this.text = text;
        }

        /** How the API and the tools write it: {@code in sync}, {@code repaired}, {@code unreachable}, {@code failed}. */
        public String text() {
            return text;
        }
    }

    /**
     * One primary's part.
     *
     * @param versionsHeld   the versions it held when read (0 if it did not answer)
     * @param versionsLacked how many versions of the merge it lacked when read (0 if it did not answer)
     */
    public record ReplicaRepair(NodeId node, Result result, int versionsHeld, int versionsLacked) {
        public ReplicaRepair {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(result, "result");
        }
    }

    /** This outcome with {@code exchanges} anti-entropy exchanges of the partition queued beside it. */
    public KeyRepairOutcome withAntiEntropyExchanges(int exchanges) {
        return new KeyRepairOutcome(key, coordinator, partition, merged, replicas, exchanges);
    }

    /** How many primaries were repaired. */
    public long repairedCount() {
        return replicas.stream().filter(r -> r.result() == Result.REPAIRED).count();
    }
}
