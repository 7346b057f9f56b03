package io.dynacart.store.api;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import java.util.List;
import java.util.Objects;

/**
 * Where a key lives, as one node sees it ({@code GET /placement/...}, docs/HTTP-API.md): its 128-bit
 * hash, its partition, and its preference list, the primaries first and then the fallbacks in the
 * order a sloppy quorum takes them, each with its zone and whether this node can reach it.
 *
 * @param node           the node whose view this is
 * @param key            the key
 * @param hash           the key's 128-bit hash (MurmurHash3), 32 hex digits: its position on the ring
 * @param partition      the partition that holds it
 * @param partitionCount the ring's partitions (Q)
 * @param ringVersion    the version of the ring this node routes with
 * @param n              how many replicas the key's namespace keeps
 * @param primaries      the key's first n nodes, the partition's owner first
 * @param fallbacks      every other node of the ring, in preference order
 */
public record KeyPlacement(NodeId node, Key key, String hash, int partition, int partitionCount, long ringVersion,
                           int n, List<Placed> primaries, List<Placed> fallbacks) {

    public KeyPlacement {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(hash, "hash");
        primaries = List.copyOf(primaries);
        fallbacks = List.copyOf(fallbacks);
    }

    /** Whether the node whose view this is can reach a node of the list now. */
    public enum State {
        /** It answers (or it is the node itself). */
        UP("up"),
        /** The failure detector avoids it: it stopped answering (stopped, crashed, or slow). */
        SUSPECTED("suspected"),
        /** A fault put on the network (a partition, the demo's or a test's) cuts it off from this node. */
        CUT_OFF("cut off");

        private final String text;

        State(String text) {
            this.text = text;
        }

        /** How the API and the tools write it: {@code up}, {@code suspected}, {@code cut off}. */
        public String text() {
            return text;
        }
    }

    /**
     * One node of the list.
     *
     * @param membership  its membership as gossip has it here: joining, up, leaving, left
     * @param suspicion   the failure detector's phi for it (0 for the node itself)
     * @param httpAddress where its HTTP API listens, as it announced it ("" before it has)
     */
    public record Placed(NodeId id, Zone zone, State state, String membership, double suspicion, String httpAddress) {
        public Placed {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(state, "state");
        }
    }
}
