package io.dynacart.store.transport;

/**
 * A message that {@link MessageCodec#encode} will not put on the wire, because its frame would pass
 * the frame limit or one of its fields would pass a bound the decoder enforces (a value over
 * {@code Value.MAX_BYTES}, a version's past over {@link MessageCodec#MAX_PAST_ENTRIES} entries).
 * Refusing at the sender keeps the promise that every frame encoded is a frame the peer decodes:
 * otherwise the peer would close a healthy connection over a message it could never accept.
 */
public final class MessageTooLargeException extends IllegalArgumentException {

    public MessageTooLargeException(String message) {
        super(message);
    }
}
