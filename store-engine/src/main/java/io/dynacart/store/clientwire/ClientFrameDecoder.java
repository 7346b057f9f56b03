package io.dynacart.store.clientwire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Splits the byte stream into frame bodies (see {@link ClientFrames}), refusing a length over the
 * limit at once, before the body is awaited, with a {@link TooLongFrameException} naming both
 * numbers. A node starts a connection at {@link ClientProtocol#HELLO_FRAME_LIMIT} and raises it once
 * the HELLO is accepted, so a stranger can make it buffer a few hundred bytes, never a megabyte.
 *
 * <p>Confined to its channel's event loop, like every handler.
 */
public final class ClientFrameDecoder extends LengthFieldBasedFrameDecoder {

    private final int ceiling;
    private int limit;

    /** Accepts bodies of up to {@code initialLimit} bytes until {@link #raiseLimit()}, then {@code ceiling}. */
    public ClientFrameDecoder(int initialLimit, int ceiling) {
        super(ceiling + ClientFrames.LENGTH_BYTES, 0, ClientFrames.LENGTH_BYTES, 0, ClientFrames.LENGTH_BYTES);
        this.limit = initialLimit;
        this.ceiling = ceiling;
    }

    /** The connection is past its HELLO: frames up to the ceiling are accepted from now on. */
    public void raiseLimit() {
        limit = ceiling;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (in.readableBytes() >= ClientFrames.LENGTH_BYTES) {
            long length = in.getUnsignedInt(in.readerIndex());
            if (length > limit) {
                throw new TooLongFrameException("a frame of " + length + " bytes passes the limit of " + limit + " bytes");
            }
        }
        return super.decode(ctx, in);
    }
}
