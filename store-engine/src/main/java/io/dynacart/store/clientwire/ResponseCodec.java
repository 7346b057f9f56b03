package io.dynacart.store.clientwire;

import io.dynacart.store.api.Value;
import io.dynacart.store.encoding.ByteReader;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.encoding.DecodingException;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.storage.ValueTooLargeException;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers to and from bytes:
 *
 * <pre>
 *   byte type, varint id (0 for the connection), then by type (fields: {@link ClientFields}):
 *   65 WELCOME  varint version, node
 *   66 FOUND    byte flags (bit 0: fallbacks only; bit 1: a fastest replica follows; others 0),
 *               context, siblings, then the fastest replica's node id if bit 1 (version 2)
 *   67 WRITTEN  context
 *   68 FAILURE  byte code (ErrorCode), text message (0..4096 bytes), varint count (0..64) and that
 *               many nodes (the quorum's missing), varint retry-after seconds
 * </pre>
 */
public final class ResponseCodec {

    static final int WELCOME = 65;
    static final int FOUND = 66;
    static final int WRITTEN = 67;
    static final int FAILURE = 68;
    private static final int FALLBACKS_ONLY = 1;
    private static final int HAS_FASTEST = 2;

    private ResponseCodec() {
    }

    public static byte[] encode(ClientResponse response) {
        ByteWriter out = new ByteWriter(512); // a found value of a few hundred bytes without growing
        if (response instanceof ClientResponse.Welcome w) {
            out.writeByte(WELCOME).writeVarint(w.id()).writeVarint(w.version());
            ClientFields.writeNode(out, w.node());
        } else if (response instanceof ClientResponse.Found f) {
            int flags = (f.fallbacksOnly() ? FALLBACKS_ONLY : 0) | (f.fastestReplica().isPresent() ? HAS_FASTEST : 0);
            out.writeByte(FOUND).writeVarint(f.id()).writeByte(flags);
            ClientFields.writeContext(out, f.context());
            ClientFields.writeSiblings(out, f.siblings());
            f.fastestReplica().ifPresent(n -> ClientFields.writeNode(out, n));
        } else if (response instanceof ClientResponse.Written w) {
            out.writeByte(WRITTEN).writeVarint(w.id());
            ClientFields.writeContext(out, w.context());
        } else if (response instanceof ClientResponse.Failure f) {
            out.writeByte(FAILURE).writeVarint(f.id()).writeByte(f.code().code());
            ClientFields.writeText(out, f.message());
            out.writeVarint(f.missing().size());
            f.missing().forEach(n -> ClientFields.writeNode(out, n));
            out.writeVarint(f.retryAfterSeconds());
        } else {
            throw new IllegalArgumentException("no wire type for " + response.getClass().getName());
        }
        return out.toByteArray();
    }

    /** @throws MalformedMessageException naming the field and the problem */
    public static ClientResponse decode(byte[] body) {
        ByteReader in = new ByteReader(body);
        long id = ClientProtocol.CONNECTION_ID;
        try {
            int type = in.readByte("type");
            id = in.readVarint("request id", 0, Long.MAX_VALUE);
            ClientResponse response = body(type, id, in);
            in.expectEnd();
            return response;
        } catch (DecodingException | ValueTooLargeException e) {
            throw new MalformedMessageException(id, "answer " + e.getMessage());
        }
    }

    private static ClientResponse body(int type, long id, ByteReader in) {
        switch (type) {
            case WELCOME:
                return new ClientResponse.Welcome(id, (int) in.readVarint("version", 0, Integer.MAX_VALUE),
                        ClientFields.readNode(in, "node"));
            case FOUND:
                return found(id, in);
            case WRITTEN:
                return new ClientResponse.Written(id, ClientFields.readContext(in));
            case FAILURE:
                return failure(id, in);
            default:
                throw new DecodingException("type " + type + " is not known");
        }
    }

    private static ClientResponse found(long id, ByteReader in) {
        int flags = in.readByte("flags");
        if ((flags & ~(FALLBACKS_ONLY | HAS_FASTEST)) != 0) {
            throw new DecodingException("flags are " + flags
                    + "; only bit 0 (fallbacks only) and bit 1 (fastest replica follows) are defined");
        }
        Context context = ClientFields.readContext(in);
        List<Versioned<Value>> siblings = ClientFields.readSiblings(in);
        Optional<NodeId> fastest = (flags & HAS_FASTEST) != 0
                ? Optional.of(ClientFields.readNode(in, "fastest replica")) : Optional.empty();
        return new ClientResponse.Found(id, context, siblings, (flags & FALLBACKS_ONLY) != 0, fastest);
    }

    private static ClientResponse failure(long id, ByteReader in) {
        int c = in.readByte("error code");
        ErrorCode code = ErrorCode.of(c);
        if (code == null) {
            throw new DecodingException("error code " + c + " is not known");
        }
        String message = ClientFields.readText(in, "message", ClientProtocol.MAX_MESSAGE_BYTES);
        int count = (int) in.readVarint("missing count", 0, ClientProtocol.MAX_MISSING);
        List<NodeId> missing = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            missing.add(ClientFields.readNode(in, "missing node " + i));
        }
        int retryAfter = (int) in.readVarint("retry-after", 0, 3600);
        return new ClientResponse.Failure(id, code, message, missing, retryAfter);
    }
}
