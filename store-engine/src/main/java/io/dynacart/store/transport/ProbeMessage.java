package io.dynacart.store.transport;

/** Failure detection: a node asks a peer it suspects whether it is back. */
public sealed interface ProbeMessage extends Message {

    record Ping(long seq) implements ProbeMessage {
    }

    record Pong(long seq) implements ProbeMessage {
    }
}
