package io.dynacart.store.clientwire;

/**
 * A frame that is not a message of the protocol: an unknown type, a truncated body, trailing bytes,
 * a number out of range, a key, context or value the store's rules refuse. The only exception the
 * decoders raise. It carries the request's id when the frame got that far
 * ({@link ClientProtocol#CONNECTION_ID} otherwise), so a node can answer the request it refuses; the
 * message names the field and the problem and never contains the frame's bytes.
 */
public final class MalformedMessageException extends RuntimeException {

    private final long requestId;
    private final ErrorCode code;

    public MalformedMessageException(long requestId, String message) {
        this(requestId, ErrorCode.BAD_REQUEST, message);
    }

    /** A frame refused as {@code code}: BAD_REQUEST, or TOO_LARGE for a value over 1 MiB. */
    public MalformedMessageException(long requestId, ErrorCode code, String message) {
        super(message, null, false, false);
        this.requestId = requestId;
        this.code = code;
    }

    /** How to answer it: BAD_REQUEST, or TOO_LARGE for a value over 1 MiB (as HTTP's 413). */
    public ErrorCode code() {
        return code;
    }

    /** The id of the request the frame carried, or {@link ClientProtocol#CONNECTION_ID} when not read. */
    public long requestId() {
        return requestId;
    }
}
