package io.dynacart.store.antientropy;

import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.transport.AntiEntropyMessage;
import io.dynacart.store.transport.AntiEntropyMessage.Decline;
import io.dynacart.store.transport.AntiEntropyMessage.DigestsReply;
import io.dynacart.store.transport.AntiEntropyMessage.DigestsRequest;
import io.dynacart.store.transport.AntiEntropyMessage.Fetch;
import io.dynacart.store.transport.AntiEntropyMessage.HashesReply;
import io.dynacart.store.transport.AntiEntropyMessage.HashesRequest;
import io.dynacart.store.transport.AntiEntropyMessage.KeySiblings;
import io.dynacart.store.transport.AntiEntropyMessage.NodeHash;
import io.dynacart.store.transport.AntiEntropyMessage.Push;
import io.dynacart.store.transport.AntiEntropyMessage.PushAck;
import io.dynacart.store.transport.AntiEntropyMessage.Siblings;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The initiator's side of one exchange (paper, section 4.7): the tree of one partition against one
 * peer's ({@link ExchangeResponder} answers there). Pure: it reads the local replica through
 * {@link ReplicaView} and answers each {@link Event} with a {@link Step} (messages to send, sibling
 * sets to merge); its runner sends, merges, and turns the peer's silence into a deadline event.
 *
 * <pre>
 *   NEW --Start--&gt; COMPARING --all replies of a level in, some inner nodes differ--&gt; COMPARING (next level)
 *                    |   \--all replies in, nothing differs--&gt; COMPLETED
 *                    \--all replies of the leaf level in, some leaves differ--&gt; LISTING
 *   LISTING --all digests in--&gt; REPAIRING, or COMPLETED when no key differs after all
 *   REPAIRING --every fetched key arrived, every push acknowledged--&gt; COMPLETED
 *   NEW, COMPARING, LISTING, REPAIRING --Decline or DeadlinePassed--&gt; ABORTED
 * </pre>
 * Legal successors ({@code State.successors()}, checked by the one transition, {@code moveTo}):
 * NEW: COMPARING, ABORTED. COMPARING: LISTING, COMPLETED, ABORTED (a new level stays in COMPARING).
 * LISTING: REPAIRING, COMPLETED, ABORTED. REPAIRING: COMPLETED, ABORTED. COMPLETED and ABORTED: none
 * (every event is then ignored, and the session holds nothing but its counters).
 *
 * <p>What it moves: at the differing leaves it compares (key, entry hash) lists, then fetches the
 * keys the peer holds differently or alone and pushes the keys this side holds differently or
 * alone, whole sibling sets both ways; both sides merge, so concurrent siblings are kept. A key that
 * differs crosses the wire at most twice. Replies are matched by request id, so a duplicated or late
 * reply changes nothing; only keys it asked for, of its own partition, are merged.
 */
public final class ExchangeSession {

    /** See the class comment for the transitions. */
    public enum State {
        NEW, COMPARING, LISTING, REPAIRING, COMPLETED, ABORTED;

        public boolean isOver() {
            return this == COMPLETED || this == ABORTED;
        }

        /** The states this one may move to (a new level of hashes stays in COMPARING). */
        Set<State> successors() {
            return switch (this) {
                case NEW -> EnumSet.of(COMPARING, ABORTED);
                case COMPARING -> EnumSet.of(LISTING, COMPLETED, ABORTED);
                case LISTING -> EnumSet.of(REPAIRING, COMPLETED, ABORTED);
                case REPAIRING -> EnumSet.of(COMPLETED, ABORTED);
                case COMPLETED, ABORTED -> EnumSet.noneOf(State.class);
            };
        }
    }

    /** What can happen to a session. */
    public sealed interface Event {
        Event START = new Start();
        Event DEADLINE_PASSED = new DeadlinePassed();

        /** Begin: ask for the root. */
        record Start() implements Event {
        }

        /** The peer answered. */
        record Received(AntiEntropyMessage message) implements Event {
        }

        /** The peer was silent too long: give up, keeping nothing. */
        record DeadlinePassed() implements Event {
        }
    }

