package io.dynacart.store.membership;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import java.util.Comparator;
import java.util.Objects;

/**
 * One node's entry in the gossiped membership, written only by that node: its addresses, its weight,
 * its {@link Zone} (which it brings into the ring when it joins, as it brings its weight), and a
 * heartbeat {@code (generation, version)}. The generation numbers the node's starts (it is the start's
 * time), so that a restarted node's fresh counters still beat its previous start's; the version
 * grows on each heartbeat tick and each change to the entry. Gossip keeps, per node, the entry with
 * the higher {@code (generation, version)}: see {@link #newer}.
 *
 * <p>Addresses are {@code host:port} strings (the peer TCP address, the HTTP address and the binary
 * client protocol's address), 1 to {@value #MAX_ADDRESS_LENGTH} printable ASCII characters ending in
 * {@code :port}; the client address may also be {@link #NO_ADDRESS}, for a node that has not
 * announced one (a node of an older release, whose views carry none).
 *
 * <p>{@code hintHorizon} is the node's report on the hints it keeps, refreshed with each heartbeat:
 * every version of every hint it held when it wrote this entry was written after that time
 * ({@code handoff.HintStore#horizon}); 0 until the node first reports. Tombstone collection waits
 * until every member's horizon is past the moment all replicas held a tombstone.
 *
 * <p>{@code incarnation} is how many times the node's data was lost and started afresh (a wiped or
 * restored data directory): its writes carry the clock actor {@code <id>.<incarnation>} from the
 * first on. Gossiped so that a node starting on an empty data directory learns whether the cluster
 * knew an earlier life of it, and under which incarnation, and takes the next one
 * ({@link IncarnationLearning}). A generation of 0 marks the entry of a node still learning it: any
 * entry of an earlier life beats it, so that the entry the node gossips never hides that evidence.
 */
