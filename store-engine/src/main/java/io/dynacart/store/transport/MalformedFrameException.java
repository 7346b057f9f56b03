package io.dynacart.store.transport;

/**
 * Bytes from the wire that are not a message: an unknown tag, a truncated body, trailing bytes, a
 * number out of range, a field its record rejects. It is the only exception
 * {@link MessageCodec#decode} raises, so a receiver can close the one connection that sent the frame
 * and keep serving the others. The message names the frame's type when known, the field and the
 * problem; it never contains the frame's bytes.
 */
public final class MalformedFrameException extends RuntimeException {

    public MalformedFrameException(String message) {
        super(message);
    }
}
