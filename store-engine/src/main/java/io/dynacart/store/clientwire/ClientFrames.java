package io.dynacart.store.clientwire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * The framing on the wire, as between nodes: a 4-byte big-endian body length, then the body (one
 * request or answer). {@link ClientFrameDecoder} splits a stream into bodies; this writes them.
 */
public final class ClientFrames {

    public static final int LENGTH_BYTES = 4;

    private ClientFrames() {
    }

    /** One frame around {@code body}. */
    public static ByteBuf frame(ByteBufAllocator alloc, byte[] body) {
        ByteBuf buf = alloc.buffer(LENGTH_BYTES + body.length);
        return buf.writeInt(body.length).writeBytes(body);
    }

    /** The bytes of a body the decoder produced; the caller still owns (and releases) {@code body}. */
    public static byte[] bytes(ByteBuf body) {
        return ByteBufUtil.getBytes(body);
    }
}
