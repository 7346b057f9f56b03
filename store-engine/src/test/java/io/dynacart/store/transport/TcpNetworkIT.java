package io.dynacart.store.transport;

import io.dynacart.store.transport.tcp.TcpNodes;
import io.dynacart.testing.Await;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;

/**
 * The TCP network keeps the {@link NetworkContract}: each node on its own {@code TcpNetwork} and
 * loopback port, authenticated with a shared secret, on real threads.
 */
class TcpNetworkIT extends NetworkContract {

    private TcpNodes nodes;

    @Override
    protected Network create() {
        nodes = new TcpNodes();
        return nodes;
    }

    @Override
    protected void deliverUntil(String what, BooleanSupplier condition) {
        Await.until(what, condition);
    }

    /** Every frame handed to a socket has reached its inbox (frames still queued for a dead peer never will). */
    @Override
    protected void settle() {
        nodes.awaitNothingInFlight();
    }

    @AfterEach
    void closeNetworks() {
        nodes.close();
    }
}
