package io.dynacart.store.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.cluster.LocalClusterConfig;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NodeRuntime#shutdown}: a request in progress gets its answer; new connections are refused
 * at once.
 *
 * <p>"In progress" is a fact here, not a guess after a sleep: the client asks for
 * {@code 100 Continue}, which Jetty sends only once the handler reads the body, so the request is in
 * the handler before the shutdown begins; and n1's event loop is held meanwhile, so the store cannot
 * answer it until the test lets it, after the node has stopped accepting connections.
 */
class GracefulShutdownIT {

    @TempDir
    Path root;

    @Test
    void aRequestInProgressIsAnsweredWhileNewConnectionsAreRefused() throws Exception {
        // A patient coordinator: on a loaded machine the write must not fail for slowness instead.
        CoordinatorConfig patient = CoordinatorConfig.DEFAULT.withTimeoutMillis(10_000);
        try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.forTests(3, root).withCoordinator(patient))) {
            NodeId n1 = NodeId.of("n1");
            NodeRuntime node = cluster.runtime(n1);
            InetSocketAddress http = cluster.addresses(n1).http();
            byte[] value = "in progress".getBytes(StandardCharsets.UTF_8);
            CountDownLatch loopHeld = new CountDownLatch(1);
            CountDownLatch releaseLoop = new CountDownLatch(1);
            // A change that changes nothing, run on n1's event loop: it holds the loop until released.
            CompletableFuture<?> held = node.propose(view -> {
                loopHeld.countDown();
                awaitRelease(releaseLoop);
                return view;
            });
            try (Socket client = new Socket(http.getAddress(), http.getPort())) {
                assertThat(loopHeld.await(30, TimeUnit.SECONDS)).as("n1's event loop is held").isTrue();
                client.setSoTimeout(60_000);
                OutputStream out = client.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
                out.write(("PUT /kv/in-progress HTTP/1.1\r\nHost: " + http.getHostString() + ":" + http.getPort()
                        + "\r\nContent-Length: " + value.length + "\r\nExpect: 100-continue\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(head(in)).as("the handler is reading the body").first().asString().startsWith("HTTP/1.1 100");
                out.write(value);
                out.flush();

                CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> node.shutdown(Duration.ofSeconds(30)));
                Await.until("n1 to refuse new connections", Duration.ofSeconds(30), () -> refuses(http));
                // Past Jetty's idle timeout for connections at shutdown (1 s): waiting for the store
                // is not idleness, and the request must survive it.
                Thread.sleep(1_500);
                assertThat(stopping).as("the node waits for the request in progress").isNotDone();
                releaseLoop.countDown();

                List<String> answer = head(in);
                assertThat(answer).as("the request in progress is answered: %s %s", answer, body(in, answer))
                        .first().asString().startsWith("HTTP/1.1 204");
                assertThat(answer).anySatisfy(h -> assertThat(h).startsWithIgnoringCase("X-Context:"));
                stopping.get(60, TimeUnit.SECONDS);
            } finally {
                releaseLoop.countDown();
            }
            assertThat(held).isDone();
            GetResult stored = cluster.client(NodeId.of("n2")).get(Key.of("in-progress")).get(30, TimeUnit.SECONDS);
            assertThat(stored.values()).as("the write answered during the shutdown is on its replicas")
                    .containsExactly(value);
        }
    }

    private static void awaitRelease(CountDownLatch release) {
        try {
            if (!release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test did not release n1's event loop within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while holding n1's event loop", e);
        }
    }

    /** The status line and headers of the next response. */
    private static List<String> head(BufferedReader in) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            lines.add(line);
        }
        return lines;
    }

    /** The body after {@code head}, as text; empty when it has no Content-Length. */
    private static String body(BufferedReader in, List<String> head) throws IOException {
        for (String h : head) {
            if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                char[] body = new char[Integer.parseInt(h.substring(15).strip())];
                int read = 0;
                while (read < body.length) {
                    int n = in.read(body, read, body.length - read);
                    if (n < 0) {
                        break;
                    }
                    read += n;
                }
                return new String(body, 0, read);
            }
        }
        return "";
    }

    private static boolean refuses(InetSocketAddress address) {
        try (Socket probe = new Socket(address.getAddress(), address.getPort())) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
