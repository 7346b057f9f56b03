package io.dynacart.store.clientwire;

import io.dynacart.store.api.Value;
import io.dynacart.store.encoding.ByteReader;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.encoding.DecodingException;
import io.dynacart.store.identity.InvalidKeyException;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.storage.ValueTooLargeException;
import io.dynacart.store.versioning.ClockEncoding;
import io.dynacart.store.versioning.ClockLimitException;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.MalformedContextException;
import io.dynacart.store.versioning.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of the protocol's frames, each with one binary form (varints are LEB128 in their
 * shortest form, see {@link ByteReader}):
 *
 * <pre>
 *   id        varint 1..2^63-1 (0 only in answers about the connection)
 *   key       varint length 1..1024, then that many bytes of UTF-8
 *   context   varint length 0..4096 (0: the empty context), then Context.toBytes()
 *   value     varint length 0..1 MiB, then the bytes
 *   quorum    varint 0 (the node's default), 1..N, or 127 (local: a quorum of the node's zone)
 *   text      varint length 0..limit, then UTF-8
 *   node      byte length 1..64, then the id's ASCII
 *   siblings  varint count, then per sibling: version (ClockEncoding.writeVersion, at most 32 entries),
 *             byte 0 (a delete) | 1, then a value
 * </pre>
 *
 * Readers fail only with {@link DecodingException}, phrased to follow the field's name; the codecs
 * wrap it with the request's id.
 */
final class ClientFields {

    private ClientFields() {
    }

    static void writeKey(ByteWriter out, Key key) {
        out.writeLengthPrefixed(key.toByteArray());
    }

    static Key readKey(ByteReader in) {
        byte[] bytes = in.readLengthPrefixed("key", Key.MAX_STORED_LENGTH);
        try {
            return Key.ofUtf8(bytes);
        } catch (InvalidKeyException e) {
            throw new DecodingException(e.getMessage());
        }
    }

    static void writeContext(ByteWriter out, Context context) {
        out.writeLengthPrefixed(context.clock().isEmpty() ? new byte[0] : context.toBytes());
    }

    static Context readContext(ByteReader in) {
        byte[] bytes = in.readLengthPrefixed("context", Context.MAX_BYTES);
        if (bytes.length == 0) {
            return Context.EMPTY;
        }
        try {
            return Context.fromBytes(bytes);
        } catch (MalformedContextException | ClockLimitException e) {
            throw new DecodingException("malformed context: " + e.getMessage());
        }
    }

    /** @throws ValueTooLargeException for a value over 1 MiB, which HTTP answers 413 too */
    static byte[] readValue(ByteReader in) {
        long length = in.readVarint("value length", 0, Integer.MAX_VALUE);
        if (length > Value.MAX_BYTES) {
            throw new ValueTooLargeException((int) length);
        }
        return in.readBytes((int) length, "value");
    }

    static int readQuorum(ByteReader in, String name) {
        int value = (int) in.readVarint(name, 0, ClientRequest.LOCAL);
        if (value > 64 && value != ClientRequest.LOCAL) {
            throw new DecodingException(name + " is " + value + "; 0 (the node's default), 1 to 64 or "
                    + ClientRequest.LOCAL + " (local) are allowed");
        }
        return value;
    }

    static long readId(ByteReader in) {
        return in.readVarint("request id", ClientProtocol.MIN_ID, Long.MAX_VALUE);
    }

    static void writeText(ByteWriter out, String text) {
        out.writeLengthPrefixed(text.getBytes(StandardCharsets.UTF_8));
    }

    static String readText(ByteReader in, String field, int limit) {
        byte[] bytes = in.readLengthPrefixed(field, limit);
        if (!Key.isUtf8(bytes)) {
            throw new DecodingException(field + " is not valid UTF-8");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static void writeNode(ByteWriter out, NodeId node) {
        byte[] ascii = node.value().getBytes(StandardCharsets.US_ASCII);
        out.writeByte(ascii.length).writeBytes(ascii);
    }

    static NodeId readNode(ByteReader in, String field) {
        int length = in.readByte(field + " length");
        String text = new String(in.readBytes(length, field), StandardCharsets.US_ASCII);
        String problem = NodeId.problemWith(text);
        if (problem != null) {
            throw new DecodingException(field + ": " + problem);
        }
        return NodeId.of(text);
    }

    static void writeSiblings(ByteWriter out, List<Versioned<Value>> siblings) {
        out.writeVarint(siblings.size());
        for (Versioned<Value> s : siblings) {
            ClockEncoding.writeVersion(out, s.version());
            if (s.value() instanceof Value.Bytes b) {
                out.writeByte(1);
                b.writeLengthPrefixedTo(out);
            } else {
                out.writeByte(0);
            }
        }
    }

    static List<Versioned<Value>> readSiblings(ByteReader in) {
        int count = (int) in.readVarint("sibling count", 0, in.remaining());
        List<Versioned<Value>> siblings = new ArrayList<>(Math.min(count, 16));
        for (int i = 0; i < count; i++) {
            Versioned<Value> sibling;
            try {
                sibling = new Versioned<>(ClockEncoding.readVersion(in, Context.MAX_ENTRIES), readSiblingValue(in, i));
            } catch (ClockLimitException | IllegalArgumentException e) {
                throw new DecodingException("sibling " + i + " is refused: " + e.getMessage());
            }
            siblings.add(sibling);
        }
        return siblings;
    }

    private static Value readSiblingValue(ByteReader in, int i) {
        int kind = in.readByte("kind of sibling " + i);
        if (kind == 0) {
            return Value.TOMBSTONE;
        }
        if (kind != 1) {
            throw new DecodingException("kind of sibling " + i + " is " + kind + "; 0 (delete) or 1 (value) are allowed");
        }
        return Value.adopt(readValue(in));
    }
}
