package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Await;
import io.micrometer.core.instrument.Timer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client-driven coordination on five real nodes (paper, section 6.4), observed where a user would:
 * each node's count of the requests it coordinated ({@code dynacart.requests}). A key's requests are
 * coordinated by each of its N primaries, not by its first alone; a put carrying a read's context is
 * coordinated by the replica that replied fastest to that read; if that node is gone the put goes
 * to another primary.
 */
class ClientCoordinationIT {

    @TempDir
    static Path root;
    static LocalCluster cluster;

    @BeforeAll
    static void start() {
        cluster = LocalCluster.start(LocalClusterConfig.forTests(5, root));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static ClusterClient client(ClusterClient.Config options) {
        // Every running node a seed: a node just restarted by another test may be slow to answer.
        List<URI> seeds = cluster.nodeIds().stream().filter(cluster::isRunning)
                .map(n -> URI.create("http://127.0.0.1:" + cluster.addresses(n).http().getPort())).toList();
        return ClusterClient.connect(seeds, Quorum.DEFAULT, Duration.ofSeconds(10), options);
    }

    /** Requests of {@code op} each node coordinated so far. */
    private static Map<NodeId, Long> coordinated(String op) {
        Map<NodeId, Long> counts = new HashMap<>();
        for (NodeId n : cluster.nodeIds()) {
            if (cluster.isRunning(n)) {
                counts.put(n, cluster.runtime(n).metrics().registry().find("dynacart.requests").tag("op", op)
                        .timers().stream().mapToLong(Timer::count).sum());
            }
        }
        return counts;
    }

    /** The one node whose count of {@code op} grew by one since {@code before}, once the counts settle. */
    private static NodeId coordinatorSince(Map<NodeId, Long> before, String op) {
        Map<NodeId, Long>[] now = new Map[1];
        Await.until("one more " + op + " counted", Duration.ofSeconds(10), () -> {
            now[0] = coordinated(op);
            return total(now[0]) - total(before) >= 1;
        });
        assertThat(total(now[0]) - total(before)).as("one request, one coordinator").isEqualTo(1);
        return now[0].entrySet().stream().filter(e -> e.getValue() > before.getOrDefault(e.getKey(), 0L))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    /** An answer, and the node that coordinated the request. */
    private record Coordinated<T>(T value, NodeId by) {
    }

    /**
     * Sends one request of {@code op} and waits until its coordinator has counted it (a node counts a
     * request as its answer leaves, so a moment after the client may have it): every request of these
     * tests goes through here, so that no count is still pending when the next one starts.
     */
    private static <T> Coordinated<T> counted(String op, Supplier<CompletableFuture<T>> request) {
        Map<NodeId, Long> before = coordinated(op);
        T value = Await.of(request.get());
        return new Coordinated<>(value, coordinatorSince(before, op));
    }

    private static long total(Map<NodeId, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static List<NodeId> primaries(Key key) {
        return cluster.ring().preferenceList(KeyHash.of(key), 3).primaries();
    }

    /** Picks 0, 1, 2, 0, ... in turn: deterministic, and never the same primary twice running. */
    private static PrimaryChoice inTurn() {
        AtomicInteger calls = new AtomicInteger();
        return n -> calls.getAndIncrement() % n;
    }

    @Test
    void aKeysReadsAreCoordinatedByEachOfItsPrimariesAndByNoOtherNode() {
        Key key = Key.of("spread/hot");
        try (ClusterClient client = client(ClusterClient.Config.DEFAULT.withPrimaryChoice(PrimaryChoice.seeded(7)))) {
            counted("put", () -> client.put(key, Context.EMPTY, bytes("hot"))).value();
            Map<NodeId, Long> before = coordinated("get");
            for (int i = 0; i < 60; i++) {
                counted("get", () -> client.get(key)).value();
            }
            Await.until("60 gets counted", Duration.ofSeconds(10), () -> total(coordinated("get")) - total(before) == 60);
            Map<NodeId, Long> after = coordinated("get");
            Set<NodeId> coordinators = new HashSet<>();
            after.forEach((n, c) -> {
                if (c > before.get(n)) {
                    coordinators.add(n);
                }
            });
            assertThat(coordinators).as("one key's reads spread over all its primaries (seed 7), only them")
                    .containsExactlyInAnyOrderElementsOf(primaries(key));
        }
    }

    @Test
    void withTheFirstChoiceEveryRequestGoesToTheKeysFirstPrimary() {
        Key key = Key.of("spread/first");
        try (ClusterClient client = client(ClusterClient.Config.DEFAULT.withPrimaryChoice(PrimaryChoice.FIRST))) {
            for (int i = 0; i < 5; i++) {
                assertThat(counted("get", () -> client.get(key)).by()).isEqualTo(primaries(key).get(0));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ClusterClient.Transport.class)
    void aPutWithAReadsContextIsCoordinatedByTheReplicaThatRepliedFastestToThatRead(ClusterClient.Transport transport) {
        Key key = Key.of("fastest/" + transport);
        Set<NodeId> fastestSeen = new HashSet<>();
        try (ClusterClient client = client(ClusterClient.Config.DEFAULT.withTransport(transport)
                .withPrimaryChoice(inTurn()))) {
            for (int i = 0; i < 6; i++) {
                Coordinated<GetResult> coordinatedRead = counted("get", () -> client.get(key));
                GetResult read = coordinatedRead.value();
                NodeId reader = coordinatedRead.by();
                assertThat(read.fastestReplica()).as("the coordinator names the primary that replied first")
                        .isPresent();
                NodeId fastest = read.fastestReplica().get();
                assertThat(primaries(key)).contains(fastest);
                assertThat(fastest).as("the coordinator, a primary, reads locally first").isEqualTo(reader);
                fastestSeen.add(fastest);
                byte[] value = bytes("v" + i);
                assertThat(counted("put", () -> client.put(key, read.context(), value)).by()).as("the put goes to the read's fastest replica, "
                        + "not to the primary the choice would pick next").isEqualTo(fastest);
            }
        }
        assertThat(fastestSeen).as("reads spread, so the writes that follow them do too").hasSizeGreaterThan(1);
    }

    @Test
    void aBlindPutFollowsTheChoiceNotTheLastRead() {
        Key key = Key.of("fastest/blind");
        try (ClusterClient client = client(ClusterClient.Config.DEFAULT.withPrimaryChoice(inTurn()))) {
            counted("put", () -> client.put(key, Context.EMPTY, bytes("seed"))).value(); // choice 0
            GetResult read = counted("get", () -> client.get(key)).value(); // choice 1
            assertThat(read.fastestReplica()).contains(primaries(key).get(1));
            counted("put", () -> client.put(key, read.context(), bytes("first"))).value(); // to the fastest; the choice is not asked
            NodeId blind = counted("put", () -> client.put(key, Context.EMPTY, bytes("blind"))).by(); // choice 2
            assertThat(blind).as("its context is not the read's").isEqualTo(primaries(key).get(2));
        }
    }

    @Test
    void writesInSequenceThroughEveryPrimaryLeaveOneVersion() {
        Key key = Key.of("spread/sequence");
        long seed = 42;
        System.out.println("writesInSequenceThroughEveryPrimaryLeaveOneVersion seed " + seed);
        try (ClusterClient client = client(ClusterClient.Config.DEFAULT.withPrimaryChoice(PrimaryChoice.seeded(seed)))) {
            Context context = Context.EMPTY;
            for (int i = 0; i < 40; i++) {
                Context last = context;
                byte[] value = bytes("w" + i);
                context = counted("put", () -> client.put(key, last, value)).value();
            }
            for (int i = 0; i < 20; i++) {
                GetResult read = counted("get", () -> client.get(key)).value();
                assertThat(read.versionCount()).as("each write superseded the one before (seed %d)", seed).isEqualTo(1);
                byte[] value = bytes("r" + i);
                counted("put", () -> client.put(key, read.context(), value));
            }
            GetResult all = counted("get", () -> client.get(key, new Quorum(3, 3, 2))).value();
            assertThat(all.values()).as("one version, the last write (seed %d)", seed).containsExactly(bytes("r19"));
        }
    }

    @Test
    void aNodeOutsideTheKeysPrimariesNamesThePrimaryThatRepliedFirstOverHttp() {
        Key key = Key.of("fastest/over-http");
        NodeId outside = cluster.nodeIds().stream().filter(n -> !primaries(key).contains(n)).findFirst().orElseThrow();
        InetSocketAddress at = cluster.addresses(outside).http();
        Coordinated<HttpResponse<String>> asked = counted("get", () -> HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + "/kv/" + KeyEncoding.encode(key)))
                        .GET().build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(asked.by()).isEqualTo(outside);
        HttpResponse<String> answer = asked.value();
        assertThat(answer.statusCode()).isEqualTo(404);
        String fastest = answer.headers().firstValue("X-Fastest-Replica").orElseThrow();
        assertThat(primaries(key)).as("a remote primary, since the coordinator holds no replica")
                .contains(NodeId.of(fastest));
    }

    @Test
    void whenTheFastestReplicaIsGoneThePutGoesToAnotherPrimary() {
        Key key = Key.of("fastest/gone");
        try (ClusterClient client = client(ClusterClient.Config.DEFAULT.withPrimaryChoice(PrimaryChoice.FIRST))) {
            counted("put", () -> client.put(key, Context.EMPTY, bytes("before"))).value();
            GetResult read = counted("get", () -> client.get(key)).value();
            NodeId fastest = read.fastestReplica().orElseThrow();
            cluster.stop(fastest);
            try {
                NodeId coordinator = counted("put", () -> client.put(key, read.context(), bytes("after"))).by();
                assertThat(coordinator).isNotEqualTo(fastest);
                assertThat(primaries(key)).as("failover keeps to the key's primaries while one is up").contains(coordinator);
                GetResult again = counted("get", () -> client.get(key)).value();
                assertThat(again.values()).containsExactly(bytes("after"));
            } finally {
                cluster.restart(fastest);
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
