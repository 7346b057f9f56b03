package io.dynacart.store.clientwire;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Context;

/** The protocol's numbers: its version, its ids, and the bounds every frame and field keeps. */
public final class ClientProtocol {

    /**
     * The newest version this release speaks. Version 2 added the fastest replica to FOUND; a node
     * speaks whichever of {@link #OLDEST_VERSION}..{@code VERSION} the client's HELLO names (and says
     * so in WELCOME), and refuses any other.
     */
    public static final int VERSION = 2;
    /** The oldest version a node still speaks: 1, without the fastest replica in FOUND. */
    public static final int OLDEST_VERSION = 1;
    /** The first version whose FOUND may name the fastest replica. */
    public static final int FASTEST_REPLICA_VERSION = 2;
    /** The id of answers about the connection itself rather than one request; no request may use it. */
    public static final long CONNECTION_ID = 0;
    /** The lowest id a request may carry; ids go up to {@link Long#MAX_VALUE}. */
    public static final long MIN_ID = 1;
    /** Bytes of a client token, at most. */
    public static final int MAX_TOKEN_BYTES = 256;
    /** Bytes of an error message, at most; longer ones are cut. */
    public static final int MAX_MESSAGE_BYTES = 4096;
    /** Nodes a FAILURE names as missing from a quorum, at most. */
    public static final int MAX_MISSING = 64;
    /** Largest body of a frame before the connection's HELLO was accepted. */
    public static final int HELLO_FRAME_LIMIT = 512;
    /** Largest body of a request frame: a put with the longest key, context and value, and room for its numbers. */
    public static final int REQUEST_FRAME_LIMIT = Value.MAX_BYTES + Key.MAX_STORED_LENGTH + Context.MAX_BYTES + 64;
    /**
     * Largest body of an answer frame. A get's siblings are bounded by the sibling caps (2 MiB of
     * values by default) but, after a partition, may merge up to N capped sets; 16 MiB holds them.
     */
    public static final int RESPONSE_FRAME_LIMIT = 16 << 20;

    private ClientProtocol() {
    }

    /** Whether a node speaks {@code version}. */
    public static boolean speaks(int version) {
        return version >= OLDEST_VERSION && version <= VERSION;
    }

    static void requireId(long id) {
        if (id < MIN_ID) {
            throw new IllegalArgumentException("a request id is 1 to 2^63-1, was " + id);
        }
    }

    static void requireQuorumField(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0 (0: the node's default), was " + value);
        }
    }

    /** {@code message} cut to at most {@link #MAX_MESSAGE_BYTES} bytes of UTF-8. */
    static String clip(String message) {
        return message.length() <= MAX_MESSAGE_BYTES / 4 ? message : message.substring(0, MAX_MESSAGE_BYTES / 4);
    }
}
