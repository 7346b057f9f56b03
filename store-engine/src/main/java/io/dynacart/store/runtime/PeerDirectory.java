package io.dynacart.store.runtime;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.Member;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.node.Node;
import java.net.InetSocketAddress;

/**
 * Where this node's TCP transport reaches a peer: the configured directory first, else what the
 * peer announced through gossip, else (before gossip has reached it) its seed address. The node
 * tells it every membership view it adopts ({@link #learn}); until the first, it knows only the
 * configuration. Any thread.
 */
final class PeerDirectory {

    private final NodeRuntimeConfig config;
    /** The node's latest view, or null before the node has told it one. */
    private volatile MembershipView view;

    PeerDirectory(NodeRuntimeConfig config) {
        this.config = config;
    }

    /** Takes {@code latest} as the view announced addresses come from. */
    void learn(MembershipView latest) {
        view = latest;
    }

    /** The address to connect to {@code peer} at, or null when nothing names one. */
    InetSocketAddress tcpOf(NodeId peer) {
        InetSocketAddress known = config.tcpOf(peer);
        if (known == null) {
            known = announced(peer);
        }
        return known != null ? known : config.discovery().seeds().get(peer);
    }

    private InetSocketAddress announced(NodeId peer) {
        MembershipView latest = view;
        if (latest == null) {
            return null;
        }
        return latest.member(peer)
                .map(Member::peerAddress)
                .filter(a -> !a.equals(Node.UNANNOUNCED))
                .map(a -> new InetSocketAddress(a.substring(0, a.lastIndexOf(':')),
                        Integer.parseInt(a.substring(a.lastIndexOf(':') + 1))))
                .orElse(null);
    }
}
