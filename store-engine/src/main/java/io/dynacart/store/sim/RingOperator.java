package io.dynacart.store.sim;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.MemberStatus;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.membership.Proposals;
import io.dynacart.store.node.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The operator of a simulated cluster: carries out joins and leaves one at a time, as
 * {@link Proposals} asks (a second change is refused while one is in flight), and retries what a
 * crash or a partition swallowed. Every {@value #CHECK_MILLIS} ms it looks at the running nodes'
 * views and takes the next step of the change in hand:
 * <pre>
 *   join:  start the node (seeds: the members) -> propose once some node knows it -> wait until
 *          every running view has it UP
 *   leave: propose -> wait until every running view has it LEFT and it holds no hints -> stop it
 *          for good
 * </pre>
 * A proposal is made at the running node with the latest ring and no transition, and made again if
 * no running view holds it any more (its proposer crashed before gossiping it).
 */
final class RingOperator {

    static final long CHECK_MILLIS = 250;

    /** One change asked for. */
    sealed interface Change permits Join, Leave {
        NodeId node();
    }

    record Join(NodeId node) implements Change {
        @Override
        public String toString() {
            return "join " + node;
        }
    }

    record Leave(NodeId node) implements Change {
        @Override
        public String toString() {
            return "leave " + node;
        }
    }

    private final SimCluster cluster;
    private final Deque<Change> queue = new ArrayDeque<>();
    private final List<String> log = new ArrayList<>();
    private Change current;
    private long startedAt;
    private boolean checking;

    RingOperator(SimCluster cluster) {
        this.cluster = cluster;
    }

    void join(NodeId node) {
        submit(new Join(node));
    }

    void leave(NodeId node) {
        submit(new Leave(node));
    }

    boolean settled() {
        return current == null && queue.isEmpty();
    }

    List<String> log() {
        return List.copyOf(log);
    }

    private void submit(Change change) {
        queue.add(change);
        if (!checking) {
            checking = true;
            cluster.scheduler().execute(this::check);
        }
    }

    private void check() {
        if (current == null) {
            current = queue.poll();
            if (current == null) {
                checking = false;
                return;
            }
            startedAt = cluster.scheduler().now();
            note("begin " + current);
            if (current instanceof Join) {
                cluster.add(current.node());
            }
        }
        boolean done = current instanceof Join j ? stepJoin(j.node()) : stepLeave(current.node());
        if (done) {
            note("done " + current + " after " + (cluster.scheduler().now() - startedAt) + " ms");
            current = null;
        }
        cluster.scheduler().schedule(CHECK_MILLIS, this::check);
    }

    /** One step of a join; true once every running node's ring holds the node (UP everywhere). */
    private boolean stepJoin(NodeId node) {
        Map<NodeId, MembershipView> views = cluster.views();
        if (views.values().stream().allMatch(v -> v.status(node) == MemberStatus.UP)) {
            return true;
        }
        if (views.values().stream().anyMatch(v -> v.ring().weights().containsKey(node))) {
            return false; // the ring switched somewhere; gossip brings it to the rest
        }
        if (views.values().stream().noneMatch(v -> v.status(node) == MemberStatus.JOINING)) {
            propose(views, v -> v.members().containsKey(node), v -> Proposals.join(v, node, 1), "join " + node);
        }
        return false;
    }

    /**
     * One step of a leave; true once the node is LEFT in every running view, holds no hints, and has
     * been stopped. A leaver may hold the only copy of a write besides a hint for a replica the ring
     * is moving to (it coordinated the write during the change and that replica missed it); stopped
     * at once, it would take that write with it (simulation seed 2729), so it is stopped only once its
     * hint delivery has handed on every hint (a leaver that is down waits for its restart).
     */
    private boolean stepLeave(NodeId node) {
        Map<NodeId, MembershipView> views = cluster.views();
        if (!views.isEmpty() && views.values().stream().allMatch(v -> v.status(node) == MemberStatus.LEFT)) {
            if (cluster.node(node) == null || !cluster.storage(node).hints().counts().isEmpty()) {
                return false;
            }
            cluster.depart(node);
            return true;
        }
        boolean inFlight = views.values().stream().anyMatch(v -> v.status(node) != MemberStatus.UP);
        if (!inFlight) {
            propose(views, v -> true, v -> Proposals.leave(v, node), "leave " + node);
        }
        return false;
    }

    /** Proposes {@code change} at the running node with the latest ring and no transition that {@code ready} accepts. */
    private void propose(Map<NodeId, MembershipView> views, Predicate<MembershipView> ready,
                         UnaryOperator<MembershipView> change, String what) {
        Optional<NodeId> proposer = views.entrySet().stream()
                .filter(e -> e.getValue().transition().isEmpty() && ready.test(e.getValue()))
                .max(Comparator.comparingLong(e -> e.getValue().ring().version()))
                .map(Map.Entry::getKey);
        if (proposer.isEmpty()) {
            return;
        }
        long latest = views.values().stream().mapToLong(v -> v.ring().version()).max().orElse(0);
        Node node = cluster.node(proposer.get());
        if (node.status().view().ring().version() < latest) {
            return; // every node that has the latest ring is busy with a transition; wait for it
        }
        try {
            node.propose(change);
            note("proposed " + what + " at " + proposer.get());
        } catch (IllegalStateException | IllegalArgumentException refused) {
            note("refused " + what + " at " + proposer.get() + ": " + refused.getMessage());
        }
    }

    private void note(String event) {
        log.add(cluster.scheduler().now() + " ms: " + event);
        cluster.note(current == null ? null : current.node(), Timeline.Kind.RING, "operator: " + event);
    }
}
