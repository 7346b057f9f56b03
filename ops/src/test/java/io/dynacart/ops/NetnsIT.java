package io.dynacart.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.cluster.ClusterClient;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Await;
import io.dynacart.testing.Slow;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three hosts as Linux network namespaces (Debian's iproute2: {@code ip netns} + veth), each with
 * its own IP address, joined by a bridge in a fourth "switch" namespace. On each, a node process
 * binds 0.0.0.0 on the default ports and advertises its host's address; the cluster forms through
 * seeds, serves, and survives cutting one host's link and restoring it. The test JVM reaches the
 * hosts through one more veth on the bridge (198.18.77.100/24, a benchmarking range).
 *
 * <p>Needs root (CAP_NET_ADMIN) and {@code ip}; elsewhere it is skipped, saying so.
 */
@Slow
class NetnsIT {

    private static final Quorum QUORUM = new Quorum(3, 2, 2);

    @TempDir
    Path dir;

    private final String tag = Integer.toString(ThreadLocalRandom.current().nextInt(10_000, 99_999));
    private final String sw = "dcsw" + tag;
    private final List<String> hosts = List.of("dch1" + tag, "dch2" + tag, "dch3" + tag);
    private final List<Process> nodes = new ArrayList<>();
    /**
     * This run's /24 in the benchmarking range 198.18.0.0/15, one no interface of this machine has:
     * the test's own port sits in the root namespace, so two runs at once (two builds) sharing a
     * subnet would route to each other's hosts.
     */
    private String net;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aClusterOfThreeHostsFormsThroughSeedsServesAndSurvivesACutLink() throws Exception {
        Assumptions.assumeTrue(canMakeNamespaces(), "NetnsIT skipped: it needs root (CAP_NET_ADMIN) and iproute2's "
                + "`ip` to create network namespaces; run as root, e.g. in CI (.ci/run installs iproute2)");
        net = unusedSubnet();
        buildNetwork();
        Path secret = dir.resolve("secret");
        Path token = dir.resolve("admin-token");
        Secrets.writePrivate(secret, Secrets.generate());
        Secrets.writePrivate(token, Secrets.generate());
        String seeds = "n1@" + net + "1:7201,n2@" + net + "2:7201,n3@" + net + "3:7201";
        for (int i = 1; i <= 3; i++) {
            nodes.add(startNode(i, seeds, secret, token));
        }
        for (int i = 1; i <= 3; i++) {
            int host = i;
            await("n" + i + " answers on " + net + i + ":7101", Duration.ofSeconds(90), () -> get(host, "/health") == 200);
        }
        await("n1 sees n2 and n3 at their own addresses", Duration.ofSeconds(30),
                () -> body(1, "/cluster").contains("\"httpAddress\":\"" + net + "2:7101\"")
                        && body(1, "/cluster").contains("\"httpAddress\":\"" + net + "3:7101\""));

        List<URI> entry = List.of(URI.create("http://" + net + "1:7101"), URI.create("http://" + net + "2:7101"));
        try (ClusterClient client = ClusterClient.connect(entry, QUORUM, Duration.ofSeconds(5))) {
            List<String> keys = new ArrayList<>();
            putAll(client, "before", 40, keys);

            // Cut host 3 off the switch: the other two keep serving with W=2.
            netns(sw, "ip", "link", "set", "vs3" + tag, "down");
            await("n1 finds n3 unreachable", Duration.ofSeconds(30),
                    () -> body(1, "/cluster").matches("(?s).*\"id\":\"n3\"[^}]*\"status\":\"unreachable\".*"));
            putAll(client, "during", 40, keys);

            // Restore the link: n3 comes back and gets what it missed.
            netns(sw, "ip", "link", "set", "vs3" + tag, "up");
            await("n1 reaches n3 again", Duration.ofSeconds(60),
                    () -> body(1, "/cluster").matches("(?s).*\"id\":\"n3\"[^}]*\"status\":\"reachable\".*"));
            await("n3 reaches n1 and n2 again", Duration.ofSeconds(60),
                    () -> !body(3, "/cluster").contains("\"status\":\"unreachable\""));
            for (String key : keys) {
                // R=3: all three answer, so the read repairs n3 if it lacks the key.
                await("a read of " + key + " with R=3", Duration.ofSeconds(30), () -> readsBack(client, key));
            }
            // N=3 on three hosts: every key belongs on n3; reads repaired what it missed.
            await("n3 stores all " + keys.size() + " keys", Duration.ofSeconds(60),
                    () -> body(3, "/metrics").contains("dynacart_storage_keys{node=\"n3\"} " + keys.size() + ".0"));
        }
    }

    private static boolean readsBack(ClusterClient client, String key) {
        try {
            GetResult r = client.get(Key.of(key), new Quorum(3, 3, 2)).get(10, TimeUnit.SECONDS);
            assertThat(r.found()).as(key).isTrue();
            return true;
        } catch (Exception e) {
            return false; // not all three answered yet
        }
    }

    private void putAll(ClusterClient client, String prefix, int count, List<String> keys) throws Exception {
        for (int i = 0; i < count; i++) {
            String key = prefix + ":" + i;
            Exception last = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                try {
                    client.put(Key.of(key), Context.EMPTY, key.getBytes(StandardCharsets.UTF_8), QUORUM).get(10, TimeUnit.SECONDS);
                    last = null;
                    break;
                } catch (Exception e) {
                    last = e;
                    Thread.sleep(500);
                }
            }
            if (last != null) {
                throw new AssertionError("put " + key + " not acknowledged after 5 attempts", last);
            }
            keys.add(key);
        }
    }

    private Process startNode(int i, String seeds, Path secret, Path token) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", hosts.get(i - 1)));
        NodeProcesses.javaCommand(cmd);
        cmd.addAll(List.of("node", "--id", "n" + i, "--listen", "0.0.0.0:7201", "--http", "0.0.0.0:7101",
                "--advertise", net + i + ":7201", "--advertise-http", net + i + ":7101", "--client", "0.0.0.0:7301",
                "--advertise-client", net + i + ":7301", "--seeds", seeds,
                "--data", dir.resolve("n" + i).toString(), "--secret-file", secret.toString(),
                "--admin-token-file", token.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("n" + i + ".log").toFile());
        return pb.start();
    }

    private int get(int host, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://" + net + host + ":7101" + path))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String body(int host, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://" + net + host + ":7101" + path))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private void await(String what, Duration deadline, BooleanSupplier condition) {
        Await.until(what, deadline, condition, () -> {
            StringBuilder logs = new StringBuilder();
            for (int i = 1; i <= 3; i++) {
                logs.append("\n--- n").append(i).append(" ---\n").append(NodeProcesses.tail(dir.resolve("n" + i + ".log"), 10));
            }
            return logs.toString();
        });
    }

    private void buildNetwork() throws Exception {
        run("ip", "netns", "add", sw);
        netns(sw, "ip", "link", "add", "br0", "type", "bridge");
        netns(sw, "ip", "link", "set", "br0", "up");
        for (int i = 1; i <= 3; i++) {
            String host = hosts.get(i - 1);
            String inHost = "vh" + i + tag;
            String inSwitch = "vs" + i + tag;
            run("ip", "netns", "add", host);
            run("ip", "link", "add", inHost, "type", "veth", "peer", "name", inSwitch);
            run("ip", "link", "set", inHost, "netns", host);
            run("ip", "link", "set", inSwitch, "netns", sw);
            netns(sw, "ip", "link", "set", inSwitch, "master", "br0", "up");
            netns(host, "ip", "link", "set", "lo", "up");
            netns(host, "ip", "addr", "add", net + i + "/24", "dev", inHost);
            netns(host, "ip", "link", "set", inHost, "up");
        }
        // The test's own port on the switch.
        run("ip", "link", "add", "vr" + tag, "type", "veth", "peer", "name", "vsr" + tag);
        run("ip", "link", "set", "vsr" + tag, "netns", sw);
        netns(sw, "ip", "link", "set", "vsr" + tag, "master", "br0", "up");
        run("ip", "addr", "add", net + "100/24", "dev", "vr" + tag);
        run("ip", "link", "set", "vr" + tag, "up");
    }

    @AfterEach
    void tearDown() {
        for (Process p : nodes) {
            p.destroy();
        }
        for (Process p : nodes) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        quietly("ip", "link", "del", "vr" + tag);
        for (String host : hosts) {
            quietly("ip", "netns", "del", host);
        }
        quietly("ip", "netns", "del", sw);
    }

    private static boolean canMakeNamespaces() {
        if (!"Linux".equals(System.getProperty("os.name")) || !Files.isExecutable(Path.of("/usr/sbin/ip"))
                && !Files.isExecutable(Path.of("/sbin/ip")) && !Files.isExecutable(Path.of("/usr/bin/ip"))) {
            return false;
        }
        String probe = "dcprobe" + ThreadLocalRandom.current().nextInt(100_000);
        boolean ok = quietly("ip", "netns", "add", probe);
        if (ok) {
            quietly("ip", "netns", "del", probe);
        }
        return ok;
    }

    private void netns(String ns, String... cmd) throws Exception {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(cmd));
        run(all.toArray(String[]::new));
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    /** A random 198.18.X. prefix that no address of the root namespace is in yet. */
    private static String unusedSubnet() throws Exception {
        String addresses = run("ip", "-o", "-4", "addr", "show");
        while (true) {
            String prefix = "198.18." + ThreadLocalRandom.current().nextInt(1, 255) + ".";
            if (!addresses.contains(" " + prefix)) {
                return prefix;
            }
        }
    }

    private static boolean quietly(String... cmd) {
        try {
            run(cmd);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
