package io.dynacart.store.versioning;

import io.dynacart.store.encoding.ByteReader;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.encoding.DecodingException;
import io.dynacart.store.identity.NodeId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Clock entries and dotted versions in binary, shared by the context codec and by every format that
 * stores or ships versions (see {@link #writeVersion} for the layout). Reads fail with
 * {@link DecodingException} for bytes that are not a clock, and with {@link ClockLimitException} for
 * a well-formed clock whose counter or timestamp is past the {@link ClockLimits}; callers wrap both
 * in their own typed error (a peer's frame with such a clock is refused, but its connection, still
 * in step, is kept).
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
        VectorClock.Entry[] entries = new VectorClock.Entry[count];
        NodeId previous = null;
        for (int i = 0; i < count; i++) {
            try {
                NodeId node = readNode(in);
                if (previous != null && previous.compareTo(node) >= 0) {
                    throw new DecodingException("(" + node + ") is out of order or repeated");
                }
                long counter = readCounter(in, node);
                long timestamp = readTimestamp(in, node);
                entries[i] = new VectorClock.Entry(node, counter, timestamp);
                previous = node;
            } catch (DecodingException e) {
                throw new DecodingException("entry " + i + " " + e.getMessage());
            }
        }
        return new VectorClock(Arrays.asList(entries));
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
        NodeId node;
        long counter;
        long timestamp;
        try {
            node = readNode(in);
            counter = readCounter(in, node);
            timestamp = readTimestamp(in, node);
        } catch (DecodingException e) {
            throw new DecodingException("dot " + e.getMessage());
        }
        int count = (int) in.readVarint("past entry count", 0, maxEntries);
        VectorClock past = readEntries(in, count);
        if (past.counter(node) >= counter) {
            throw new DecodingException("version's dot [" + node + "," + counter + "] is inside its own past");
        }
        return new DottedVersionVector(new Dot(node, counter, timestamp), past);
    }

    private static long readCounter(ByteReader in, NodeId node) {
        long counter = in.readVarint("counter");
        if (counter == 0) {
            throw new DecodingException("has counter 0; it must be >= 1");
        }
        String problem = ClockLimits.counterProblem(counter);
        if (problem != null) {
            throw new ClockLimitException("the clock entry of " + node + " has " + problem);
        }
        return counter;
    }

    private static long readTimestamp(ByteReader in, NodeId node) {
        long timestamp = in.readVarint("timestamp");
        String problem = ClockLimits.timestampProblem(timestamp);
        if (problem != null) {
            throw new ClockLimitException("the clock entry of " + node + " has " + problem);
        }
        return timestamp;
    }

    private static void writeNode(ByteWriter out, NodeId node) {
        byte[] id = node.value().getBytes(StandardCharsets.US_ASCII);
        out.writeByte(id.length).writeBytes(id);
    }

    private static NodeId readNode(ByteReader in) {
        int length = in.readByte("node id length");
        if (length < 1 || length > NodeId.MAX_LENGTH) {
            throw new DecodingException("has a node id of " + length + " bytes; 1 to " + NodeId.MAX_LENGTH
                    + " are allowed");
        }
        byte[] ascii = in.readBytes(length, "node id");
        int slot = slot(ascii);
        KnownNode known = KNOWN[slot];
        if (known != null && Arrays.equals(known.ascii, ascii)) {
            return known.id;
        }
        String id = new String(ascii, StandardCharsets.ISO_8859_1);
        String problem = NodeId.problemWith(id);
        if (problem != null) {
            throw new DecodingException("has a bad node id: " + problem);
        }
        NodeId node = new NodeId(id);
        KNOWN[slot] = new KnownNode(ascii, node);
        return node;
    }

    /**
     * Node ids seen lately, by a hash of their bytes: a cluster has few nodes and every clock names
     * them, so decoding reuses the id instead of building and validating a string each time (the
     * difference between about 140 and 40 ns an entry). Races only cost a miss.
     */
    private static final KnownNode[] KNOWN = new KnownNode[256];

    private record KnownNode(byte[] ascii, NodeId id) {
    }

    private static int slot(byte[] ascii) {
        int h = ascii.length;
        for (byte b : ascii) {
            h = 31 * h + b;
        }
        return (h ^ (h >>> 8)) & (KNOWN.length - 1);
    }
}
