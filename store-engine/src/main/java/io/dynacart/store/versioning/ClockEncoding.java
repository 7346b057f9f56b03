package io.dynacart.store.versioning;

import io.dynacart.store.encoding.ByteReader;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.encoding.DecodingException;
import io.dynacart.store.identity.NodeId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Clock entries and dotted versions in binary, shared by the context codec and by every format that
 * stores or ships versions (see {@link #writeVersion} for the layout). Reads fail with
 * {@link DecodingException}; callers wrap it in their own typed error.
 */
public final class ClockEncoding {

    private ClockEncoding() {
    }

    /** Entries in node order: node id (length byte + ASCII), counter varint, timestamp varint. */
    static void writeEntries(ByteWriter out, VectorClock clock) {
        for (VectorClock.Entry e : clock.entries()) {
            writeNode(out, e.node());
            out.writeVarint(e.counter()).writeVarint(e.timestampMillis());
        }
    }

    static VectorClock readEntries(ByteReader in, int count) {
        List<VectorClock.Entry> entries = new ArrayList<>(count);
        NodeId previous = null;
        for (int i = 0; i < count; i++) {
            NodeId node = readNode(in, "entry " + i);
            if (previous != null && previous.compareTo(node) >= 0) {
                throw new DecodingException("entry " + i + " (" + node + ") is out of order or repeated");
            }
            long counter = in.readVarint("counter of entry " + i);
            if (counter < 1) {
                throw new DecodingException("entry " + i + " has counter " + counter + "; it must be >= 1");
            }
            long timestamp = in.readVarint("timestamp of entry " + i);
            if (timestamp < 0) {
                throw new DecodingException("entry " + i + " has a timestamp out of range");
            }
            entries.add(new VectorClock.Entry(node, counter, timestamp));
            previous = node;
        }
        return new VectorClock(entries);
    }

    /** A version: its dot (node, counter, timestamp), then its past as an entry count and entries. */
    public static void writeVersion(ByteWriter out, DottedVersionVector version) {
        Dot dot = version.dot();
        writeNode(out, dot.node());
        out.writeVarint(dot.counter()).writeVarint(dot.timestampMillis());
        out.writeVarint(version.past().size());
        writeEntries(out, version.past());
    }

    /** Reads what {@link #writeVersion} wrote; the past may hold at most {@code maxEntries} entries. */
    public static DottedVersionVector readVersion(ByteReader in, int maxEntries) {
        NodeId node = readNode(in, "dot");
        long counter = in.readVarint("dot counter", 1, Long.MAX_VALUE);
        long timestamp = in.readVarint("dot timestamp", 0, Long.MAX_VALUE);
        int count = (int) in.readVarint("past entry count", 0, maxEntries);
        VectorClock past = readEntries(in, count);
        if (past.counter(node) >= counter) {
            throw new DecodingException("version's dot [" + node + "," + counter + "] is inside its own past");
        }
        return new DottedVersionVector(new Dot(node, counter, timestamp), past);
    }

    private static void writeNode(ByteWriter out, NodeId node) {
        byte[] id = node.value().getBytes(StandardCharsets.US_ASCII);
        out.writeByte(id.length).writeBytes(id);
    }

    private static NodeId readNode(ByteReader in, String where) {
        int length = in.readByte("node id length of " + where);
        if (length < 1 || length > NodeId.MAX_LENGTH) {
            throw new DecodingException(where + " has a node id of " + length + " bytes; 1 to " + NodeId.MAX_LENGTH
                    + " are allowed");
        }
        String id = new String(in.readBytes(length, "node id of " + where), StandardCharsets.ISO_8859_1);
        String problem = NodeId.problemWith(id);
        if (problem != null) {
            throw new DecodingException(where + ": " + problem);
        }
        return new NodeId(id);
    }
}
