package io.dynacart.store.transport.tcp;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The accepted connections that have not authenticated yet, counted per remote address and in all
 * ({@link TcpConfig.Handshakes}). A connection takes a slot when it is accepted and gives it back
 * once it authenticates or closes; one that finds no slot is closed at once. So a stranger can hold
 * a few sockets for at most the handshake timeout each, never exhaust the node's file descriptors,
 * and strangers at one address cannot crowd out peers at another.
 */
final class HandshakeSlots {

    private final TcpConfig.Handshakes limits;
    private final Map<InetAddress, Integer> byAddress = new HashMap<>();
    private int total;

    HandshakeSlots(TcpConfig.Handshakes limits) {
        this.limits = limits;
    }

    /** Takes a slot for a connection from {@code address}, or says why there is none (null when taken). */
    synchronized String tryTake(InetAddress address) {
        int fromAddress = byAddress.getOrDefault(address, 0);
        if (fromAddress >= limits.perAddress()) {
            return fromAddress + " connections from " + address.getHostAddress() + " are already unauthenticated"
                    + " (the limit per address)";
        }
        if (total >= limits.total()) {
            return total + " connections are already unauthenticated (the limit for all addresses)";
        }
        byAddress.put(address, fromAddress + 1);
        total++;
        return null;
    }

    /** Gives back a slot taken for {@code address}. */
    synchronized void give(InetAddress address) {
        Integer fromAddress = byAddress.get(address);
        if (fromAddress == null) {
            throw new IllegalStateException("no handshake slot is held for " + address);
        }
        if (fromAddress == 1) {
            byAddress.remove(address);
        } else {
            byAddress.put(address, fromAddress - 1);
        }
        total--;
    }

    /** Slots held now, in all. */
    synchronized int inUse() {
        return total;
    }
}
