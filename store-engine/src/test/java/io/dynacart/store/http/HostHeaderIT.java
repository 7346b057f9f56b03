package io.dynacart.store.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node bound to loopback answers only to its own names, so that a web page cannot reach it through
 * DNS rebinding (its requests carry the attacker's {@code Host}); a node bound to another address
 * answers any {@code Host}.
 */
class HostHeaderIT {

    private static HttpTestCluster cluster;
    private static int port;
    private final HttpCalls http = new HttpCalls();

    @BeforeAll
    static void startCluster() {
        cluster = new HttpTestCluster(1000, 3);
        port = cluster.uri("n1", "/").getPort();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void aForeignHostIsRefusedWith403AndNothingIsWritten() throws IOException {
        String put = raw("PUT /kv/rebound HTTP/1.1\r\nHost: evil.example:" + port
                + "\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx");
        assertThat(put).startsWith("HTTP/1.1 403").contains("application/json")
                .contains("{\"error\":\"Host \\\"evil.example:" + port + "\\\" is not this server's own")
                .contains("localhost:" + port + ", 127.0.0.1:" + port + " or [::1]:" + port);
        assertThat(http.get(cluster.uri("n1", "/kv/rebound?r=3")).status()).as("the refused write is nowhere").isEqualTo(404);
        assertThat(raw(get("/health", "evil.example:" + port))).startsWith("HTTP/1.1 403");
        assertThat(raw(get("/admin/repair", "evil.example:" + port))).startsWith("HTTP/1.1 403");
    }

    @Test
    void theNodesOwnNamesOnItsPortAreAnswered() throws IOException {
        for (String host : List.of("localhost:" + port, "LocalHost:" + port, "127.0.0.1:" + port, "[::1]:" + port)) {
            assertThat(raw(get("/health", host))).as("Host: %s", host).startsWith("HTTP/1.1 200");
        }
        assertThat(http.get(URI.create("http://localhost:" + port + "/health")).status())
                .as("Java's HttpClient names the host of its URI").isEqualTo(200);
        assertThat(http.get(cluster.uri("n1", "/health")).status()).isEqualTo(200);
    }

    @Test
    void anotherPortOrAMissingOrMalformedHostIsRefused() throws IOException {
        for (String host : List.of("localhost:" + (port == 1 ? 2 : 1), "localhost", "127.0.0.1", "localhost.:" + port,
                "127.0.0.2:" + port, "127.0.0.1.evil.example:" + port, "[::1]")) {
            assertThat(raw(get("/health", host))).as("Host: %s", host).startsWith("HTTP/1.1 403");
        }
        for (String malformed : List.of("localhost:" + port + ":" + port, "[::1%1]:" + port, "user@localhost:" + port,
                "localhost:abc")) {
            assertThat(raw(get("/health", malformed))).as("Host: %s (Jetty itself refuses some as malformed)", malformed)
                    .matches("(?s)HTTP/1\\.1 40[03] .*");
        }
        assertThat(raw("GET /health HTTP/1.0\r\n\r\n")).as("no Host at all (HTTP/1.0)").matches("(?s)HTTP/1\\.[01] 403 .*")
                .contains("no Host header");
    }

    @Test
    void aNodeBoundToAnotherAddressChecksNoHost() throws IOException {
        HttpConfig everywhere = HttpConfig.of("0.0.0.0", 0, HttpTestCluster.ADMIN_TOKEN);
        try (NodeHttpServer open = new NodeHttpServer(cluster.node("n1").client(),
                () -> ClusterStatus.sample("n1"), everywhere).start()) {
            String answer = raw(open.boundPort(), get("/health", "dynacart-n1.example:" + open.boundPort()));
            assertThat(answer).startsWith("HTTP/1.1 200");
        }
    }

    private static String get(String path, String host) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
    }

    private static String raw(String request) throws IOException {
        return raw(port, request);
    }

    private static String raw(int to, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", to)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
