package io.dynacart.store.transport.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Splits the byte stream into frames (see {@link Frames}) and strips their length prefixes. The limit starts at the handshake's and is raised to the configured frame limit only
 * once the peer has authenticated, so a stranger can make a node buffer a few hundred bytes, never
 * megabytes. A length over the limit fails at once, before the body is awaited, with a
 * {@link TooLongFrameException} naming both numbers.
 *
 * <p>Confined to its channel's event loop, like every handler.
 */
final class FrameDecoder extends LengthFieldBasedFrameDecoder {

    private final int ceiling;
    private int limit;

    /** Accepts bodies of up to {@code initialLimit} bytes until {@link #raiseLimit()}, then {@code ceiling}. */
    FrameDecoder(int initialLimit, int ceiling) {
        super(ceiling + Frames.LENGTH_BYTES, 0, Frames.LENGTH_BYTES, 0, Frames.LENGTH_BYTES);
        this.limit = initialLimit;
        this.ceiling = ceiling;
    }

    /** The peer has authenticated: from now on frames up to the configured limit are accepted. */
    void raiseLimit() {
        limit = ceiling;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (in.readableBytes() >= Frames.LENGTH_BYTES) {
            long length = in.getUnsignedInt(in.readerIndex());
            if (length > limit) {
                throw new TooLongFrameException("a frame of " + length + " bytes passes the limit of " + limit + " bytes");
            }
        }
        return super.decode(ctx, in);
    }
}
