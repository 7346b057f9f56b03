package io.dynacart.store.transport;

/**
 * Bytes from the wire that are not a message: an unknown tag, a truncated body, trailing bytes, a
 * number out of range, a field its record rejects. It is the only exception
 * {@link MessageCodec#decode} raises, so a receiver can close the one connection that sent the frame
 * and keep serving the others. The message names the frame's type when known, the field and the
 * problem; it never contains the frame's bytes.
 *
 * <p>One kind is not the peer's protocol going wrong but its data: {@link RefusedFrameException}, a
 * well-formed frame whose clocks are past the limits. Only that frame is dropped.
 */
public sealed class MalformedFrameException extends RuntimeException permits RefusedFrameException {

    public MalformedFrameException(String message) {
        super(message);
    }
}
