package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.tcp.TcpConfig;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Strangers holding inter-node connections open without authenticating cannot exhaust a node: past
 * {@link TcpConfig#DEFAULT_HANDSHAKES} per address, accepted connections are closed at once (and the
 * refusals logged at a bounded rate); the ones held are closed at the handshake deadline; the
 * cluster keeps serving over its authenticated connections, and a restarted peer connects again.
 * The strangers are plain sockets that send nothing.
 */
class UnauthenticatedConnectionsIT {

    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");
    private static final NodeId N3 = NodeId.of("n3");
    private static final int PER_ADDRESS = TcpConfig.DEFAULT_HANDSHAKES.perAddress();
    private static final Quorum ALL_THREE = new Quorum(3, 2, 3);

    @TempDir
    Path root;

    private final List<Socket> strangers = new ArrayList<>();
    private final ListAppender<ILoggingEvent> refusals = new ListAppender<>();
    private final Logger inbound = (Logger) LoggerFactory.getLogger("io.dynacart.store.transport.tcp.InboundHandler");

    @BeforeEach
    void watchLog() {
        refusals.start();
        inbound.addAppender(refusals);
    }

    @AfterEach
    void closeStrangers() throws IOException {
        inbound.detachAppender(refusals);
        for (Socket s : strangers) {
            s.close();
        }
    }

    @Test
    void aBurstFromOneAddressIsShedAtOnceWhileTheClusterServesAndARestartedPeerConnectsAgain() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.forTests(3, root))) {
            write(cluster, N1, "before"); // every link is up and authenticated
            InetSocketAddress n1 = cluster.addresses(N1).tcp();
            for (int i = 0; i < 100; i++) {
                strangers.add(connect(InetAddress.getByName("127.0.0.1"), n1));
            }
            Await.until("the excess to be shed", Duration.ofSeconds(10), () -> shed(cluster) >= 100 - PER_ADDRESS);
            assertThat(shed(cluster)).as("exactly the excess is shed; the others wait for the handshake deadline")
                    .isEqualTo(100 - PER_ADDRESS);
            write(cluster, N1, "during");
            write(cluster, N2, "during-too");

            cluster.restart(N3); // its new connection to n1 comes from the strangers' address
            Await.until("every stranger to be closed by n1", Duration.ofSeconds(20), this::allStrangersClosed);
            Await.until("the restarted peer to take writes that need it", Duration.ofSeconds(30),
                    () -> tryWrite(cluster, N3, "after-restart"));

            List<ILoggingEvent> logged;
            synchronized (refusals) {
                logged = new ArrayList<>(refusals.list);
            }
            long lines = logged.stream().filter(e -> e.getLevel() == Level.WARN)
                    .filter(e -> e.getFormattedMessage().startsWith("n1: ")).count();
            assertThat(lines).as("refusals logged at a bounded rate, not one line each").isBetween(1L, 3L);
        }
    }

    @Test
    void strangersAtAnotherAddressCannotCrowdOutAPeer() throws Exception {
        InetAddress stranger = InetAddress.getByName("127.0.0.2");
        assumeTrue(canBind(stranger), "127.0.0.2 is not a local address here");
        try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.forTests(3, root))) {
            write(cluster, N1, "before");
            InetSocketAddress n1 = cluster.addresses(N1).tcp();
            AtomicBoolean attacking = new AtomicBoolean(true);
            Thread attack = new Thread(() -> keepConnecting(stranger, n1, attacking), "stranger");
            attack.start();
            try {
                Await.until("the stranger's share to be taken", Duration.ofSeconds(10), () -> shed(cluster) > 0);
                cluster.restart(N3);
                Await.until("the restarted peer to take writes that need it, under attack", Duration.ofSeconds(20),
                        () -> tryWrite(cluster, N3, "under-attack"));
                long shedBefore = shed(cluster);
                Await.until("the attack to go on", Duration.ofSeconds(10), () -> shed(cluster) > shedBefore);
            } finally {
                attacking.set(false);
                attack.join(10_000);
            }
        }
    }

    /**
     * Opens connections from {@code from} to {@code server} as fast as they are closed, holding each,
     * until {@code go} is cleared. A connect that fails (refused or timed out on a busy machine) is
     * tried again: the attack goes on for as long as the test needs it.
     */
    private void keepConnecting(InetAddress from, InetSocketAddress server, AtomicBoolean go) {
        List<Socket> open = new ArrayList<>();
        try {
            while (go.get()) {
                open.removeIf(UnauthenticatedConnectionsIT::closedQuietly);
                while (go.get() && open.size() < 2 * PER_ADDRESS) {
                    try {
                        open.add(connect(from, server));
                    } catch (IOException refused) {
                        break; // the server's backlog is full or it is slow: try again after the pause
                    }
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            // the test is ending
        } finally {
            open.forEach(s -> {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing on the way out
                }
            });
        }
    }

    private static Socket connect(InetAddress from, InetSocketAddress server) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(server, 2_000);
        return s;
    }

    private static boolean canBind(InetAddress address) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(address, 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean allStrangersClosed() {
        return strangers.stream().allMatch(UnauthenticatedConnectionsIT::closedQuietly);
    }

    /** Whether the server closed {@code s}: a read ends or fails rather than timing out. */
    private static boolean closedQuietly(Socket s) {
        try {
            s.setSoTimeout(1);
            InputStream in = s.getInputStream();
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static void write(LocalCluster cluster, NodeId via, String key) {
        KvStore client = cluster.client(via);
        Await.of(client.put(Key.of(key), Context.EMPTY, key.getBytes(StandardCharsets.UTF_8), ALL_THREE));
    }

    private static boolean tryWrite(LocalCluster cluster, NodeId via, String key) {
        try {
            write(cluster, via, key);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static final Pattern SHED = Pattern.compile("dynacart_tcp_connections_shed_total\\{node=\"n1\"} (\\S+)");

    /** Connections n1 closed on accept, from its metrics. */
    private static long shed(LocalCluster cluster) {
        Matcher m = SHED.matcher(cluster.runtime(N1).metrics().scrape());
        assertThat(m.find()).as("n1's metrics count shed connections").isTrue();
        return (long) Double.parseDouble(m.group(1));
    }
}
