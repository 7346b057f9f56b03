/**
 * The TCP {@link io.dynacart.store.transport.Network} of a real cluster, on Netty's NIO transport:
 * {@link io.dynacart.store.transport.tcp.TcpNetwork} (one per node), its
 * {@link io.dynacart.store.transport.tcp.TcpConfig} and {@link io.dynacart.store.transport.tcp.TcpStats}.
 * Inside: one outbound link per peer with a bounded queue and reconnect backoff, length-prefixed
 * frames of {@link io.dynacart.store.transport.MessageCodec} bodies, and a mutual HMAC-SHA256
 * handshake before any message is accepted (the protocol is drawn in {@code TcpNetwork}'s Javadoc),
 * with at most so many unauthenticated connections per remote address and in all
 * ({@code HandshakeSlots}); queued messages count against the node's budget of bytes in flight.
 * Dynamo's paper leaves messaging to its infrastructure; the authentication is ours.
 *
 * <p>Depends on {@code identity}, {@code encoding} (handshake frames), the rest of {@code transport},
 * {@code budget}, Netty and SLF4J. Unlike the deterministic core, it owns threads, sockets and a {@code SecureRandom}.
 */
package io.dynacart.store.transport.tcp;
