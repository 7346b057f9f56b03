package io.dynacart.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 makes the browser send
 * {@code Host: evil.example:PORT} (and, for a script's POST, the same {@code Origin}, which passes an
 * Origin-equals-Host check). The demo answers only to its own names, so every such request is a 403,
 * on the control API, the pages and the static assets alike. Raw sockets, since HTTP clients do
 * not let a caller choose the {@code Host}.
 */
class ForeignHostIT {

    @TempDir
    static Path data;

    static DemoApp app;
    static int port;

    @BeforeAll
    static void start() {
        app = DemoApp.start(DemoApp.Config.forTests(data));
        port = app.port();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aReboundControlCallIsRefusedAndWipesNothing() throws Exception {
        LocalCluster cluster = app.control().cluster();
        NodeId n3 = NodeId.of("n3");
        Key key = Key.of("kept-on-n3");
        cluster.client(NodeId.of("n1")).put(key, Context.EMPTY, new byte[] {1}, new Quorum(3, 2, 3)).get(30, TimeUnit.SECONDS);
        assertThat(cluster.runtime(n3).storage().get(key)).as("n3 holds the key").hasSize(1);

        String evil = "evil.example:" + port;
        String wipe = raw("POST /control/nodes/n3/wipe HTTP/1.1\r\nHost: " + evil + "\r\nOrigin: http://" + evil
                + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertThat(wipe).startsWith("HTTP/1.1 403").contains("application/json")
                .contains("{\"error\":\"This demo refused the request. Host \\\"" + evil + "\\\" is not this server's own")
                .contains("localhost:" + port + ", 127.0.0.1:" + port + " or [::1]:" + port)
                .doesNotContain("Exception");
        assertThat(cluster.isRunning(n3)).as("n3 was not stopped").isTrue();
        assertThat(cluster.runtime(n3).storage().get(key)).as("n3's data was not wiped").hasSize(1);

        String own = raw("POST /control/heal HTTP/1.1\r\nHost: localhost:" + port + "\r\nOrigin: http://localhost:" + port
                + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertThat(own).as("the same call from the demo's own page").startsWith("HTTP/1.1 200");
    }

    @Test
    void pagesStaticAssetsAndStateForAnotherHostAre403WithoutASession() throws IOException {
        String evil = "evil.example:" + port;
        String page = raw(get("/shop", evil));
        assertThat(page).startsWith("HTTP/1.1 403").contains("text/html").contains("Forbidden")
                .contains("is not this server").doesNotContainIgnoringCase("Set-Cookie");
        for (String path : List.of("/", "/cart", "/lab", "/cluster", "/static/app.css", "/static/cluster.js",
                "/webjars/uplot/1.6.30/dist/uPlot.min.css", "/no-such-page")) {
            assertThat(raw(get(path, evil))).as("GET %s for %s", path, evil).startsWith("HTTP/1.1 403");
        }
        assertThat(raw(get("/control/state", evil))).startsWith("HTTP/1.1 403").contains("{\"error\":");
        assertThat(raw(get("/static/app.css", "localhost:" + port))).as("the demo's own asset").startsWith("HTTP/1.1 200");
    }

    @Test
    void theDemosOwnNamesOnItsPortAreServedAndNoOthers() throws IOException {
        for (String host : List.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port)) {
            assertThat(raw(get("/control/state", host))).as("Host: %s", host).startsWith("HTTP/1.1 200");
        }
        for (String host : List.of("localhost:" + (port == 65535 ? 1 : port + 1), "localhost", "127.0.0.1.evil.example:" + port,
                "localhost.evil.example:" + port)) {
            assertThat(raw(get("/control/state", host))).as("Host: %s", host).startsWith("HTTP/1.1 403");
        }
        assertThat(new WebClient(app.address()).get("/shop").statusCode()).as("the address the demo prints").isEqualTo(200);
    }

    private static String get(String path, String host) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
    }

    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
