package io.dynacart.store.transport;

import static io.dynacart.store.transport.WireFields.readAscii;
import static io.dynacart.store.transport.WireFields.readContext;
import static io.dynacart.store.transport.WireFields.readCursor;
import static io.dynacart.store.transport.WireFields.readEntries;
import static io.dynacart.store.transport.WireFields.readFlag;
import static io.dynacart.store.transport.WireFields.readIndexes;
import static io.dynacart.store.transport.WireFields.readInt;
import static io.dynacart.store.transport.WireFields.readKey;
import static io.dynacart.store.transport.WireFields.readKeyDigests;
import static io.dynacart.store.transport.WireFields.readKeySiblings;
import static io.dynacart.store.transport.WireFields.readKeys;
import static io.dynacart.store.transport.WireFields.readLong;
import static io.dynacart.store.transport.WireFields.readNode;
import static io.dynacart.store.transport.WireFields.readNodeHashes;
import static io.dynacart.store.transport.WireFields.readNodes;
import static io.dynacart.store.transport.WireFields.readQuorum;
import static io.dynacart.store.transport.WireFields.readReason;
import static io.dynacart.store.transport.WireFields.readRefusal;
import static io.dynacart.store.transport.WireFields.readSiblings;
import static io.dynacart.store.transport.WireFields.readValue;
import static io.dynacart.store.transport.WireFields.readView;

import io.dynacart.store.encoding.ByteReader;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.encoding.DecodingException;
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
import io.dynacart.store.versioning.ClockLimitException;

/**
 * The wire form of every {@link Message}: one tag byte naming the record, then its components in
 * declaration order (field forms in {@link WireFields}). A frame holds exactly one message; the
 * length prefix around it belongs to the transport.
 *
 * <h2>Tags</h2>
 * A tag names one record for good: a record removed leaves its tag retired, never reused, so an old
 * peer cannot misread a new frame as something else. Families own ranges, leaving room to grow.
 * A {@code Write} has two tags, by its {@code durable} flag: a plain write keeps the bytes it always
 * had (0x01), and a durable one has its own tag (0x0C), so a node that predates the flag refuses it
 * by name rather than reading it as a plain write and acknowledging before the disk has it.
 * An unknown tag is never skipped: the frame is malformed, and the TCP transport closes the
 * connection it came on (the sender reconnects; what followed it on that connection is lost, which
 * every exchange already survives as it survives a dropped message). So a node that predates
 * {@code ReplicaFailed} (0x0D), sent one by a replica whose storage failed, drops the connection from
 * that replica once per failure and otherwise goes on: it falls back on the silence it counted before.
 * <pre>
 *   0x01 ReplicationMessage.Write            0x40 AntiEntropyMessage.HashesRequest
 *   0x02 ReplicationMessage.HintedWrite      0x41 AntiEntropyMessage.HashesReply
 *   0x03 ReplicationMessage.WriteAck         0x42 AntiEntropyMessage.DigestsRequest
 *   0x04 ReplicationMessage.Read             0x43 AntiEntropyMessage.DigestsReply
 *   0x05 ReplicationMessage.ReadReply        0x44 AntiEntropyMessage.Fetch
 *   0x06 ReplicationMessage.Repair           0x45 AntiEntropyMessage.Siblings
 *   0x07 ReplicationMessage.ForwardPut       0x46 AntiEntropyMessage.Push
 *   0x08 ReplicationMessage.ForwardPutDone   0x47 AntiEntropyMessage.PushAck
 *   0x09 ReplicationMessage.ForwardPutFailed 0x48 AntiEntropyMessage.Decline
 *   0x0A ReplicationMessage.ForwardPutAccepted
 *   0x0B ReplicationMessage.ForwardPutRefused
 *   0x0C ReplicationMessage.Write, durable
 *   0x0D ReplicationMessage.ReplicaFailed
 *
 *   0x20 HandoffMessage.DeliverHint         0xF0..0xFF reserved for the TCP handshake's frames,
 *   0x21 HandoffMessage.HintDeliveryAck                 which are not messages
 *   0x30 ProbeMessage.Ping
 *   0x31 ProbeMessage.Pong
 *
 *   0x50 GossipMessage.Push                  0x60 TransferMessage.ChunkRequest
 *   0x51 GossipMessage.Reply                 0x61 TransferMessage.Chunk
 *                                            0x62 TransferMessage.Refused
 * </pre>
 *
 * <h2>The frame limit</h2>
 * {@value #MAX_FRAME_BYTES} bytes (8 MiB). The largest messages carry a key's whole sibling set
 * (replication never ships a lone version), and a value may be 1 MiB, so the limit must hold several
 * full-size siblings: 8 MiB holds seven with room for their clocks, while a key with that many
 * concurrent maximal versions is already pathological (the paper saw one version in 99.94% of
 * reads). The sibling caps ({@code coordinator.SiblingLimits}) keep every key's set within it,
 * merges of N cut-off primaries' sets included, so a frame is never the first limit a value meets. The limit also bounds what one connection can make its receiver buffer: a node with a few
 * dozen authenticated peers risks at most a few hundred MiB, which a JVM of this store has.
 *
 * <h2>What must hold</h2>
 * <ul>
 *   <li>Every message {@link #encode} accepts decodes to an equal message; a message it cannot send
 *       so is refused with {@link MessageTooLargeException} before anything is sent.</li>
 *   <li>{@link #decode} raises {@link MalformedFrameException} and nothing else, whatever the bytes;
 *       {@link RefusedFrameException}, its subclass, for a well-formed frame that carries a clock past
 *       the {@link io.dynacart.store.versioning.ClockLimits} (only that frame is dropped).</li>
 *   <li>Every value has one encoding: a frame that decodes re-encodes to the same bytes.</li>
 * </ul>
 */
