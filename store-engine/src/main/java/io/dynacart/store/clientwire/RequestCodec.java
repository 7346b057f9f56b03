package io.dynacart.store.clientwire;

import io.dynacart.store.encoding.ByteReader;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.encoding.DecodingException;
import io.dynacart.store.storage.ValueTooLargeException;

/**
 * Requests to and from bytes (the body of a frame, see {@link ClientFrames}):
 *
 * <pre>
 *   byte type, id, then by type (fields: {@link ClientFields}):
 *   1 HELLO    varint version, text token (0..256 bytes; empty = none)
 *   2 GET      key, quorum r
 *   3 PUT      key, context, value, quorum w
 *   4 DELETE   key, context, quorum w
 * </pre>
 *
 * Nothing may follow the last field. Every type starts with its id, so even a request of a type
 * this node does not know is answered under its id.
 */
public final class RequestCodec {

    static final int HELLO = 1;
    static final int GET = 2;
    static final int PUT = 3;
    static final int DELETE = 4;

    private RequestCodec() {
    }

    public static byte[] encode(ClientRequest request) {
        ByteWriter out = new ByteWriter(64);
        if (request instanceof ClientRequest.Hello h) {
            out.writeByte(HELLO).writeVarint(h.id()).writeVarint(h.version());
            ClientFields.writeText(out, h.token());
        } else if (request instanceof ClientRequest.Get g) {
            out.writeByte(GET).writeVarint(g.id());
            ClientFields.writeKey(out, g.key());
            out.writeVarint(g.r());
        } else if (request instanceof ClientRequest.Put p) {
            out = new ByteWriter(p.value().length + p.key().length() + 64);
            out.writeByte(PUT).writeVarint(p.id());
            ClientFields.writeKey(out, p.key());
            ClientFields.writeContext(out, p.context());
            out.writeLengthPrefixed(p.value()).writeVarint(p.w());
        } else if (request instanceof ClientRequest.Delete d) {
            out.writeByte(DELETE).writeVarint(d.id());
            ClientFields.writeKey(out, d.key());
            ClientFields.writeContext(out, d.context());
            out.writeVarint(d.w());
        } else {
            throw new IllegalArgumentException("no wire type for " + request.getClass().getName());
        }
        return out.toByteArray();
    }

    /**
     * The request in {@code body}, which must hold exactly one.
     *
     * @throws MalformedMessageException naming the field and the problem, with the request's id once read
     */
    public static ClientRequest decode(byte[] body) {
        ByteReader in = new ByteReader(body);
        int type;
        long id;
        try {
            type = in.readByte("type");
            id = ClientFields.readId(in);
        } catch (DecodingException e) {
            throw new MalformedMessageException(ClientProtocol.CONNECTION_ID, "request " + e.getMessage());
        }
        String name = name(type);
        if (name == null) {
            throw new MalformedMessageException(id, "request type " + type + " is not known; this node takes "
                    + "HELLO (1), GET (2), PUT (3) and DELETE (4)");
        }
        try {
            ClientRequest request = body(type, id, in);
            in.expectEnd();
            return request;
        } catch (DecodingException e) {
            throw new MalformedMessageException(id, name + " request " + e.getMessage());
        } catch (ValueTooLargeException e) {
            throw new MalformedMessageException(id, ErrorCode.TOO_LARGE, e.getMessage() + "; nothing was written");
        }
    }

    private static ClientRequest body(int type, long id, ByteReader in) {
        switch (type) {
            case HELLO:
                int version = (int) in.readVarint("version", 0, Integer.MAX_VALUE);
                return new ClientRequest.Hello(id, version, ClientFields.readText(in, "token", ClientProtocol.MAX_TOKEN_BYTES));
            case GET:
                return new ClientRequest.Get(id, ClientFields.readKey(in), ClientFields.readQuorum(in, "r"));
            case PUT:
                return new ClientRequest.Put(id, ClientFields.readKey(in), ClientFields.readContext(in),
                        ClientFields.readValue(in), ClientFields.readQuorum(in, "w"));
            case DELETE:
                return new ClientRequest.Delete(id, ClientFields.readKey(in), ClientFields.readContext(in),
                        ClientFields.readQuorum(in, "w"));
            default:
                throw new IllegalStateException("type " + type + " has a name but no decoder");
        }
    }

    /** The type's name, or null when no request has it. */
    static String name(int type) {
        switch (type) {
            case HELLO:
                return "HELLO";
            case GET:
                return "GET";
            case PUT:
                return "PUT";
            case DELETE:
                return "DELETE";
            default:
                return null;
        }
    }
}
