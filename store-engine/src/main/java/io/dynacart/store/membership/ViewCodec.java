package io.dynacart.store.membership;

import io.dynacart.store.api.NamespaceTable;
import io.dynacart.store.encoding.ByteReader;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.encoding.DecodingException;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.transport.GossipMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bytes a {@link MembershipView} travels as inside {@link GossipMessage}:
 * <pre>
 *   byte format (6, 5, 4 or 3)     varint n (1..{@value #MAX_REPLICAS})
 *   varint member count, then per member, ids strictly ascending:
 *     node, peer address, HTTP address (each a length byte, then ASCII),
 *     client address (a length byte, 0 for none, then ASCII; formats 3 and up),
 *     varint weight (&ge; 1), varint generation, varint version, varint hint horizon,
 *     zone (a length byte, then ASCII; formats 5 and 6),
 *     varint incarnation (format 6 only)
 *   ring (RingCodec; with its zones in formats 5 and 6)
 *   byte 0 (no transition) | 1, then the target ring (as the ring), varint done count, and per done
 *     transfer, strictly ascending by (partition, receiver): varint partition (below Q), node
 *   formats 4 to 6: the namespace table (NamespaceCodec)
 * </pre>
 * Each view is written in the oldest format that holds it: format 6 only once some node runs under
 * an incarnation above 0 (its data was wiped or restored), 5 only once some node is in a zone other
 * than {@link Zone#DEFAULT}, 4 only once the cluster has a namespace, so that nodes of an older
 * release go on gossiping with this one until then. A peer's bytes are untrusted: {@link #decode} checks every bound and fails only
 * with {@link DecodingException}. The decoded view is normalized like any other, so a peer cannot
 * plant a stale or finished transition.
 */
public final class ViewCodec {

    /** Highest replication factor accepted. */
    public static final int MAX_REPLICAS = 64;
    /**
     * 6 since members carry their incarnation, 5 since members and rings carry zones, 4 since views
     * carry namespaces, 3 since members announce their client protocol address. Views of format 2
     * (members without one) still decode; a node of format 2 refuses later views, a node of format 3
     * refuses views of a cluster that has made a namespace, one of format 4 views of a cluster with a
     * node in a zone, and one of format 5 views of a cluster with a node under an incarnation above
     * 0, so upgrade every node of a cluster before making a namespace, giving a node a zone, or wiping
     * or restoring a node.
     */
    private static final int FORMAT = 6;
    /** The format before incarnations: written while every member runs under incarnation 0. */
    private static final int FORMAT_WITHOUT_INCARNATIONS = 5;
    /** The format before zones: written while every node is in the default zone. */
    private static final int FORMAT_WITHOUT_ZONES = 4;
    /**
     * The format before namespaces: written while the cluster has none, so that a node of the
     * previous release still understands the view until the first namespace is made.
     */
    private static final int FORMAT_WITHOUT_NAMESPACES = 3;
    /** The format before client addresses: decoded, never written. */
    private static final int FORMAT_WITHOUT_CLIENT = 2;

    private ViewCodec() {
    }

    /**
     * @throws IllegalArgumentException if the view passes {@link GossipMessage#MAX_VIEW_BYTES}, far
     *                                  beyond any cluster this store runs
     */
    public static byte[] encode(MembershipView view) {
        ByteWriter out = new ByteWriter(256);
        boolean incarnations = view.members().values().stream().anyMatch(m -> m.incarnation() > 0);
        boolean zoned = incarnations || hasZones(view);
        boolean namespaces = view.namespaces().size() > 0;
        out.writeByte(incarnations ? FORMAT : zoned ? FORMAT_WITHOUT_INCARNATIONS
                        : namespaces ? FORMAT_WITHOUT_ZONES : FORMAT_WITHOUT_NAMESPACES)
                .writeVarint(view.n()).writeVarint(view.members().size());
        for (Member m : view.members().values()) {
            RingCodec.writeNode(out, m.id());
            writeAddress(out, m.peerAddress());
            writeAddress(out, m.httpAddress());
            writeAddress(out, m.clientAddress());
            out.writeVarint(m.weight()).writeVarint(m.generation()).writeVarint(m.version())
                    .writeVarint(m.hintHorizon());
            if (zoned) {
                RingCodec.writeZone(out, m.zone());
            }
            if (incarnations) {
                out.writeVarint(m.incarnation());
            }
        }
        RingCodec.write(out, view.ring(), zoned);
        RingTransition transition = view.transition().orElse(null);
        if (transition == null) {
            out.writeByte(0);
        } else {
            RingCodec.write(out.writeByte(1), transition.target(), zoned);
            out.writeVarint(transition.done().size());
            for (TransferKey key : transition.done()) {
                out.writeVarint(key.partition().index());
                RingCodec.writeNode(out, key.receiver());
            }
        }
        if (zoned || namespaces) {
            NamespaceCodec.write(out, view.namespaces());
        }
        if (out.size() > GossipMessage.MAX_VIEW_BYTES) {
            throw new IllegalArgumentException("the view encodes to " + out.size() + " bytes; at most "
                    + GossipMessage.MAX_VIEW_BYTES + " may be gossiped");
        }
        return out.toByteArray();
    }

    /** The view in {@code bytes}, which must hold exactly one. */
    public static MembershipView decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        int format = in.readByte("format");
        if (format < FORMAT_WITHOUT_CLIENT || format > FORMAT) {
            throw new DecodingException("view format " + format + " is not known");
        }
        boolean zoned = format >= FORMAT_WITHOUT_INCARNATIONS;
        int n = (int) in.readVarint("n", 1, MAX_REPLICAS);
        List<Member> members = readMembers(in, format != FORMAT_WITHOUT_CLIENT, zoned, format == FORMAT);
        Ring ring = RingCodec.read(in, zoned);
        RingTransition transition = readTransition(in, zoned);
        NamespaceTable namespaces = format >= FORMAT_WITHOUT_ZONES ? NamespaceCodec.read(in) : NamespaceTable.EMPTY;
        in.expectEnd();
        try {
            return new MembershipView(members, ring, transition, n, namespaces);
        } catch (IllegalArgumentException e) {
            throw new DecodingException("holds a view its class rejects: " + e.getMessage());
        }
    }

    /** Whether a member or a ring of {@code view} has a node outside {@link Zone#DEFAULT}. */
    private static boolean hasZones(MembershipView view) {
        return view.members().values().stream().anyMatch(m -> !m.zone().equals(Zone.DEFAULT))
                || !RingCodec.inDefaultZone(view.ring())
                || view.transition().map(t -> !RingCodec.inDefaultZone(t.target())).orElse(false);
    }

    private static List<Member> readMembers(ByteReader in, boolean withClient, boolean withZones,
                                            boolean withIncarnations) {
        int count = (int) in.readVarint("member count", 0, in.remaining());
        List<Member> members = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++) {
            NodeId id = RingCodec.readNode(in, "member " + i);
            if (i > 0 && id.compareTo(members.get(i - 1).id()) <= 0) {
                throw new DecodingException("member " + i + " (" + id + ") is not after " + members.get(i - 1).id()
                        + "; members must be strictly ascending");
            }
            String peer = readAddress(in, "peer address of " + id);
            String http = readAddress(in, "HTTP address of " + id);
            String client = withClient ? readClientAddress(in, "client address of " + id) : Member.NO_ADDRESS;
            int weight = (int) in.readVarint("weight of " + id, 1, Integer.MAX_VALUE);
            long generation = in.readVarint("generation of " + id, 0, Long.MAX_VALUE);
            long version = in.readVarint("version of " + id, 0, Long.MAX_VALUE);
            long hintHorizon = in.readVarint("hint horizon of " + id, 0, Long.MAX_VALUE);
            Zone zone = withZones ? RingCodec.readZone(in, "zone of " + id) : Zone.DEFAULT;
            int incarnation = withIncarnations
                    ? (int) in.readVarint("incarnation of " + id, 0, Integer.MAX_VALUE) : 0;
            members.add(new Member(id, peer, http, client, weight, generation, version, hintHorizon, zone,
                    incarnation));
        }
        return members;
    }

    private static RingTransition readTransition(ByteReader in, boolean withZones) {
        int present = in.readByte("transition marker");
        if (present == 0) {
            return null;
        }
        if (present != 1) {
            throw new DecodingException("transition marker is " + present + "; 0 (none) or 1 are allowed");
        }
        Ring target = RingCodec.read(in, withZones);
        int count = (int) in.readVarint("done count", 0, in.remaining());
        Set<TransferKey> done = new TreeSet<>();
        TransferKey previous = null;
        for (int i = 0; i < count; i++) {
            int partition = (int) in.readVarint("partition of done transfer " + i, 0, target.partitionCount() - 1);
            TransferKey key = new TransferKey(RingCodec.readNode(in, "receiver of done transfer " + i),
                    PartitionId.of(partition));
            if (previous != null && key.compareTo(previous) <= 0) {
                throw new DecodingException("done transfer " + i + " is not after " + previous
                        + "; done transfers must be strictly ascending");
            }
            done.add(key);
            previous = key;
        }
        return new RingTransition(target, done);
    }

    private static void writeAddress(ByteWriter out, String address) {
        byte[] ascii = address.getBytes(StandardCharsets.US_ASCII);
        out.writeByte(ascii.length).writeBytes(ascii);
    }

    /** A client address, or {@link Member#NO_ADDRESS} for none (length 0). */
    private static String readClientAddress(ByteReader in, String field) {
        int length = in.readByte(field + " length");
        if (length == 0) {
            return Member.NO_ADDRESS;
        }
        if (length > Member.MAX_ADDRESS_LENGTH) {
            throw new DecodingException(field + " is " + length + " bytes long; 0 to " + Member.MAX_ADDRESS_LENGTH
                    + " are allowed");
        }
        String address = new String(in.readBytes(length, field), StandardCharsets.ISO_8859_1);
        String problem = Member.problemWithAddress(address);
        if (problem != null) {
            throw new DecodingException(field + " " + problem);
        }
        return address;
    }

    private static String readAddress(ByteReader in, String field) {
        String address = RingCodec.readAscii(in, field, Member.MAX_ADDRESS_LENGTH);
        String problem = Member.problemWithAddress(address);
        if (problem != null) {
            throw new DecodingException(field + " " + problem);
        }
        return address;
    }
}