public final class MessageCodec {

    /** The largest frame body, in bytes; see the class comment for why 8 MiB. */
    public static final int MAX_FRAME_BYTES = 8 << 20;
    /** Entries a sibling's past may hold on the wire, as in storage; clocks are truncated far below this. */
    public static final int MAX_PAST_ENTRIES = 64;

    static final int WRITE = 0x01;
    static final int HINTED_WRITE = 0x02;
    static final int WRITE_ACK = 0x03;
    static final int READ = 0x04;
    static final int READ_REPLY = 0x05;
    static final int REPAIR = 0x06;
    static final int FORWARD_PUT = 0x07;
    static final int FORWARD_PUT_DONE = 0x08;
    static final int FORWARD_PUT_FAILED = 0x09;
    static final int FORWARD_PUT_ACCEPTED = 0x0A;
    static final int FORWARD_PUT_REFUSED = 0x0B;
    static final int DURABLE_WRITE = 0x0C;
    static final int REPLICA_FAILED = 0x0D;
    static final int HINT_DELIVERY = 0x20;
    static final int HINT_DELIVERY_ACK = 0x21;
    static final int PING = 0x30;
    static final int PONG = 0x31;
    static final int GOSSIP_PUSH = 0x50;
    static final int GOSSIP_REPLY = 0x51;
    static final int CHUNK_REQUEST = 0x60;
    static final int CHUNK = 0x61;
    static final int REFUSED = 0x62;
    static final int AE_HASHES_REQUEST = 0x40;
    static final int AE_HASHES_REPLY = 0x41;
    static final int AE_DIGESTS_REQUEST = 0x42;
    static final int AE_DIGESTS_REPLY = 0x43;
    static final int AE_FETCH = 0x44;
    static final int AE_SIBLINGS = 0x45;
    static final int AE_PUSH = 0x46;
    static final int AE_PUSH_ACK = 0x47;
    static final int AE_DECLINE = 0x48;
    /** Tags from here up are the TCP handshake's; a message frame never carries one. */
    public static final int FIRST_HANDSHAKE_TAG = 0xF0;

    private MessageCodec() {
    }

    /** The frame body of {@code message}, at most {@value #MAX_FRAME_BYTES} bytes. */
    /**
     * Room a frame starts with: a replicated write of a few hundred bytes fits without the buffer
     * growing (each growth is another array and a copy), and an ack wastes little.
     */
    private static final int INITIAL_FRAME_BYTES = 512;

    public static byte[] encode(Message message) {
        return encode(message, MAX_FRAME_BYTES);
    }

