package io.dynacart.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.antientropy.AntiEntropyConfig;
import io.dynacart.store.api.NamespaceChange;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.budget.BackgroundConfig;
import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.cluster.LocalClusterConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.Namespace;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PreferenceList;
import io.dynacart.store.runtime.BackgroundWorkConfig;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dynacart admin key} against four real nodes (in this JVM, over their HTTP APIs) whose
 * anti-entropy begins no exchange, so that nothing but the command repairs: the key's hash, partition
 * and preference list with each node's state; each replica's siblings read from its own node, a
 * replica that lacks a version marked, a fallback's hints shown; {@code --repair} and what it changed;
 * bad input named.
 */
class KeyCommandIT {

    @TempDir
    Path root;

    @Test
    void showsWhereAKeyLivesMarksAReplicaThatDiffersAndRepairsIt() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.forTests(4, root.resolve("cluster"))
                .withBackground(new BackgroundWorkConfig(AntiEntropyConfig.DEFAULT.withInitiating(false),
                        BackgroundConfig.DEFAULT)))) {
            cluster.defineNamespace(new NamespaceChange(Namespace.of("cart"), null, null, null, null, null, null, null));
            Await.until("every node knows namespace cart", Duration.ofSeconds(20), () -> cluster.nodeIds().stream()
                    .allMatch(id -> cluster.runtime(id).view().namespaces().get(Namespace.of("cart")).isPresent()));
            Key key = Key.of(Namespace.of("cart"), "42");
            PreferenceList list = cluster.ring().preferenceList(KeyHash.of(key), 3);
            NodeId first = list.primaries().get(0);
            NodeId last = list.primaries().get(2);
            NodeId fallback = list.fallbacks().get(0);
            String node = base(cluster, first);
            Path token = root.resolve("admin-token");
            Files.writeString(token, cluster.adminToken());
            Await.of(cluster.client(first).put(key, Context.EMPTY, "kettle".getBytes(StandardCharsets.UTF_8),
                    Quorum.DEFAULT.withW(3)));

            String shown = run(0, "admin", "--node", node, "key", "--namespace", "cart", "42");
            assertThat(shown).contains("key 42 in namespace cart, as " + first + " sees it",
                    "hash " + KeyHash.of(key), "partition " + list.partition().index() + " of 256", "N=3",
                    "the 3 primaries that answered agree", "\"kettle\"");
            for (NodeId p : list.primaries()) {
                assertThat(shown).containsPattern("\\d+ +" + p + " +primary +default +up");
            }
            assertThat(shown).containsPattern("4 +" + fallback + " +fallback +default +up").doesNotContain("DIFFERS");

            // A wiped replica holds nothing: it is marked, and --repair writes the merge to it alone.
            cluster.wipe(last);
            Await.until("the wiped " + last + " to learn namespace cart again", Duration.ofSeconds(20),
                    () -> cluster.runtime(last).view().namespaces().get(Namespace.of("cart")).isPresent());
            String wiped = run(0, "admin", "--node", node, "key", "--namespace", "cart", "42");
            assertThat(wiped).containsPattern(last + " +primary +0 versions +DIFFERS: lacks 1 of the 1 version the"
                    + " replicas hold together");
            assertThat(fails(1, "admin", "--node", node, "key", "--namespace", "cart", "42", "--repair"))
                    .contains("needs the admin token");
            String[] repaired = new String[1];
            Await.until("a repair that reaches the wiped " + last, Duration.ofSeconds(20), () -> {
                repaired[0] = run(0, "admin", "--node", node, "--token-file", token.toString(), "key", "--namespace",
                        "cart", "42", "--repair");
                return !repaired[0].contains("unreachable");
            });
            assertThat(repaired[0]).contains("read repair coordinated by " + first + ": 1 replica repaired, 1 version in"
                    + " the merge");
            assertThat(repaired[0]).containsPattern(last + " +repaired \\(held 0 versions, lacked 1\\)");
            String after = repaired[0].substring(repaired[0].indexOf("replicas after the repair:"));
            assertThat(after).contains("the 3 primaries that answered agree").doesNotContain("DIFFERS");
            assertThat(run(0, "admin", "--node", node, "--token-file", token.toString(), "key", "--namespace", "cart",
                    "42", "--repair", "--anti-entropy")).contains("nothing to repair", "anti-entropy: 2 exchanges of"
                    + " partition " + list.partition().index() + " queued on " + first);

            // Cut off from the rest, a replica misses a write, kept as a hint; the explorer shows both.
            cluster.partition(List.of(Set.of(last), Set.copyOf(List.of(first, list.primaries().get(1), fallback))));
            try {
                Await.of(cluster.client(first).put(key, Context.EMPTY, "honey".getBytes(StandardCharsets.UTF_8),
                        Quorum.DEFAULT.withW(2)));
                String[] cut = new String[1];
                Await.until("the write's hint for the cut-off " + last, Duration.ofSeconds(20), () -> {
                    cut[0] = run(0, "admin", "--node", node, "key", "--namespace", "cart", "42");
                    return cut[0].contains("hints for " + last);
                });
                assertThat(cut[0]).containsPattern("\\d +" + last + " +primary +default +cut off");
                assertThat(cut[0]).containsPattern(last + " +primary +1 version +DIFFERS: lacks 1 of the 2 versions");
                assertThat(cut[0]).containsPattern("hints for " + last + ": \\d+ versions?").contains("\"honey\"");
            } finally {
                cluster.heal();
            }

            assertThat(fails(1, "admin", "--node", node, "key", "--namespace", "nowhere", "x"))
                    .contains("404", "no namespace 'nowhere'");
            assertThat(fails(1, "admin", "--node", node, "key", "")).contains("bad key", "empty");
            assertThat(fails(1, "admin", "--node", node, "key", "--namespace", "bad name", "x"))
                    .contains("bad --namespace");
            assertThat(fails(2, "admin", "--node", node, "key", "x", "--anti-entropy"))
                    .contains("--anti-entropy goes with --repair");
        }
    }

    private static String base(LocalCluster cluster, NodeId id) {
        var a = cluster.addresses(id).http();
        return "http://" + a.getHostString() + ":" + a.getPort();
    }

    private static String run(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Dynacart.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(String.join(" ", args) + "\nout: " + out + "\nerr: " + err).isEqualTo(expectedExit);
        return out.toString();
    }

    /** Runs a command that must fail with {@code expectedExit}; returns what it wrote to stderr. */
    private static String fails(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Dynacart.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(String.join(" ", args) + "\nout: " + out + "\nerr: " + err).isEqualTo(expectedExit);
        return err.toString();
    }
}
