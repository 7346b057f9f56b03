package io.dynacart.store.transport;

import static io.dynacart.store.transport.WireFields.writeAscii;
import static io.dynacart.store.transport.WireFields.writeContext;
import static io.dynacart.store.transport.WireFields.writeCursor;
import static io.dynacart.store.transport.WireFields.writeEntries;
import static io.dynacart.store.transport.WireFields.writeFlag;
import static io.dynacart.store.transport.WireFields.writeIndexes;
import static io.dynacart.store.transport.WireFields.writeInt;
import static io.dynacart.store.transport.WireFields.writeKey;
import static io.dynacart.store.transport.WireFields.writeKeyDigests;
import static io.dynacart.store.transport.WireFields.writeKeySiblings;
import static io.dynacart.store.transport.WireFields.writeKeys;
import static io.dynacart.store.transport.WireFields.writeLong;
import static io.dynacart.store.transport.WireFields.writeNode;
import static io.dynacart.store.transport.WireFields.writeNodeHashes;
import static io.dynacart.store.transport.WireFields.writeNodes;
import static io.dynacart.store.transport.WireFields.writeQuorum;
import static io.dynacart.store.transport.WireFields.writeReason;
import static io.dynacart.store.transport.WireFields.writeSiblings;
import static io.dynacart.store.transport.WireFields.writeValue;
import static io.dynacart.store.transport.WireFields.writeView;

import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.transport.GossipMessage.Push;
import io.dynacart.store.transport.GossipMessage.Reply;
import io.dynacart.store.transport.HandoffMessage.DeliverHint;
import io.dynacart.store.transport.HandoffMessage.HintDeliveryAck;
import io.dynacart.store.transport.ProbeMessage.Ping;
import io.dynacart.store.transport.ProbeMessage.Pong;
import io.dynacart.store.transport.ReplicationMessage.ForwardPut;
import io.dynacart.store.transport.ReplicationMessage.ForwardPutAccepted;
import io.dynacart.store.transport.ReplicationMessage.ForwardPutDone;
import io.dynacart.store.transport.ReplicationMessage.ForwardPutFailed;
import io.dynacart.store.transport.ReplicationMessage.ForwardPutRefused;
import io.dynacart.store.transport.ReplicationMessage.HintedWrite;
import io.dynacart.store.transport.ReplicationMessage.Read;
import io.dynacart.store.transport.ReplicationMessage.ReadReply;
import io.dynacart.store.transport.ReplicationMessage.ReplicaFailed;
import io.dynacart.store.transport.ReplicationMessage.Repair;
import io.dynacart.store.transport.ReplicationMessage.Write;
import io.dynacart.store.transport.ReplicationMessage.WriteAck;

/**
 * The encoding half of {@link MessageCodec}: a tag, then the components in declaration order. Java 17
 * has no pattern matching for switch, so each family is an {@code instanceof} chain that ends in an
 * exception; {@code MessageCodecTest} walks the sealed hierarchy so that a new record cannot miss its
 * branch unnoticed.
 */
final class MessageWriter {

    private MessageWriter() {
    }

    static void write(ByteWriter out, Message message) {
        if (message instanceof ReplicationMessage m) {
            writeReplication(out, m);
        } else if (message instanceof HandoffMessage m) {
            writeHandoff(out, m);
        } else if (message instanceof ProbeMessage m) {
            writeProbe(out, m);
        } else if (message instanceof GossipMessage m) {
            writeGossip(out, m);
        } else if (message instanceof TransferMessage m) {
            writeTransfer(out, m);
        } else if (message instanceof AntiEntropyMessage m) {
            writeAntiEntropy(out, m);
        } else {
            throw noTag(message);
        }
    }

