package io.dynacart.store.transport;

/**
 * Everything nodes say to each other, one sealed family per subsystem. Java 17 has no pattern
 * matching for switch: receivers dispatch with an {@code instanceof} chain that ends in an
 * exception, and {@code MessageHierarchyTest} walks the permitted subclasses so that no message
 * lacks a handler (or, on TCP, a codec tag).
 */
public sealed interface Message permits ReplicationMessage, HandoffMessage, ProbeMessage {
}