    private final long sessionId;
    private final PartitionId partition;
    private final ReplicaView local;
    private final ExchangeLimits limits;
    private State state = State.NEW;
    private int nextRequestId;
    private final Set<Integer> pending = new HashSet<>();
    private int level;
    private final BitSet asked = new BitSet();
    private final BitSet differing = new BitSet();
    private final Map<Integer, DigestListing> listings = new HashMap<>();
    private final Set<Key> awaited = new HashSet<>();
    private long keysReceived;
    private long keysSent;

    public ExchangeSession(long sessionId, PartitionId partition, ReplicaView local, ExchangeLimits limits) {
        this.sessionId = sessionId;
        this.partition = Objects.requireNonNull(partition, "partition");
        this.local = local;
        this.limits = limits;
    }

    /** Every transition of the session; see the class comment. */
    public Step handle(Event event) {
        if (state.isOver()) {
            return Step.NOTHING;
        }
        if (event instanceof Event.Start) {
            if (state != State.NEW) {
                return Step.NOTHING;
            }
            moveTo(State.COMPARING);
            return askHashes(0, List.of(0));
        }
        if (event instanceof Event.DeadlinePassed) {
            return end(State.ABORTED);
        }
        AntiEntropyMessage m = ((Event.Received) event).message();
        if (state == State.NEW || m.sessionId() != sessionId || m.partition() != partition.index()) {
            return Step.NOTHING;
        }
        if (m instanceof Decline) {
            return end(State.ABORTED);
        }
        if (state == State.COMPARING && m instanceof HashesReply r && took(r) && pending.isEmpty()) {
            if (differing.isEmpty()) {
                return end(State.COMPLETED);
            }
            if (level < local.depth()) {
                return askHashes(level + 1, childrenOfDiffering());
            }
            moveTo(State.LISTING);
            return askDigests(differing.stream().boxed().toList());
        }
        if (state == State.LISTING && m instanceof DigestsReply r && took(r) && pending.isEmpty()) {
            Step repair = repair();
            moveTo(State.REPAIRING);
            return done() ? end(State.COMPLETED, repair) : repair;
        }
        if (state == State.REPAIRING && (m instanceof Siblings || m instanceof PushAck)) {
            Step step = took(m);
            return done() ? end(State.COMPLETED, step) : step;
        }
        return Step.NOTHING;
    }

    public long sessionId() {
        return sessionId;
    }

    public PartitionId partition() {
        return partition;
    }

    public State state() {
        return state;
    }

    /** Keys whose sibling sets the peer sent and this side merged. */
    public long keysReceived() {
        return keysReceived;
    }

    /** Keys whose sibling sets this side pushed. */
    public long keysSent() {
        return keysSent;
    }

    private Step end(State last) {
        return end(last, Step.NOTHING);
    }

    /** Enters a final state, then answers {@code step}. */
    private Step end(State last, Step step) {
        moveTo(last);
        return step;
    }

    /**
     * The one place the state changes: checked against {@link State#successors()} (an illegal move is
     * a bug and throws, changing nothing); entering a final state lets go of everything but the
     * counters.
     */
    private void moveTo(State next) {
        if (!state.successors().contains(next)) {
            throw new IllegalStateException("exchange " + sessionId + " of " + partition + " cannot go from " + state
                    + " to " + next);
        }
        state = next;
        if (next.isOver()) {
            pending.clear();
            asked.clear();
            differing.clear();
            listings.clear();
            awaited.clear();
        }
    }

    private boolean done() {
        return pending.isEmpty() && awaited.isEmpty();
    }

