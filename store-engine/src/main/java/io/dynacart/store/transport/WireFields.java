package io.dynacart.store.transport;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Value;
import io.dynacart.store.encoding.ByteReader;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.encoding.DecodingException;
import io.dynacart.store.identity.InvalidKeyException;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.AntiEntropyMessage.KeyDigest;
import io.dynacart.store.transport.AntiEntropyMessage.KeySiblings;
import io.dynacart.store.transport.AntiEntropyMessage.NodeHash;
import io.dynacart.store.versioning.ClockEncoding;
import io.dynacart.store.versioning.ClockLimitException;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.MalformedContextException;
import io.dynacart.store.versioning.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fields {@link MessageCodec} builds frames from, each with exactly one binary form so that a
 * decoded frame re-encodes to the same bytes. Writers refuse (with {@link MessageTooLargeException})
 * what the readers would reject, so an encoded frame always decodes; readers check every bound before
 * they allocate and fail only with {@link DecodingException}, phrased to follow the frame's name.
 *
 * <pre>
 *   long      zigzag varint (any value)          int     zigzag varint within int range
 *   key       varint length 1..1024, bytes        node    byte length 1..64, ASCII [A-Za-z0-9._-]
 *   value     byte kind: 0 tombstone | 1 bytes, then varint length 0..1 MiB and the bytes
 *   siblings  varint count, then per sibling: version (ClockEncoding.writeVersion), value
 *   context   varint length 1..4096, then Context.toBytes()
 *   quorum    varint N &ge; 1, varint R in 0..N, varint W in 0..N (0: local, {@link Quorum#LOCAL})
 *   nodes     varint count, then that many nodes
 *   view      varint length 1..GossipMessage.MAX_VIEW_BYTES, then the bytes (read by membership)
 *   flag      byte 0 (false) | 1 (true)
 *   cursor    byte 0 (none) | 1, then a key
 *   entries   varint count, then per entry: key, siblings (at least one)
 *   reason    byte: TransferMessage.Reason's code      refusal  byte: ForwardPutRefused.Refusal's code
 *   ascii     varint length 0..1024, then that many bytes of printable ASCII (0x20..0x7E)
 *   indexes   varint count, then each a varint 0..2^31-1       hash    8 bytes, big-endian
 *   node hashes   varint count, then per node: varint index, hash
 *   key digests   varint count, then per key: key, hash
 *   key siblings  varint count, then per key: key, siblings
 *   keys      varint count, then that many keys
 * </pre>
 */
final class WireFields {

    /** A list's capacity is reserved only up to this; a longer list grows as its elements decode. */
    private static final int PRESIZE_LIMIT = 16;

    private WireFields() {
    }

    static void writeLong(ByteWriter out, long value) {
        out.writeSignedVarint(value);
    }

    static long readLong(ByteReader in, String field) {
        return in.readSignedVarint(field);
    }

    static void writeInt(ByteWriter out, int value) {
        out.writeSignedVarint(value);
    }

    static int readInt(ByteReader in, String field) {
        long v = in.readSignedVarint(field);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new DecodingException(field + " is " + v + ", outside the range of an int");
        }
        return (int) v;
    }

    static void writeKey(ByteWriter out, Key key) {
        out.writeLengthPrefixed(key.toByteArray());
    }

    static Key readKey(ByteReader in) {
        int length = (int) in.readVarint("key length", 1, Key.MAX_STORED_LENGTH);
        byte[] bytes = in.readBytes(length, "key");
        try {
            return Key.of(bytes);
        } catch (InvalidKeyException e) {
            throw new DecodingException(e.getMessage());
        }
    }

    static void writeNode(ByteWriter out, NodeId node) {
        byte[] ascii = node.value().getBytes(StandardCharsets.US_ASCII);
        out.writeByte(ascii.length).writeBytes(ascii);
    }

    static NodeId readNode(ByteReader in, String field) {
        int length = in.readByte(field + " length");
        if (length < 1 || length > NodeId.MAX_LENGTH) {
            throw new DecodingException(field + " is " + length + " bytes long; 1 to " + NodeId.MAX_LENGTH
                    + " are allowed");
        }
        String id = new String(in.readBytes(length, field), StandardCharsets.ISO_8859_1);
        String problem = NodeId.problemWith(id);
        if (problem != null) {
            throw new DecodingException(field + " is not valid: " + problem);
        }
        return new NodeId(id);
    }

    static void writeValue(ByteWriter out, Value value, String field) {
        if (value instanceof Value.Bytes bytes) {
            if (bytes.length() > Value.MAX_BYTES) {
                throw new MessageTooLargeException(field + " is " + bytes.length() + " bytes; at most "
                        + Value.MAX_BYTES + " may be sent");
            }
            out.writeByte(1);
            bytes.writeLengthPrefixedTo(out);
        } else if (value instanceof Value.Tombstone) {
            out.writeByte(0);
        } else {
            throw new IllegalArgumentException(field + " is a " + value.getClass().getName() + ", which has no wire form");
        }
    }

    static Value readValue(ByteReader in, String field) {
        int kind = in.readByte("kind of " + field);
        if (kind == 0) {
            return Value.TOMBSTONE;
        }
        if (kind == 1) {
            return Value.adopt(in.readLengthPrefixed(field, Value.MAX_BYTES));
        }
        throw new DecodingException(field + " has unknown kind " + kind + " (0 = tombstone, 1 = bytes)");
    }

    static void writeSiblings(ByteWriter out, List<Versioned<Value>> siblings) {
        out.writeVarint(siblings.size());
        for (int i = 0; i < siblings.size(); i++) {
            Versioned<Value> sibling = siblings.get(i);
            int past = sibling.version().past().size();
            if (past > MessageCodec.MAX_PAST_ENTRIES) {
                throw new MessageTooLargeException("sibling " + i + " has a past of " + past + " entries; at most "
                        + MessageCodec.MAX_PAST_ENTRIES + " may be sent");
            }
            ClockEncoding.writeVersion(out, sibling.version());
            writeValue(out, sibling.value(), "value of sibling " + i);
        }
    }

    static List<Versioned<Value>> readSiblings(ByteReader in) {
        int count = (int) in.readVarint("sibling count", 0, in.remaining());
        List<Versioned<Value>> siblings = new ArrayList<>(Math.min(count, PRESIZE_LIMIT));
        for (int i = 0; i < count; i++) {
            DottedVersionVector version;
            try {
                version = ClockEncoding.readVersion(in, MessageCodec.MAX_PAST_ENTRIES);
            } catch (DecodingException e) {
                throw new DecodingException("sibling " + i + " " + e.getMessage());
            }
            siblings.add(new Versioned<>(version, readValue(in, "value of sibling " + i)));
        }
        return siblings;
    }

    static void writeContext(ByteWriter out, Context context) {
        out.writeLengthPrefixed(context.toBytes());
    }

    /**
     * A context; one past the clock limits raises the {@link ClockLimitException} itself, so that
     * the frame is refused but its connection kept, like a sibling's version past them.
     */
    static Context readContext(ByteReader in) {
        byte[] bytes = in.readLengthPrefixed("context", Context.MAX_BYTES);
        try {
            return Context.fromBytes(bytes);
        } catch (MalformedContextException e) {
            if (e.isPastClockLimits()) {
                throw (ClockLimitException) e.getCause();
            }
            throw new DecodingException("has a bad context: " + e.getMessage());
        }
    }

    static void writeAscii(ByteWriter out, String text) {
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        if (ascii.length > ReplicationMessage.ForwardPutRefused.MAX_DETAIL_CHARS) {
            throw new MessageTooLargeException("a text of " + ascii.length + " characters passes the limit of "
                    + ReplicationMessage.ForwardPutRefused.MAX_DETAIL_CHARS);
        }
        out.writeLengthPrefixed(ascii);
    }

    static String readAscii(ByteReader in, String field) {
        byte[] bytes = in.readLengthPrefixed(field, ReplicationMessage.ForwardPutRefused.MAX_DETAIL_CHARS);
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7E) {
                throw new DecodingException(field + " holds byte " + (b & 0xFF) + "; only printable ASCII is allowed");
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    static ReplicationMessage.ForwardPutRefused.Refusal readRefusal(ByteReader in) {
        int code = in.readByte("refusal");
        ReplicationMessage.ForwardPutRefused.Refusal refusal = ReplicationMessage.ForwardPutRefused.Refusal.ofCode(code);
        if (refusal == null) {
            throw new DecodingException("has unknown refusal " + code);
        }
        return refusal;
    }

    static void writeQuorum(ByteWriter out, Quorum quorum) {
        out.writeVarint(quorum.n()).writeVarint(countOnWire(quorum.r())).writeVarint(countOnWire(quorum.w()));
    }

    static Quorum readQuorum(ByteReader in) {
        int n = (int) in.readVarint("quorum N", 1, Integer.MAX_VALUE);
        int r = (int) in.readVarint("quorum R", 0, n);
        int w = (int) in.readVarint("quorum W", 0, n);
        return new Quorum(n, r == 0 ? Quorum.LOCAL : r, w == 0 ? Quorum.LOCAL : w);
    }

    /** An R or W as the wire carries it: the count, or 0 for a local quorum (never a count). */
    private static int countOnWire(int count) {
        return count == Quorum.LOCAL ? 0 : count;
    }

    static void writeNodes(ByteWriter out, List<NodeId> nodes) {
        out.writeVarint(nodes.size());
        nodes.forEach(node -> writeNode(out, node));
    }

    static List<NodeId> readNodes(ByteReader in, String field) {
        int count = (int) in.readVarint(field + " count", 0, in.remaining());
        List<NodeId> nodes = new ArrayList<>(Math.min(count, PRESIZE_LIMIT));
        for (int i = 0; i < count; i++) {
            nodes.add(readNode(in, field + " " + i));
        }
        return nodes;
    }

    static void writeView(ByteWriter out, byte[] view) {
        out.writeLengthPrefixed(view);
    }

    static byte[] readView(ByteReader in) {
        int length = (int) in.readVarint("view length", 1, GossipMessage.MAX_VIEW_BYTES);
        return in.readBytes(length, "view");
    }

    static void writeFlag(ByteWriter out, boolean flag) {
        out.writeByte(flag ? 1 : 0);
    }

    static boolean readFlag(ByteReader in, String field) {
        int b = in.readByte(field);
        if (b > 1) {
            throw new DecodingException(field + " is " + b + "; a flag is 0 or 1");
        }
        return b == 1;
    }

    static void writeCursor(ByteWriter out, Optional<Key> cursor) {
        out.writeByte(cursor.isPresent() ? 1 : 0);
        cursor.ifPresent(key -> writeKey(out, key));
    }

    static Optional<Key> readCursor(ByteReader in) {
        return readFlag(in, "cursor presence") ? Optional.of(readKey(in)) : Optional.empty();
    }

    static void writeEntries(ByteWriter out, List<TransferMessage.Entry> entries) {
        out.writeVarint(entries.size());
        for (TransferMessage.Entry entry : entries) {
            writeKey(out, entry.key());
            writeSiblings(out, entry.siblings());
        }
    }

    static List<TransferMessage.Entry> readEntries(ByteReader in) {
        int count = (int) in.readVarint("entry count", 0, in.remaining());
        List<TransferMessage.Entry> entries = new ArrayList<>(Math.min(count, PRESIZE_LIMIT));
        for (int i = 0; i < count; i++) {
            Key key = readKey(in);
            List<Versioned<Value>> siblings = readSiblings(in);
            if (siblings.isEmpty()) {
                throw new DecodingException("entry " + i + " has no siblings; a stored key has at least one");
            }
            entries.add(new TransferMessage.Entry(key, siblings));
        }
        return entries;
    }

    static void writeReason(ByteWriter out, TransferMessage.Reason reason) {
        out.writeByte(reason.code());
    }

    static TransferMessage.Reason readReason(ByteReader in) {
        int code = in.readByte("reason");
        TransferMessage.Reason reason = TransferMessage.Reason.ofCode(code);
        if (reason == null) {
            throw new DecodingException("has unknown refusal reason " + code);
        }
        return reason;
    }

    static void writeIndexes(ByteWriter out, List<Integer> indexes) {
        out.writeVarint(indexes.size());
        indexes.forEach(out::writeVarint);
    }

    static List<Integer> readIndexes(ByteReader in, String field) {
        int count = (int) in.readVarint(field + " count", 0, in.remaining());
        List<Integer> out = new ArrayList<>(Math.min(count, PRESIZE_LIMIT));
        for (int i = 0; i < count; i++) {
            out.add((int) in.readVarint(field + " " + i, 0, Integer.MAX_VALUE));
        }
        return out;
    }

    static void writeNodeHashes(ByteWriter out, List<NodeHash> nodes) {
        out.writeVarint(nodes.size());
        nodes.forEach(n -> out.writeVarint(n.index()).writeLong(n.hash()));
    }

    static List<NodeHash> readNodeHashes(ByteReader in) {
        int count = (int) in.readVarint("node count", 0, in.remaining());
        List<NodeHash> out = new ArrayList<>(Math.min(count, PRESIZE_LIMIT));
        for (int i = 0; i < count; i++) {
            int index = (int) in.readVarint("index of node " + i, 0, Integer.MAX_VALUE);
            out.add(new NodeHash(index, in.readLong("hash of node " + i)));
        }
        return out;
    }

    static void writeKeyDigests(ByteWriter out, List<KeyDigest> digests) {
        out.writeVarint(digests.size());
        digests.forEach(d -> {
            writeKey(out, d.key());
            out.writeLong(d.entryHash());
        });
    }

    static List<KeyDigest> readKeyDigests(ByteReader in) {
        int count = (int) in.readVarint("digest count", 0, in.remaining());
        List<KeyDigest> out = new ArrayList<>(Math.min(count, PRESIZE_LIMIT));
        for (int i = 0; i < count; i++) {
            Key key = readKey(in);
            out.add(new KeyDigest(key, in.readLong("entry hash of digest " + i)));
        }
        return out;
    }

    static void writeKeySiblings(ByteWriter out, List<KeySiblings> entries) {
        out.writeVarint(entries.size());
        entries.forEach(e -> {
            writeKey(out, e.key());
            writeSiblings(out, e.siblings());
        });
    }

    static List<KeySiblings> readKeySiblings(ByteReader in) {
        int count = (int) in.readVarint("key count", 0, in.remaining());
        List<KeySiblings> out = new ArrayList<>(Math.min(count, PRESIZE_LIMIT));
        for (int i = 0; i < count; i++) {
            Key key = readKey(in);
            out.add(new KeySiblings(key, readSiblings(in)));
        }
        return out;
    }

    static void writeKeys(ByteWriter out, List<Key> keys) {
        out.writeVarint(keys.size());
        keys.forEach(k -> writeKey(out, k));
    }

    static List<Key> readKeys(ByteReader in) {
        int count = (int) in.readVarint("key count", 0, in.remaining());
        List<Key> out = new ArrayList<>(Math.min(count, PRESIZE_LIMIT));
        for (int i = 0; i < count; i++) {
            out.add(readKey(in));
        }
        return out;
    }
}