    private static void writeReplication(ByteWriter out, ReplicationMessage message) {
        if (message instanceof Write m) {
            writeLong(out.writeByte(m.durable() ? MessageCodec.DURABLE_WRITE : MessageCodec.WRITE), m.requestId());
            writeKey(out, m.key());
            writeSiblings(out, m.siblings());
        } else if (message instanceof HintedWrite m) {
            writeLong(out.writeByte(MessageCodec.HINTED_WRITE), m.requestId());
            writeNode(out, m.intendedFor());
            writeKey(out, m.key());
            writeSiblings(out, m.siblings());
        } else if (message instanceof WriteAck m) {
            writeLong(out.writeByte(MessageCodec.WRITE_ACK), m.requestId());
        } else if (message instanceof Read m) {
            writeLong(out.writeByte(MessageCodec.READ), m.requestId());
            writeKey(out, m.key());
        } else if (message instanceof ReadReply m) {
            writeLong(out.writeByte(MessageCodec.READ_REPLY), m.requestId());
            writeSiblings(out, m.siblings());
        } else if (message instanceof ReplicaFailed m) {
            writeLong(out.writeByte(MessageCodec.REPLICA_FAILED), m.requestId());
        } else if (message instanceof Repair m) {
            writeKey(out.writeByte(MessageCodec.REPAIR), m.key());
            writeSiblings(out, m.siblings());
        } else {
            writeForwarding(out, message);
        }
    }

    /** The messages of a put forwarded to a coordinator among the key's first N. */
    private static void writeForwarding(ByteWriter out, ReplicationMessage message) {
        if (message instanceof ForwardPut m) {
            writeLong(out.writeByte(MessageCodec.FORWARD_PUT), m.requestId());
            writeKey(out, m.key());
            writeContext(out, m.context());
            writeValue(out, m.value(), "value");
            writeQuorum(out, m.quorum());
        } else if (message instanceof ForwardPutAccepted m) {
            writeLong(out.writeByte(MessageCodec.FORWARD_PUT_ACCEPTED), m.requestId());
        } else if (message instanceof ForwardPutDone m) {
            writeLong(out.writeByte(MessageCodec.FORWARD_PUT_DONE), m.requestId());
            writeContext(out, m.context());
        } else if (message instanceof ForwardPutFailed m) {
            writeLong(out.writeByte(MessageCodec.FORWARD_PUT_FAILED), m.requestId());
            writeInt(out, m.required());
            writeInt(out, m.answered());
            writeNodes(out, m.missing());
        } else if (message instanceof ForwardPutRefused m) {
            writeLong(out.writeByte(MessageCodec.FORWARD_PUT_REFUSED), m.requestId());
            out.writeByte(m.refusal().code());
            writeAscii(out, m.detail());
        } else {
            throw noTag(message);
        }
    }

    private static void writeHandoff(ByteWriter out, HandoffMessage message) {
        if (message instanceof DeliverHint m) {
            writeLong(out.writeByte(MessageCodec.HINT_DELIVERY), m.deliveryId());
            writeKey(out, m.key());
            writeSiblings(out, m.siblings());
        } else if (message instanceof HintDeliveryAck m) {
            writeLong(out.writeByte(MessageCodec.HINT_DELIVERY_ACK), m.deliveryId());
        } else {
            throw noTag(message);
        }
    }

    private static void writeProbe(ByteWriter out, ProbeMessage message) {
        if (message instanceof Ping m) {
            writeLong(out.writeByte(MessageCodec.PING), m.seq());
        } else if (message instanceof Pong m) {
            writeLong(out.writeByte(MessageCodec.PONG), m.seq());
        } else {
            throw noTag(message);
        }
    }

    private static void writeGossip(ByteWriter out, GossipMessage message) {
        if (message instanceof Push m) {
            writeView(out.writeByte(MessageCodec.GOSSIP_PUSH), m.view());
        } else if (message instanceof Reply m) {
            writeView(out.writeByte(MessageCodec.GOSSIP_REPLY), m.view());
        } else {
            throw noTag(message);
        }
    }

