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
import io.dynacart.store.transport.AntiEntropyMessage.KeyDigest;
import io.dynacart.store.transport.AntiEntropyMessage.KeySiblings;
import io.dynacart.store.transport.AntiEntropyMessage.NodeHash;
import io.dynacart.store.transport.AntiEntropyMessage.Push;
import io.dynacart.store.transport.AntiEntropyMessage.PushAck;
import io.dynacart.store.transport.AntiEntropyMessage.Siblings;
import java.util.ArrayList;
import java.util.List;

/**
 * The responder's side of an exchange: answers each request of an {@link ExchangeSession} from the
 * local replica. It keeps no state between requests, by design: an initiator that goes silent
 * leaves nothing behind here, and the initiator alone decides when a session is over.
 *
 * <p>It answers only about the partition named, and only with keys of it: a key of another
 * partition in a {@code Fetch} comes back with no siblings, and in a {@code Push} is not merged.
 * A request it cannot answer in kind (a tree of another depth, a node that does not exist) gets a
 * {@link Decline}, which ends the initiator's session.
 */
public final class ExchangeResponder {

    private final ReplicaView local;
    private final ExchangeLimits limits;

    public ExchangeResponder(ReplicaView local, ExchangeLimits limits) {
        this.local = local;
        this.limits = limits;
    }

    /** Whether {@code message} is a request, which this class answers (the rest are replies, for a session). */
    public static boolean isRequest(AntiEntropyMessage message) {
        return message instanceof HashesRequest || message instanceof DigestsRequest || message instanceof Fetch
                || message instanceof Push;
    }

    /** The answer to {@code request} (see {@link #isRequest}), and the sibling sets to merge for a {@code Push}. */
    public Step answer(AntiEntropyMessage request) {
        if (request.partition() >= local.partitioner().partitionCount()) {
            return decline(request);
        }
        if (request instanceof HashesRequest m) {
            return onHashes(m);
        } else if (request instanceof DigestsRequest m) {
            return onDigests(m);
        } else if (request instanceof Fetch m) {
            return onFetch(m);
        } else if (request instanceof Push m) {
            return onPush(m);
        }
        throw new IllegalArgumentException(request.getClass().getSimpleName() + " is not a request");
    }

    /** Ends the initiator's session, for a partition this node does not replicate or a request it cannot take. */
    public static Step decline(AntiEntropyMessage request) {
        return Step.send(List.of(new Decline(request.sessionId(), request.partition())));
    }

    private Step onHashes(HashesRequest m) {
        if (m.depth() != local.depth() || m.level() > m.depth()) {
            return decline(m);
        }
        PartitionId partition = PartitionId.of(m.partition());
        List<Integer> differing = new ArrayList<>();
        for (NodeHash node : m.nodes()) {
            if (node.index() >= MerkleTree.nodesAt(m.level())) {
                return decline(m);
            }
            if (local.hash(partition, m.level(), node.index()) != node.hash()) {
                differing.add(node.index());
            }
        }
        return Step.send(List.of(new HashesReply(m.sessionId(), m.partition(), m.requestId(), differing)));
    }

    private Step onDigests(DigestsRequest m) {
        int leaves = MerkleTree.nodesAt(local.depth());
        if (m.leaves().stream().anyMatch(leaf -> leaf >= leaves)) {
            return decline(m);
        }
        List<List<KeyDigest>> chunks = new ArrayList<>();
        List<KeyDigest> chunk = new ArrayList<>();
        long bytes = 0;
        for (KeyDigest digest : local.leafEntries(PartitionId.of(m.partition()), m.leaves())) {
            if (!chunk.isEmpty() && bytes + ExchangeLimits.sizeOf(digest) > limits.maxMessageBytes()) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(digest);
            bytes += ExchangeLimits.sizeOf(digest);
        }
        chunks.add(chunk);
        List<AntiEntropyMessage> out = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            out.add(new DigestsReply(m.sessionId(), m.partition(), m.requestId(), i, chunks.size(), chunks.get(i)));
        }
        return Step.send(out);
    }

    private Step onFetch(Fetch m) {
        List<KeySiblings> entries = new ArrayList<>();
        for (Key key : m.keys()) {
            boolean ours = inPartition(key, m.partition());
            entries.add(new KeySiblings(key, ours ? local.siblings(key) : List.of()));
        }
        List<AntiEntropyMessage> out = new ArrayList<>();
        for (List<KeySiblings> batch : limits.batches(entries)) {
            out.add(new Siblings(m.sessionId(), m.partition(), batch));
        }
        return Step.send(out);
    }

    private Step onPush(Push m) {
        List<KeySiblings> merge = m.entries().stream().filter(e -> inPartition(e.key(), m.partition())).toList();
        return new Step(List.of(new PushAck(m.sessionId(), m.partition(), m.requestId())), merge);
    }

    private boolean inPartition(Key key, int partition) {
        return local.partitioner().partitionOf(key.toByteArray()).index() == partition;
    }
}
