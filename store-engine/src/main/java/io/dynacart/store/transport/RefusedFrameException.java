package io.dynacart.store.transport;

/**
 * A frame that decodes but carries a clock past the
 * {@link io.dynacart.store.versioning.ClockLimits}: a counter above 2^62 or a timestamp after the
 * year 9999, which no node of this release creates (an older node may hold one a forged context
 * made). The frame is dropped, as if lost; the connection stays open, since the stream is still in
 * step and everything else the peer sends is good. A receiver that closed it instead would cut
 * every other message of the peer each time it retried the one bad key.
 */
public final class RefusedFrameException extends MalformedFrameException {

    public RefusedFrameException(String message) {
        super(message);
    }
}
