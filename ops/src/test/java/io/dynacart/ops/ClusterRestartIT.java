package io.dynacart.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.Ring;
import io.dynacart.testing.Await;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operations without hand work, with real node processes: founders with weights own partitions in
 * proportion; after a join ({@code cluster join}), a reweight and a leave, every process is stopped
 * and started again, and the ring is as it was: the joined node in it serving its data, the new
 * weight kept, the node that left not started; a node whose data directory was wiped comes back
 * under a new incarnation by itself, so a write through it keeps the writes of its earlier life.
 */
class ClusterRestartIT {

    @TempDir
    Path dir;

    private final int base = FreePorts.base(4);

    private final long began = System.nanoTime();

    private String run(String... args) {
        System.out.printf("ClusterRestartIT: %6d ms: %s%n", (System.nanoTime() - began) / 1_000_000,
                String.join(" ", args).replace(dir.toString(), "DIR"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Dynacart.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(String.join(" ", args) + "\nout: " + out + "\nerr: " + err).isZero();
        return out.toString();
    }

    private String[] cluster(String sub, String... more) {
        List<String> all = new ArrayList<>(List.of("cluster", sub, "--dir", dir.toString(), "--base-http",
                Integer.toString(base), "--base-tcp", Integer.toString(base + 100), "--base-client",
                Integer.toString(base + 200)));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private String node(int i) {
        return "http://127.0.0.1:" + (base + i - 1);
    }

    private String token() {
        return dir.resolve("admin-token").toString();
    }

    private JsonNode status(int i) {
        NodeApi.Answer a = new NodeApi(URI.create(node(i)), null).get("/cluster");
        assertThat(a.status()).as("GET /cluster on n" + i).isEqualTo(200);
        return a.json();
    }

    /** Waits until every one of {@code nodes} routes with ring {@code version} and has no ring change under way. */
    private void awaitRing(long version, int... nodes) {
        Await.until("ring " + version + " in force on every node", Duration.ofSeconds(90), () -> {
            for (int i : nodes) {
                JsonNode s = status(i);
                if (s.path("ringVersion").asLong() != version || s.path("transfers").path("targetRingVersion").asLong() != 0) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The ring n{@code i} routes with, from its {@code GET /cluster}. */
    private Ring ring(int i) {
        JsonNode s = status(i);
        List<NodeId> owners = new ArrayList<>();
        s.path("owners").forEach(o -> owners.add(NodeId.of(o.asText())));
        Map<NodeId, Integer> weights = new TreeMap<>();
        s.path("weights").fields().forEachRemaining(e -> weights.put(NodeId.of(e.getKey()), e.getValue().asInt()));
        return new Ring(s.path("ringVersion").asLong(), owners, weights);
    }

    private int incarnationOf(int asking, String id) {
        for (JsonNode n : status(asking).path("nodes")) {
            if (n.path("id").asText().equals(id)) {
                return n.path("incarnation").asInt();
            }
        }
        throw new AssertionError(id + " is not in n" + asking + "'s GET /cluster");
    }

    /** The first key {@code prefix}0, {@code prefix}1, ... of which {@code id} is a primary in n1's ring. */
    private String keyReplicatedBy(String id, String prefix) {
        Ring now = ring(1);
        return Stream.iterate(0, i -> i + 1).map(i -> prefix + i)
                .filter(k -> now.preferenceList(KeyHash.of(Key.of(k)), 3).primaries().contains(NodeId.of(id)))
                .findFirst().orElseThrow();
    }

    @AfterEach
    void stopEverything() {
        Dynacart.run(cluster("stop", "--grace-s", "5"), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    @Test
    void joinsWipesWeightsAndLeavesNeedNoHandWorkAcrossRestarts() throws Exception {
        String started = run(cluster("start", "--nodes", "3", "--weights", "2,1,1"));
        assertThat(started).contains("weights: n1=2 n2=1 n3=1");
        assertThat(run("admin", "--node", node(1), "ring")).contains("n1      128 partitions, weight 2",
                "n2       64 partitions, weight 1", "n3       64 partitions, weight 1");
        assertThat(run("admin", "--node", node(1), "put", "before-join", "kettle")).startsWith("context: ");

        // A join, a reweight and a leave, each a ring change.
        assertThat(run(cluster("join"))).contains("n4 started", "the ring moves to version 2");
        awaitRing(2, 1, 2, 3, 4);
        assertThat(run("admin", "--node", node(1), "--token-file", token(), "reweight", "n2", "3"))
                .contains("reweight of n2 to 3 started");
        awaitRing(3, 1, 2, 3, 4);
        Ring reweighted = ring(2);
        assertThat(reweighted.weights()).containsEntry(NodeId.of("n2"), 3);
        assertThat(reweighted.partitionsOwnedBy(NodeId.of("n2")).size()).as("more than its 51 of 256 at weight 1 of 5")
                .isGreaterThan(100);
        run("admin", "--node", node(1), "--token-file", token(), "leave", "n3");
        awaitRing(4, 1, 2, 4);

        // Every process stops and starts again: the rings the nodes kept bring n4 back with its data,
        // keep n2's weight, and leave out n3, which left.
        run(cluster("stop"));
        assertThat(run(cluster("start", "--nodes", "3"))).contains("n1 started", "n4 started",
                "n3 is not in the ring (version 4): it left; not started");
        assertThat(ring(1).version()).as("straight from disk, not the founders' ring").isEqualTo(4);
        assertThat(ring(1).weights()).containsEntry(NodeId.of("n2"), 3).containsEntry(NodeId.of("n4"), 1)
                .doesNotContainKey(NodeId.of("n3"));
        assertThat(run("admin", "--node", node(4), "get", "--r", "3", "before-join")).contains("\"kettle\"");

        // n2 coordinates a write, then loses its disk and is started as it always is: it takes
        // incarnation 1 by itself, so its next writes cannot reuse the counters of the lost one.
        String earlier = keyReplicatedBy("n2", "before-wipe-");
        assertThat(run("admin", "--node", node(2), "put", earlier, "first life")).startsWith("context: ");
        ProcessHandle n2 = ProcessHandle.of(Long.parseLong(Files.readString(dir.resolve("n2/node.pid")).strip())).orElseThrow();
        n2.destroyForcibly();
        n2.onExit().get();
        deleteTree(dir.resolve("n2/data"));
        assertThat(run(cluster("start", "--nodes", "3"))).contains("n2 started");
        assertThat(incarnationOf(2, "n2")).isEqualTo(1);
        Await.until("n1 to hear of n2's incarnation", Duration.ofSeconds(30), () -> incarnationOf(1, "n2") == 1);
        String key = keyReplicatedBy("n2", "after-wipe-");
        run("admin", "--node", node(2), "put", key, "second life");
        assertThat(run("admin", "--node", node(1), "get", key)).as("n2 coordinates under its new clock actor")
                .contains("n2.1", "\"second life\"");
        assertThat(run("admin", "--node", node(2), "put", earlier, "blind, after the wipe")).startsWith("context: ");
        assertThat(run("admin", "--node", node(1), "get", "--r", "3", earlier))
                .as("the write of n2's earlier life and the blind one after the wipe are both kept: their dots differ")
                .contains("2 sibling(s)", "\"first life\"", "\"blind, after the wipe\"");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
