package io.dynacart.store.transport;

/**
 * Everything nodes say to each other, one sealed family per subsystem. Java 17 has no pattern
 * matching for switch: receivers dispatch with an {@code instanceof} chain that ends in an
 * exception. Tests walk the permitted subclasses (through {@code MessageSamples}): so that every
 * message has a pinned codec tag and round-trips ({@code MessageCodecTest}), and arrives unchanged
 * over every network ({@code NetworkContract}). A new record needs a tag in {@link MessageCodec}.
 */
public sealed interface Message permits ReplicationMessage, HandoffMessage, ProbeMessage, GossipMessage,
        TransferMessage, AntiEntropyMessage {
}