public record Member(NodeId id, String peerAddress, String httpAddress, String clientAddress, int weight,
                     long generation, long version, long hintHorizon, Zone zone, int incarnation) {

    /** The client address of a node that announced none. */
    public static final String NO_ADDRESS = "";

    /** Longest address accepted, here and by {@link ViewCodec}. */
    public static final int MAX_ADDRESS_LENGTH = 255;

    /**
     * The order {@link #newer} picks by: the heartbeat, then, only for two different entries with one
     * heartbeat (which a correct node never writes), the addresses and weight, so merge stays
     * commutative whatever it is given.
     */
    static final Comparator<Member> ORDER = Comparator.comparingLong(Member::generation)
            .thenComparingLong(Member::version)
            .thenComparing(Member::peerAddress)
            .thenComparing(Member::httpAddress)
            .thenComparing(Member::clientAddress)
            .thenComparingInt(Member::weight)
            .thenComparingLong(Member::hintHorizon)
            .thenComparing(Member::zone)
            .thenComparingInt(Member::incarnation);

    public Member {
        Objects.requireNonNull(id, "id");
        checkAddress("peer address", peerAddress);
        checkAddress("HTTP address", httpAddress);
        Objects.requireNonNull(clientAddress, "client address");
        if (!clientAddress.equals(NO_ADDRESS)) {
            checkAddress("client address", clientAddress);
        }
        if (weight < 1) {
            throw new IllegalArgumentException("weight of " + id + " must be >= 1, was " + weight);
        }
        if (generation < 0 || version < 0 || hintHorizon < 0) {
            throw new IllegalArgumentException("generation, version and hint horizon of " + id + " must be >= 0, were "
                    + generation + ", " + version + " and " + hintHorizon);
        }
        Objects.requireNonNull(zone, "zone");
        if (incarnation < 0) {
            throw new IllegalArgumentException("incarnation of " + id + " must be >= 0, was " + incarnation);
        }
    }

    /** An entry of incarnation 0 (a node whose data was never lost). */
    public Member(NodeId id, String peerAddress, String httpAddress, String clientAddress, int weight,
                  long generation, long version, long hintHorizon, Zone zone) {
        this(id, peerAddress, httpAddress, clientAddress, weight, generation, version, hintHorizon, zone, 0);
    }

    /** An entry in the {@link Zone#DEFAULT} zone. */
    public Member(NodeId id, String peerAddress, String httpAddress, String clientAddress, int weight,
                  long generation, long version, long hintHorizon) {
        this(id, peerAddress, httpAddress, clientAddress, weight, generation, version, hintHorizon, Zone.DEFAULT);
    }

    /** An entry without a client address. */
    public Member(NodeId id, String peerAddress, String httpAddress, int weight, long generation, long version,
                  long hintHorizon) {
        this(id, peerAddress, httpAddress, NO_ADDRESS, weight, generation, version, hintHorizon);
    }

    /** An entry that has not reported a hint horizon yet (0: it holds back every tombstone collection). */
    public Member(NodeId id, String peerAddress, String httpAddress, int weight, long generation, long version) {
        this(id, peerAddress, httpAddress, weight, generation, version, 0);
    }

    /** A node's entry at the start of incarnation {@code generation}. */
    public static Member starting(NodeId id, String peerAddress, String httpAddress, int weight, long generation) {
        return starting(id, peerAddress, httpAddress, weight, Zone.DEFAULT, generation);
    }

    /** A node's entry in {@code zone} at the start of incarnation {@code generation}. */
    public static Member starting(NodeId id, String peerAddress, String httpAddress, int weight, Zone zone,
                                  long generation) {
        return starting(id, peerAddress, httpAddress, weight, zone, generation, 0);
    }

    /**
     * A node's entry in {@code zone} at its start numbered {@code generation} (0 while it learns its
     * incarnation), running under {@code incarnation}.
     */
    public static Member starting(NodeId id, String peerAddress, String httpAddress, int weight, Zone zone,
                                  long generation, int incarnation) {
        return new Member(id, peerAddress, httpAddress, NO_ADDRESS, weight, generation, 0, 0, zone, incarnation);
    }

    /** This entry with new addresses and the next version. */
    public Member announcing(String newPeerAddress, String newHttpAddress, String newClientAddress) {
        return new Member(id, newPeerAddress, newHttpAddress, newClientAddress, weight, generation, version + 1,
                hintHorizon, zone, incarnation);
    }

    /** This entry at heartbeat {@code (newGeneration, newVersion)}, everything else kept. */
    public Member at(long newGeneration, long newVersion) {
        return new Member(id, peerAddress, httpAddress, clientAddress, weight, newGeneration, newVersion, hintHorizon,
                zone, incarnation);
    }

    /** This entry under {@code newIncarnation}, at heartbeat {@code (newGeneration, 0)}: a node that learnt its incarnation. */
    public Member reborn(int newIncarnation, long newGeneration) {
        return new Member(id, peerAddress, httpAddress, clientAddress, weight, newGeneration, 0, hintHorizon, zone,
                newIncarnation);
    }

    /** This entry one heartbeat later. */
    public Member heartbeat() {
        return heartbeat(hintHorizon);
    }

    /** This entry one heartbeat later, reporting {@code horizon} as its hint horizon. */
    public Member heartbeat(long horizon) {
        return new Member(id, peerAddress, httpAddress, clientAddress, weight, generation, version + 1, horizon, zone,
                incarnation);
    }

    /** The entry gossip keeps of two entries of one node. */
    public static Member newer(Member a, Member b) {
        if (!a.id.equals(b.id)) {
            throw new IllegalArgumentException("entries of " + a.id + " and " + b.id + " are of different nodes");
        }
        return ORDER.compare(a, b) >= 0 ? a : b;
    }

    /** Whether this entry carries a later heartbeat than {@code other}'s (of the same node). */
    public boolean isAheadOf(Member other) {
        return generation != other.generation ? generation > other.generation : version > other.version;
    }

    /** Why {@code address} is not a valid {@code host:port}, or {@code null} when it is. */
    public static String problemWithAddress(String address) {
        if (address.isEmpty() || address.length() > MAX_ADDRESS_LENGTH) {
            return "is " + address.length() + " characters long; 1 to " + MAX_ADDRESS_LENGTH + " are allowed";
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return "has a character that is not printable ASCII at position " + i;
            }
        }
        int colon = address.lastIndexOf(':');
        String port = address.substring(colon + 1);
        if (colon < 1 || port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)
                || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            return "is not host:port with a port from 1 to 65535";
        }
        return null;
    }

    private static void checkAddress(String what, String address) {
        Objects.requireNonNull(address, what);
        String problem = problemWithAddress(address);
        if (problem != null) {
            throw new IllegalArgumentException(what + " '" + address + "' " + problem);
        }
    }
}
