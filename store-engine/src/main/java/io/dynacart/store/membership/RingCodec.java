package io.dynacart.store.membership;

import io.dynacart.store.encoding.ByteReader;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.encoding.DecodingException;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.ring.Ring;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The binary form of a {@link Ring}, one per ring so that equal rings encode alike:
 * <pre>
 *   varint version (&ge; 0)      varint Q (a power of two, 1..65536)   varint S, the node count (1..Q)
 *   with zones only: varint Z (1..S), then Z zone names (byte length 1..64, ASCII), strictly ascending
 *   S times: node (byte length 1..64, ASCII), varint weight (&ge; 1)     nodes strictly ascending
 *            with zones only: varint zone, an index into the zone list (0..Z-1); every zone used
 *   Q times: varint owner, an index into the node list (0..S-1)
 * </pre>
 * Without zones (the form views before format 4 carry) every node is in {@link Zone#DEFAULT}; the
 * zones are an addition, so a ring without them reads as it always did. Owners as indexes keep a
 * ring of 1024 partitions and up to 128 nodes at about 1 KiB. Reads check every bound before they
 * allocate and fail only with {@link DecodingException}.
 */
public final class RingCodec {

    private RingCodec() {
    }

    /**
     * Writes {@code ring}, with its zones or without.
     *
     * @throws IllegalArgumentException for a ring with a node outside {@link Zone#DEFAULT} written without zones
     */
    public static void write(ByteWriter out, Ring ring, boolean withZones) {
        if (!withZones && !inDefaultZone(ring)) {
            throw new IllegalArgumentException("ring v" + ring.version() + " has zones " + ring.zones()
                    + "; it cannot be written without them");
        }
        out.writeVarint(ring.version()).writeVarint(ring.partitionCount()).writeVarint(ring.nodes().size());
        List<Zone> zones = ring.zones().values().stream().distinct().sorted().toList();
        if (withZones) {
            out.writeVarint(zones.size());
            zones.forEach(zone -> writeName(out, zone.name()));
        }
        Map<NodeId, Integer> index = new TreeMap<>();
        for (NodeId node : ring.nodes()) {
            index.put(node, index.size());
            writeNode(out, node);
            out.writeVarint(ring.weights().get(node));
            if (withZones) {
                out.writeVarint(zones.indexOf(ring.zoneOf(node)));
            }
        }
        for (NodeId owner : ring.owners()) {
            out.writeVarint(index.get(owner));
        }
    }

    /** Whether every node of {@code ring} is in {@link Zone#DEFAULT}, so that it may be written without zones. */
    public static boolean inDefaultZone(Ring ring) {
        return ring.zones().values().stream().allMatch(Zone.DEFAULT::equals);
    }

    /** Reads a ring written with its zones or without, as {@code withZones} says. */
    public static Ring read(ByteReader in, boolean withZones) {
        long version = in.readVarint("ring version", 0, Long.MAX_VALUE);
        int q = (int) in.readVarint("partition count", 1, Partitioner.MAX_PARTITION_COUNT);
        if (Integer.bitCount(q) != 1) {
            throw new DecodingException("partition count is " + q + "; it must be a power of two");
        }
        int s = (int) in.readVarint("ring node count", 1, Math.min(q, in.remaining()));
        List<Zone> zoneList = withZones ? readZones(in, s) : List.of(Zone.DEFAULT);
        List<NodeId> nodes = new ArrayList<>(s);
        Map<NodeId, Integer> weights = new TreeMap<>();
        Map<NodeId, Zone> zones = new TreeMap<>();
        for (int i = 0; i < s; i++) {
            NodeId node = readNode(in, "ring node " + i);
            if (i > 0 && node.compareTo(nodes.get(i - 1)) <= 0) {
                throw new DecodingException("ring node " + i + " (" + node + ") is not after " + nodes.get(i - 1)
                        + "; nodes must be strictly ascending");
            }
            nodes.add(node);
            weights.put(node, (int) in.readVarint("weight of " + node, 1, Integer.MAX_VALUE));
            zones.put(node, withZones ? zoneList.get((int) in.readVarint("zone of " + node, 0, zoneList.size() - 1))
                    : Zone.DEFAULT);
        }
        if (zones.values().stream().distinct().count() != zoneList.size()) {
            throw new DecodingException("lists zones " + zoneList + " but its nodes are in " + zones.values().stream()
                    .distinct().sorted().toList() + "; every zone listed must be used");
        }
        if (in.remaining() < q) {
            throw new DecodingException("ends inside its " + q + " partition owners");
        }
        List<NodeId> owners = new ArrayList<>(q);
        for (int p = 0; p < q; p++) {
            owners.add(nodes.get((int) in.readVarint("owner of partition " + p, 0, s - 1)));
        }
        try {
            return new Ring(version, owners, weights, zones);
        } catch (IllegalArgumentException e) {
            throw new DecodingException("holds a ring its class rejects: " + e.getMessage());
        }
    }

    private static List<Zone> readZones(ByteReader in, int nodeCount) {
        int count = (int) in.readVarint("ring zone count", 1, nodeCount);
        List<Zone> zones = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Zone zone = readZone(in, "ring zone " + i);
            if (i > 0 && zone.compareTo(zones.get(i - 1)) <= 0) {
                throw new DecodingException("ring zone " + i + " (" + zone + ") is not after " + zones.get(i - 1)
                        + "; zones must be strictly ascending");
            }
            zones.add(zone);
        }
        return zones;
    }

    /** A zone as the wire carries one: a length byte, then ASCII. */
    static void writeZone(ByteWriter out, Zone zone) {
        writeName(out, zone.name());
    }

    static Zone readZone(ByteReader in, String field) {
        String name = readAscii(in, field, NodeId.MAX_LENGTH);
        String problem = Zone.problemWith(name);
        if (problem != null) {
            throw new DecodingException(field + " is not valid: " + problem);
        }
        return new Zone(name);
    }

    private static void writeName(ByteWriter out, String name) {
        byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
        out.writeByte(ascii.length).writeBytes(ascii);
    }

    /** A node id as the wire carries one: a length byte, then ASCII. */
    static void writeNode(ByteWriter out, NodeId node) {
        writeName(out, node.value());
    }

    static NodeId readNode(ByteReader in, String field) {
        String id = readAscii(in, field, NodeId.MAX_LENGTH);
        String problem = NodeId.problemWith(id);
        if (problem != null) {
            throw new DecodingException(field + " is not valid: " + problem);
        }
        return new NodeId(id);
    }

    /** A length byte of 1..{@code maxLength}, then that many bytes read as Latin-1 (callers validate). */
    static String readAscii(ByteReader in, String field, int maxLength) {
        int length = in.readByte(field + " length");
        if (length < 1 || length > maxLength) {
            throw new DecodingException(field + " is " + length + " bytes long; 1 to " + maxLength + " are allowed");
        }
        return new String(in.readBytes(length, field), StandardCharsets.ISO_8859_1);
    }
}
