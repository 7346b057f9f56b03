package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.clientwire.ClientRequest;
import io.dynacart.store.clientwire.ClientResponse;
import io.dynacart.store.clientwire.ErrorCode;
import io.dynacart.store.clientwire.RequestCodec;
import io.dynacart.store.clientwire.ResponseCodec;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Await;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * A client of this release against a node of the previous one, which speaks only protocol version 1
 * and refuses a HELLO of version 2 (BAD_REQUEST, then closes): the client opens the connection again
 * in version 1 and is served, its reads naming no fastest replica. The "older node" here answers on
 * a plain socket exactly what that release answered, with the same codecs (version 1's bytes are
 * unchanged).
 */
class OlderNodeIT {

    private static final NodeId OLD = NodeId.of("n9");

    @Test
    void aClientFallsBackToVersionOneWhenAnOlderNodeRefusesVersionTwo() throws Exception {
        List<Integer> hellos = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newCachedThreadPool();
        try (ServerSocket server = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            pool.submit(() -> serveAsVersionOne(server, hellos, pool));
            Topology topology = new Topology(Claim.initial(Map.of(OLD, 1), 16, 1), Map.of(),
                    Map.of(OLD, new InetSocketAddress("127.0.0.1", server.getLocalPort())));
            try (WireExchange exchange = new WireExchange(topology, Duration.ofSeconds(10), "", pool)) {
                GetResult read = Await.of(exchange.get(OLD, Key.of("k"), Quorum.DEFAULT));
                assertThat(read.siblings()).isEmpty();
                assertThat(read.fastestReplica()).as("an older node names no fastest replica: no preference").isEmpty();
                Await.of(exchange.get(OLD, Key.of("k2"), Quorum.DEFAULT));
                assertThat(hellos).as("version 2 refused, version 1 accepted, and that connection kept")
                        .containsExactly(2, 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Accepts connections until the socket closes, each served as a version 1 node would. */
    private static void serveAsVersionOne(ServerSocket server, List<Integer> hellos, ExecutorService pool) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                pool.submit(() -> session(s, hellos));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void session(Socket s, List<Integer> hellos) {
        try (s; DataInputStream in = new DataInputStream(s.getInputStream());
             DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
            ClientRequest.Hello hello = (ClientRequest.Hello) read(in);
            hellos.add(hello.version());
            if (hello.version() != 1) {
                write(out, ClientResponse.Failure.of(hello.id(), ErrorCode.BAD_REQUEST, "protocol version "
                        + hello.version() + " is not spoken here; this node speaks version 1"));
                return;
            }
            write(out, new ClientResponse.Welcome(hello.id(), 1, OLD));
            while (true) {
                ClientRequest request = read(in);
                write(out, new ClientResponse.Found(request.id(), Context.EMPTY, List.of(), false));
            }
        } catch (IOException closed) {
            // the client went away
        }
    }

    private static ClientRequest read(DataInputStream in) throws IOException {
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        return RequestCodec.decode(body);
    }

    private static void write(DataOutputStream out, ClientResponse answer) throws IOException {
        byte[] body = ResponseCodec.encode(answer);
        out.writeInt(body.length);
        out.write(body);
        out.flush();
    }
}