    /**
     * The frame body of {@code message}.
     *
     * @throws MessageTooLargeException if the frame would pass {@code maxFrameBytes}, or a field would
     *                                  pass a bound the decoder enforces
     */
    public static byte[] encode(Message message, int maxFrameBytes) {
        ByteWriter out = new ByteWriter(INITIAL_FRAME_BYTES);
        MessageWriter.write(out, message);
        if (out.size() > maxFrameBytes) {
            throw new MessageTooLargeException("a " + message.getClass().getSimpleName() + " of " + out.size()
                    + " bytes passes the frame limit of " + maxFrameBytes + " bytes; it is not sent");
        }
        return out.toByteArray();
    }

    /** The message in {@code frame}, which must hold exactly one. */
    public static Message decode(byte[] frame) {
        return decode(frame, 0, frame.length);
    }

    /**
     * The message in {@code length} bytes of {@code frame} from {@code offset}.
     *
     * @throws MalformedFrameException for any bytes that are not exactly one valid message
     * @throws RefusedFrameException    (a MalformedFrameException) for a frame whose clocks are past the
     *                                  {@link io.dynacart.store.versioning.ClockLimits}
     */
    public static Message decode(byte[] frame, int offset, int length) {
        if (length > MAX_FRAME_BYTES) {
            throw new MalformedFrameException("frame is " + length + " bytes; at most " + MAX_FRAME_BYTES + " are allowed");
        }
        if (length == 0) {
            throw new MalformedFrameException("frame is empty; a message starts with its tag");
        }
        ByteReader in = new ByteReader(frame, offset, length);
        int tag = in.readByte("tag");
        String name = nameOf(tag);
        try {
            Message message = read(tag, in);
            in.expectEnd();
            return message;
        } catch (DecodingException e) {
            throw new MalformedFrameException(name + " frame " + e.getMessage());
        } catch (ClockLimitException e) {
            throw new RefusedFrameException(name + " frame is refused: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // A record's own validation, should a reader's checks ever fall short of it.
            throw new MalformedFrameException(name + " frame holds a field its record rejects: " + e.getMessage());
        }
    }

    private static Message read(int tag, ByteReader in) {
        return switch (tag) {
            case WRITE, DURABLE_WRITE -> new Write(readLong(in, "request id"), readKey(in), readSiblings(in),
                    tag == DURABLE_WRITE);
            case HINTED_WRITE -> new HintedWrite(readLong(in, "request id"), readNode(in, "intended node"), readKey(in),
                    readSiblings(in));
            case WRITE_ACK -> new WriteAck(readLong(in, "request id"));
            case READ -> new Read(readLong(in, "request id"), readKey(in));
            case READ_REPLY -> new ReadReply(readLong(in, "request id"), readSiblings(in));
            case REPLICA_FAILED -> new ReplicaFailed(readLong(in, "request id"));
            case REPAIR -> new Repair(readKey(in), readSiblings(in));
            case FORWARD_PUT -> new ForwardPut(readLong(in, "request id"), readKey(in), readContext(in),
                    readValue(in, "value"), readQuorum(in));
            case FORWARD_PUT_ACCEPTED -> new ForwardPutAccepted(readLong(in, "request id"));
            case FORWARD_PUT_DONE -> new ForwardPutDone(readLong(in, "request id"), readContext(in));
            case FORWARD_PUT_FAILED -> new ForwardPutFailed(readLong(in, "request id"), readInt(in, "required"),
                    readInt(in, "answered"), readNodes(in, "missing node"));
            case FORWARD_PUT_REFUSED -> new ForwardPutRefused(readLong(in, "request id"), readRefusal(in),
                    readAscii(in, "detail"));
            case HINT_DELIVERY -> new DeliverHint(readLong(in, "delivery id"), readKey(in), readSiblings(in));
            case HINT_DELIVERY_ACK -> new HintDeliveryAck(readLong(in, "delivery id"));
            case PING -> new Ping(readLong(in, "sequence number"));
            case PONG -> new Pong(readLong(in, "sequence number"));
            case GOSSIP_PUSH -> new Push(readView(in));
            case GOSSIP_REPLY -> new Reply(readView(in));
            case CHUNK_REQUEST -> new TransferMessage.ChunkRequest(readLong(in, "transfer id"),
                    readInt(in, "partition"), readCursor(in), readInt(in, "chunk size"));
            case CHUNK -> new TransferMessage.Chunk(readLong(in, "transfer id"), readInt(in, "partition"),
                    readCursor(in), readEntries(in), readFlag(in, "last"));
            case REFUSED -> new TransferMessage.Refused(readLong(in, "transfer id"), readInt(in, "partition"),
                    readReason(in));
            case AE_HASHES_REQUEST, AE_HASHES_REPLY, AE_DIGESTS_REQUEST, AE_DIGESTS_REPLY, AE_FETCH, AE_SIBLINGS,
                    AE_PUSH, AE_PUSH_ACK, AE_DECLINE -> readAntiEntropy(tag, in);
            default -> throw new MalformedFrameException(tag >= FIRST_HANDSHAKE_TAG
                    ? String.format("frame has tag 0x%02X, a handshake frame's, where a message was expected", tag)
                    : String.format("frame has unknown tag 0x%02X", tag));
        };
    }

    /** The anti-entropy family (0x40..0x4F): session id and partition first, as every one of them starts. */
    private static AntiEntropyMessage readAntiEntropy(int tag, ByteReader in) {
        long session = readLong(in, "session id");
        int partition = readInt(in, "partition");
        return switch (tag) {
            case AE_HASHES_REQUEST -> new AntiEntropyMessage.HashesRequest(session, partition,
                    readInt(in, "request id"), readInt(in, "level"), readInt(in, "depth"), readNodeHashes(in));
            case AE_HASHES_REPLY -> new AntiEntropyMessage.HashesReply(session, partition, readInt(in, "request id"),
                    readIndexes(in, "differing index"));
            case AE_DIGESTS_REQUEST -> new AntiEntropyMessage.DigestsRequest(session, partition,
                    readInt(in, "request id"), readIndexes(in, "leaf"));
            case AE_DIGESTS_REPLY -> new AntiEntropyMessage.DigestsReply(session, partition, readInt(in, "request id"),
                    readInt(in, "chunk"), readInt(in, "chunks"), readKeyDigests(in));
            case AE_FETCH -> new AntiEntropyMessage.Fetch(session, partition, readKeys(in));
            case AE_SIBLINGS -> new AntiEntropyMessage.Siblings(session, partition, readKeySiblings(in));
            case AE_PUSH -> new AntiEntropyMessage.Push(session, partition, readInt(in, "request id"),
                    readKeySiblings(in));
            case AE_PUSH_ACK -> new AntiEntropyMessage.PushAck(session, partition, readInt(in, "request id"));
            case AE_DECLINE -> new AntiEntropyMessage.Decline(session, partition);
            default -> throw new IllegalStateException(String.format("tag 0x%02X is not an anti-entropy tag", tag));
        };
    }

    /** The record a tag names, for error messages; the tag in hex when it names none. */
    static String nameOf(int tag) {
        return switch (tag) {
            case WRITE -> "Write";
            case DURABLE_WRITE -> "Write (durable)";
            case HINTED_WRITE -> "HintedWrite";
            case WRITE_ACK -> "WriteAck";
            case READ -> "Read";
            case READ_REPLY -> "ReadReply";
            case REPLICA_FAILED -> "ReplicaFailed";
            case REPAIR -> "Repair";
            case FORWARD_PUT -> "ForwardPut";
            case FORWARD_PUT_ACCEPTED -> "ForwardPutAccepted";
            case FORWARD_PUT_DONE -> "ForwardPutDone";
            case FORWARD_PUT_FAILED -> "ForwardPutFailed";
            case FORWARD_PUT_REFUSED -> "ForwardPutRefused";
            case HINT_DELIVERY -> "DeliverHint";
            case HINT_DELIVERY_ACK -> "HintDeliveryAck";
            case PING -> "Ping";
            case PONG -> "Pong";
            case GOSSIP_PUSH -> "Push";
            case GOSSIP_REPLY -> "Reply";
            case CHUNK_REQUEST -> "ChunkRequest";
            case CHUNK -> "Chunk";
            case REFUSED -> "Refused";
            case AE_HASHES_REQUEST -> "HashesRequest";
            case AE_HASHES_REPLY -> "HashesReply";
            case AE_DIGESTS_REQUEST -> "DigestsRequest";
            case AE_DIGESTS_REPLY -> "DigestsReply";
            case AE_FETCH -> "Fetch";
            case AE_SIBLINGS -> "Siblings";
            case AE_PUSH -> "Push";
            case AE_PUSH_ACK -> "PushAck";
            case AE_DECLINE -> "Decline";
            default -> String.format("tag 0x%02X", tag);
        };
    }
}
