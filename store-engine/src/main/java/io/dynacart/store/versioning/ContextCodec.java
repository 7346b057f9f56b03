package io.dynacart.store.versioning;

import io.dynacart.store.identity.NodeId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a context, version 1:
 * <pre>
 *   byte     format = 1
 *   varint   entry count (0..32)
 *   entry*   sorted by node id, no repeats:
 *     byte     node id length (1..64), then that many ASCII bytes
 *     varint   counter (&ge; 1)
 *     varint   timestamp in ms (&ge; 0)
 * </pre>
 * Varints are unsigned LEB128 of at most 10 bytes, in their shortest form, so each clock has
 * exactly one encoding. Decoding checks every bound before it allocates.
 */
final class ContextCodec {

    static final int FORMAT = 1;

    private ContextCodec() {
    }

    static byte[] encode(VectorClock clock) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 + clock.size() * 16);
        out.write(FORMAT);
        writeVarint(out, clock.size());
        for (VectorClock.Entry e : clock.entries()) {
            byte[] id = e.node().value().getBytes(StandardCharsets.US_ASCII);
            out.write(id.length);
            out.write(id, 0, id.length);
            writeVarint(out, e.counter());
            writeVarint(out, e.timestampMillis());
        }
        return out.toByteArray();
    }

    static VectorClock decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedContextException("context is empty");
        }
        if (bytes.length > Context.MAX_BYTES) {
            throw new MalformedContextException("context is " + bytes.length + " bytes; at most " + Context.MAX_BYTES
                    + " are allowed");
        }
        Reader in = new Reader(bytes);
        int format = in.readByte("format");
        if (format != FORMAT) {
            throw new MalformedContextException("context format " + format + " is not known (expected " + FORMAT + ")");
        }
        long count = in.readVarint("entry count");
        if (count > Context.MAX_ENTRIES) {
            throw new MalformedContextException("context claims " + count + " entries; at most " + Context.MAX_ENTRIES
                    + " are allowed");
        }
        List<VectorClock.Entry> entries = new ArrayList<>((int) count);
        NodeId previous = null;
        for (int i = 0; i < count; i++) {
            NodeId node = in.readNodeId(i);
            if (previous != null && previous.compareTo(node) >= 0) {
                throw new MalformedContextException("context entry " + i + " (" + node + ") is out of order or repeated");
            }
            long counter = in.readVarint("counter of entry " + i);
            if (counter < 1) {
                throw new MalformedContextException("context entry " + i + " has counter " + counter + "; it must be >= 1");
            }
            long timestamp = in.readVarint("timestamp of entry " + i);
            if (timestamp < 0) {
                throw new MalformedContextException("context entry " + i + " has a timestamp out of range");
            }
            entries.add(new VectorClock.Entry(node, counter, timestamp));
            previous = node;
        }
        if (in.remaining() > 0) {
            throw new MalformedContextException("context has " + in.remaining() + " unexpected trailing bytes");
        }
        return new VectorClock(entries);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** A bounds-checked cursor; every failure is a {@link MalformedContextException} naming the field. */
    private static final class Reader {
        private final byte[] bytes;
        private int pos;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int remaining() {
            return bytes.length - pos;
        }

        int readByte(String field) {
            if (pos >= bytes.length) {
                throw new MalformedContextException("context ends before its " + field);
            }
            return bytes[pos++] & 0xFF;
        }

        long readVarint(String field) {
            long value = 0;
            for (int i = 0; i < 10; i++) {
                int b = readByte(field);
                if (i == 9 && b > 1) {
                    throw new MalformedContextException("context " + field + " overflows 64 bits");
                }
                value |= (long) (b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) {
                    if (b == 0 && i > 0) {
                        throw new MalformedContextException("context " + field + " is not in its shortest form");
                    }
                    return value;
                }
            }
            throw new MalformedContextException("context " + field + " is longer than 10 bytes");
        }

        NodeId readNodeId(int index) {
            int length = readByte("node id length of entry " + index);
            if (length < 1 || length > NodeId.MAX_LENGTH) {
                throw new MalformedContextException("context entry " + index + " has a node id of " + length
                        + " bytes; 1 to " + NodeId.MAX_LENGTH + " are allowed");
            }
            if (remaining() < length) {
                throw new MalformedContextException("context ends inside the node id of entry " + index);
            }
            String id = new String(bytes, pos, length, StandardCharsets.ISO_8859_1);
            pos += length;
            String problem = NodeId.problemWith(id);
            if (problem != null) {
                throw new MalformedContextException("context entry " + index + ": " + problem);
            }
            return new NodeId(id);
        }
    }
}
