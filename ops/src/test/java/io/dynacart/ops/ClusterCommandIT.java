package io.dynacart.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.testing.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dynacart cluster start|status|stop} with real node processes, and {@code admin} against them. */
class ClusterCommandIT {

    @TempDir
    Path dir;

    private final int base = FreePorts.base(3);
    private String[] where;

    private String run(int expectedExit, String... args) {
        return runBoth(expectedExit, args)[0];
    }

    /** What the command printed on its output and on its error stream. */
    private String[] runBoth(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Dynacart.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(String.join(" ", args) + "\nout: " + out + "\nerr: " + err).isEqualTo(expectedExit);
        return new String[] {out.toString(), err.toString()};
    }

    /** Runs a command that must fail with {@code expectedExit}; returns what it wrote to stderr. */
    private String fails(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Dynacart.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(String.join(" ", args) + "\nout: " + out + "\nerr: " + err).isEqualTo(expectedExit);
        return err.toString();
    }

    private String[] cluster(String sub, String... more) {
        String[] head = {"cluster", sub, "--dir", dir.toString(), "--base-http", Integer.toString(base),
                "--base-tcp", Integer.toString(base + 100), "--base-client", Integer.toString(base + 200)};
        String[] all = new String[head.length + more.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(more, 0, all, head.length, more.length);
        return all;
    }

    @AfterEach
    void stopEverything() {
        Dynacart.run(cluster("stop", "--grace-s", "5"), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    @Test
    void startsServesStatusesAndStops() throws Exception {
        String started = run(0, cluster("start", "--nodes", "3"));
        assertThat(started).contains("n1 started: http://127.0.0.1:" + base, "n3 started");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secret")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("admin-token")))).isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("admin-token")).strip()).as("a random token, not the secret")
                .matches("[A-Za-z0-9_-]{43}").isNotEqualTo(Files.readString(dir.resolve("secret")).strip());

        String node = "http://127.0.0.1:" + (base + 1);
        String token = dir.resolve("admin-token").toString();
        String put = run(0, "admin", "--node", node, "put", "cart:7", "kettle");
        assertThat(put).startsWith("context: ");
        String got = run(0, "admin", "--node", "http://127.0.0.1:" + base, "get", "cart:7");
        assertThat(got).contains("1 sibling(s)", "\"kettle\"");
        assertThat(run(0, "admin", "--node", node, "--token-file", token, "repair", "5")).contains("exchanges queued");
        assertThat(run(0, "admin", "--node", node, "status")).contains("n1", "n2", "n3", "reachable",
                "reclaimed here: 0 partitions dropped", "database: ");

        // Namespaces: made on one node, gossiped to the others, used by key.
        assertThat(run(0, "admin", "--node", node, "--token-file", token, "namespace", "session", "--reconcile",
                "last-write-wins", "--ttl", "12h", "--w", "1"))
                .contains("session: N=3 R=2 W=1, last-write-wins, ttl 12h (version 1)");
        String first = "http://127.0.0.1:" + base;
        Await.until("n1 knows namespace session", Duration.ofSeconds(20),
                () -> run(0, "admin", "--node", first, "namespaces").contains("session: N=3"));
        assertThat(run(0, "admin", "--node", first, "namespaces")).startsWith("default: N=3 R=2 W=2, siblings, no expiry");
        run(0, "admin", "--node", first, "put", "--namespace", "session", "s1", "hello");
        assertThat(run(0, "admin", "--node", node, "get", "--namespace", "session", "s1")).contains("1 sibling(s)", "\"hello\"");
        assertThat(run(0, "admin", "--node", node, "get", "s1")).as("another key in the default namespace")
                .contains("not found");
        assertThat(runBoth(1, "admin", "--node", node, "get", "--namespace", "nowhere", "k")[1])
                .contains("404", "no namespace 'nowhere'");
        assertThat(runBoth(1, "admin", "--node", node, "--token-file", token, "namespace", "session", "--ttl", "soon")[1])
                .contains("ttl must be");
        assertThat(runBoth(1, "admin", "--node", node, "get", "--namespace", "bad name", "k")[1])
                .contains("bad --namespace", "namespace contains the character ' '");

        // A killed node is restarted by another start; the others are left alone.
        long n2 = Long.parseLong(Files.readString(dir.resolve("n2/node.pid")).strip());
        ProcessHandle victim = ProcessHandle.of(n2).orElseThrow();
        victim.destroyForcibly();
        victim.onExit().get();
        assertThat(run(1, cluster("status"))).containsPattern("n2 .* (stopped|not answering)");
        String again = run(0, cluster("start", "--nodes", "3"));
        assertThat(again).contains("n1 already running", "n2 started");
        assertThat(run(0, cluster("status"))).doesNotContain("stopped");

        assertThat(run(0, cluster("stop"))).contains("n1 stopped", "n2 stopped", "n3 stopped");
        assertThat(run(1, cluster("status"))).contains("stopped").doesNotContain("running");
        assertThat(Files.readString(dir.resolve("n1/node.log"))).contains("stopping: letting requests in flight finish", " n1 ");
    }

    @Test
    void nodesTakeTheZonesInTurnAndEveryNodeSeesThem() {
        assertThat(fails(2, cluster("start", "--nodes", "3", "--zones", "a,b/c"))).contains("--zones: zone contains the character '/'");
        String started = run(0, cluster("start", "--nodes", "3", "--zones", "east,west"));
        assertThat(started).contains("zones: n1=east n2=west n3=east");

        String node = "http://127.0.0.1:" + (base + 2);
        Await.until("n3 to see every node's zone", Duration.ofSeconds(30), () -> {
            String status = run(0, "admin", "--node", node, "status");
            return status.matches("(?s).*n1 .* east\\R.*n2 .* west\\R.*n3 .* east\\R.*");
        });
        assertThat(run(0, "admin", "--node", node, "put", "--w", "local", "cart:9", "kettle")).startsWith("context: ");
        assertThat(run(0, "admin", "--node", node, "get", "--r", "local", "cart:9")).contains("\"kettle\"");
        assertThat(fails(1, "admin", "--node", node, "get", "--r", "nearby", "cart:9"))
                .contains("query parameter r must be a whole number from 1 to N=3 or local, was 'nearby'");
        assertThat(fails(1, cluster("start", "--nodes", "3", "--zones", "north"))).contains("n1 in", "is in zone east, not north");
    }
}
