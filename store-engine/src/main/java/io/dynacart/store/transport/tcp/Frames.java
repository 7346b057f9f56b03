package io.dynacart.store.transport.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * The framing on the wire: a 4-byte big-endian body length, then the body. {@link FrameDecoder}
 * reads it; this writes it, one frame at a time for the handshake, or many small frames packed into
 * one buffer for messages, so that a burst costs one socket write per batch, not per message.
 */
final class Frames {

    static final int LENGTH_BYTES = 4;
    /** Frames are packed into buffers of at most this size; a larger frame goes alone. */
    static final int BATCH_BYTES = 64 * 1024;

    private Frames() {
    }

    /** One frame around {@code body}, without copying it. */
    static ByteBuf single(byte[] body) {
        return Unpooled.wrappedBuffer(Unpooled.copyInt(body.length), Unpooled.wrappedBuffer(body));
    }

    /** An empty batch with room for {@code firstBody} at least, growing up to {@link #BATCH_BYTES}. */
    static ByteBuf batch(ByteBufAllocator alloc, byte[] firstBody) {
        return alloc.directBuffer(Math.max(LENGTH_BYTES + firstBody.length, 1024), BATCH_BYTES);
    }

    /** Whether {@code body} still fits in {@code batch}. */
    static boolean fits(ByteBuf batch, byte[] body) {
        return batch.maxWritableBytes() >= LENGTH_BYTES + body.length;
    }

    static void append(ByteBuf batch, byte[] body) {
        batch.writeInt(body.length).writeBytes(body);
    }
}