    private static void writeTransfer(ByteWriter out, TransferMessage message) {
        if (message instanceof TransferMessage.ChunkRequest m) {
            writeLong(out.writeByte(MessageCodec.CHUNK_REQUEST), m.transferId());
            writeInt(out, m.partition());
            writeCursor(out, m.after());
            writeInt(out, m.maxBytes());
        } else if (message instanceof TransferMessage.Chunk m) {
            writeLong(out.writeByte(MessageCodec.CHUNK), m.transferId());
            writeInt(out, m.partition());
            writeCursor(out, m.after());
            writeEntries(out, m.entries());
            writeFlag(out, m.last());
        } else if (message instanceof TransferMessage.Refused m) {
            writeLong(out.writeByte(MessageCodec.REFUSED), m.transferId());
            writeInt(out, m.partition());
            writeReason(out, m.reason());
        } else {
            throw noTag(message);
        }
    }

    /** Every anti-entropy message starts with its session id and partition, after the tag. */
    private static void writeAntiEntropy(ByteWriter out, AntiEntropyMessage message) {
        writeLong(out.writeByte(antiEntropyTag(message)), message.sessionId());
        writeInt(out, message.partition());
        if (message instanceof AntiEntropyMessage.HashesRequest m) {
            writeInt(out, m.requestId());
            writeInt(out, m.level());
            writeInt(out, m.depth());
            writeNodeHashes(out, m.nodes());
        } else if (message instanceof AntiEntropyMessage.HashesReply m) {
            writeInt(out, m.requestId());
            writeIndexes(out, m.differing());
        } else if (message instanceof AntiEntropyMessage.DigestsRequest m) {
            writeInt(out, m.requestId());
            writeIndexes(out, m.leaves());
        } else if (message instanceof AntiEntropyMessage.DigestsReply m) {
            writeInt(out, m.requestId());
            writeInt(out, m.chunk());
            writeInt(out, m.chunks());
            writeKeyDigests(out, m.entries());
        } else if (message instanceof AntiEntropyMessage.Fetch m) {
            writeKeys(out, m.keys());
        } else if (message instanceof AntiEntropyMessage.Siblings m) {
            writeKeySiblings(out, m.entries());
        } else if (message instanceof AntiEntropyMessage.Push m) {
            writeInt(out, m.requestId());
            writeKeySiblings(out, m.entries());
        } else if (message instanceof AntiEntropyMessage.PushAck m) {
            writeInt(out, m.requestId());
        }
    }

    private static int antiEntropyTag(AntiEntropyMessage message) {
        if (message instanceof AntiEntropyMessage.HashesRequest) {
            return MessageCodec.AE_HASHES_REQUEST;
        } else if (message instanceof AntiEntropyMessage.HashesReply) {
            return MessageCodec.AE_HASHES_REPLY;
        } else if (message instanceof AntiEntropyMessage.DigestsRequest) {
            return MessageCodec.AE_DIGESTS_REQUEST;
        } else if (message instanceof AntiEntropyMessage.DigestsReply) {
            return MessageCodec.AE_DIGESTS_REPLY;
        } else if (message instanceof AntiEntropyMessage.Fetch) {
            return MessageCodec.AE_FETCH;
        } else if (message instanceof AntiEntropyMessage.Siblings) {
            return MessageCodec.AE_SIBLINGS;
        } else if (message instanceof AntiEntropyMessage.Push) {
            return MessageCodec.AE_PUSH;
        } else if (message instanceof AntiEntropyMessage.PushAck) {
            return MessageCodec.AE_PUSH_ACK;
        } else if (message instanceof AntiEntropyMessage.Decline) {
            return MessageCodec.AE_DECLINE;
        }
        throw noTag(message);
    }

    private static IllegalArgumentException noTag(Message message) {
        return new IllegalArgumentException(message.getClass().getName() + " has no codec tag; give it one in"
                + " MessageCodec (a tag never used before) and a branch in MessageWriter");
    }
}