    /** Starts a level: sends this side's hashes of {@code indexes}, in messages of bounded size. */
    private Step askHashes(int newLevel, List<Integer> indexes) {
        level = newLevel;
        asked.clear();
        differing.clear();
        List<AntiEntropyMessage> out = new ArrayList<>();
        List<NodeHash> batch = new ArrayList<>();
        for (int index : indexes) {
            asked.set(index);
            batch.add(new NodeHash(index, local.hash(partition, level, index)));
            if (batch.size() == limits.maxNodesPerMessage()) {
                out.add(hashesRequest(batch));
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            out.add(hashesRequest(batch));
        }
        return Step.send(out);
    }

    private HashesRequest hashesRequest(List<NodeHash> nodes) {
        int id = nextRequestId++;
        pending.add(id);
        return new HashesRequest(sessionId, partition.index(), id, level, local.depth(), nodes);
    }

    private boolean took(HashesReply reply) {
        if (!pending.remove(reply.requestId())) {
            return false;
        }
        reply.differing().stream().filter(asked::get).forEach(differing::set);
        return true;
    }

    private List<Integer> childrenOfDiffering() {
        List<Integer> children = new ArrayList<>();
        differing.stream().forEach(parent -> {
            for (int i = 0; i < MerkleTree.FANOUT; i++) {
                children.add(parent * MerkleTree.FANOUT + i);
            }
        });
        return children;
    }

    private Step askDigests(List<Integer> leaves) {
        List<AntiEntropyMessage> out = new ArrayList<>();
        for (int from = 0; from < leaves.size(); from += limits.maxLeavesPerRequest()) {
            List<Integer> batch = leaves.subList(from, Math.min(leaves.size(), from + limits.maxLeavesPerRequest()));
            int id = nextRequestId++;
            pending.add(id);
            listings.put(id, new DigestListing(batch));
            out.add(new DigestsRequest(sessionId, partition.index(), id, batch));
        }
        return Step.send(out);
    }

    private boolean took(DigestsReply reply) {
        DigestListing listing = listings.get(reply.requestId());
        if (listing == null || !pending.contains(reply.requestId()) || !listing.add(reply)) {
            return false;
        }
        if (listing.complete()) {
            pending.remove(reply.requestId());
        }
        return true;
    }

    /** Compares the peer's digests with this side's, then fetches and pushes what differs. */
    private Step repair() {
        SortedMap<Key, Long> theirs = new TreeMap<>();
        List<Integer> leaves = new ArrayList<>();
        for (DigestListing listing : listings.values()) {
            leaves.addAll(listing.leaves());
            listing.entries().stream().filter(d -> inPartition(d.key())).forEach(d -> theirs.put(d.key(), d.entryHash()));
        }
        listings.clear();
        SortedMap<Key, Long> mine = new TreeMap<>();
        local.leafEntries(partition, leaves).forEach(d -> mine.put(d.key(), d.entryHash()));
        KeyDiff diff = KeyDiff.of(theirs, mine);
        List<Key> fetch = diff.fetch();
        List<KeySiblings> push = new ArrayList<>();
        for (Key key : diff.push()) {
            KeySiblings entry = new KeySiblings(key, local.siblings(key));
            if (!entry.siblings().isEmpty()) {
                push.add(entry);
            }
        }
        List<AntiEntropyMessage> out = new ArrayList<>();
        for (int from = 0; from < fetch.size(); from += limits.maxKeysPerFetch()) {
            List<Key> batch = fetch.subList(from, Math.min(fetch.size(), from + limits.maxKeysPerFetch()));
            awaited.addAll(batch);
            out.add(new Fetch(sessionId, partition.index(), batch));
        }
        if (!push.isEmpty()) {
            for (List<KeySiblings> batch : limits.batches(push)) {
                int id = nextRequestId++;
                pending.add(id);
                out.add(new Push(sessionId, partition.index(), id, batch));
            }
            keysSent += push.size();
        }
        return Step.send(out);
    }

    private Step took(AntiEntropyMessage reply) {
        if (reply instanceof PushAck ack) {
            pending.remove(ack.requestId());
            return Step.NOTHING;
        }
        List<KeySiblings> merge = new ArrayList<>();
        for (KeySiblings entry : ((Siblings) reply).entries()) {
            if (awaited.remove(entry.key()) && !entry.siblings().isEmpty()) {
                merge.add(entry);
            }
        }
        keysReceived += merge.size();
        return new Step(List.of(), merge);
    }

    private boolean inPartition(Key key) {
        return local.partitioner().partitionOf(key.toByteArray()).index() == partition.index();
    }
}
