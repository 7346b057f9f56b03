package io.dynacart.store.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.cluster.LocalClusterConfig;
import io.dynacart.store.fuzz.ByteMutator;
import io.dynacart.store.fuzz.FuzzLoop;
import io.dynacart.store.fuzz.FuzzReport;
import io.dynacart.store.fuzz.FuzzSettings;
import io.dynacart.store.fuzz.Watchdog;
import io.dynacart.store.http.HttpCalls.Answer;
import io.dynacart.store.http.HttpInputs.Input;
import io.dynacart.store.http.RawExchange.Result;
import io.dynacart.store.identity.NodeId;
import io.dynacart.testing.Slow;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the HTTP API of a live node: a three-node {@link LocalCluster} (SQLite, TCP between the
 * nodes), and n1's API fed random and mutated requests over real sockets by a few workers at once
 * (what they send: {@link HttpInputs}), while a {@link Witness} client keeps one keep-alive
 * connection busy with real round trips. What must hold (the rules: {@link AnswerRules}):
 * <ul>
 *   <li>every input gets a legitimate answer or a closed connection: never a 500, every error JSON,
 *       no stack trace, no hang;</li>
 *   <li>no thread of the nodes dies, no exception goes uncaught, nothing is logged as an ERROR or
 *       with a stack trace;</li>
 *   <li>the witness's connection is never cut and its round trips all succeed; the nodes' TCP links
 *       are the ones opened before the run (none broke and reconnected);</li>
 *   <li>afterwards every node still serves a put and a get that need all three replicas.</li>
 * </ul>
 * It prints its seed; {@link FuzzSettings} says how to replay it (one input or the whole run) and
 * how to run it longer. See docs/FUZZING.md.
 */
@Slow
class HttpFuzzIT {

    private static final NodeId N1 = NodeId.of("n1");
    private static final Duration DEFAULT_BUDGET = Duration.ofSeconds(15);
    private static final Duration ANSWER_DEADLINE = Duration.ofSeconds(20);
    private static final int WORKERS = 3;

    @TempDir
    Path root;

    private final HttpCalls http = new HttpCalls();

    @Test
    void everyInputGetsALegitimateAnswerAndTheNodeKeepsServing() throws Exception {
        FuzzSettings settings = FuzzSettings.fromProperties("HttpFuzzIT", DEFAULT_BUDGET);
        HttpTestCluster.quietLibraries();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.forTests(3, root));
             Watchdog watchdog = new Watchdog().quiet("org.eclipse.jetty")) {
            roundTripsOnEveryNode(cluster, "before");
            Map<NodeId, Long> links = linksOpened(cluster);
            watchdog.watchThreads("node-", "http-answer-", "storage-");
            int threadsBefore = Thread.activeCount();
            Run run = fuzz(settings, cluster, timer);
            int threadsAfter = Thread.activeCount();
            System.out.println("  WARN lines (no stack trace) per logger: " + watchdog.warnings() + "; problems: "
                    + watchdog.problems() + "; threads " + threadsBefore + " before the run, " + threadsAfter + " after");
            assertThat(run.report().failures()).as("inputs whose answers broke the rules (seed %d)", settings.seed()).isEmpty();
            assertThat(run.witnessFailures()).as("the witness's round trips on its own connection").isEmpty();
            assertThat(run.witnessRoundTrips()).as("the witness was served throughout")
                    .isGreaterThanOrEqualTo(run.elapsedMillis() < 5_000 ? 0 : 10);
            assertThat(watchdog.problems()).as("thread deaths, uncaught exceptions, errors logged").isEmpty();
            roundTripsOnEveryNode(cluster, "after");
            assertThat(linksOpened(cluster)).as("the nodes' TCP links survived the run: none reconnected").isEqualTo(links);
            assertThat(threadsAfter).as("threads after the run (before: %d)", threadsBefore)
                    .isLessThanOrEqualTo(threadsBefore + 50);
        } finally {
            timer.shutdownNow();
        }
    }

    /** What a run saw: the fuzzer's report, and the witness's. */
    private record Run(FuzzReport report, long elapsedMillis, List<String> witnessFailures, long witnessRoundTrips) {
    }

    /** Runs the inputs against n1 with the witness beside them, and prints what both saw. */
    private static Run fuzz(FuzzSettings settings, LocalCluster cluster, ScheduledExecutorService timer)
            throws IOException {
        InetSocketAddress n1 = cluster.addresses(N1).http();
        HttpInputs inputs = new HttpInputs(n1.getHostString() + ":" + n1.getPort(), cluster.adminToken(),
                new FuzzContexts(cluster.nodeIds()));
        FuzzReport report = new FuzzReport(settings);
        try (Witness witness = new Witness(n1, report::triedCount)) {
            long elapsed = FuzzLoop.run(settings, report, WORKERS, index -> fuzzOne(inputs, index, settings, n1, timer, report));
            System.out.println(report.summary(elapsed));
            report.failures().forEach(System.out::println);
            System.out.println("HttpFuzzIT: the witness made " + witness.roundTrips() + " round trips ("
                    + witness.busy() + " more answered 503/504) on one connection");
            witness.failures().forEach(f -> System.out.println("  witness: " + f));
            return new Run(report, elapsed, witness.failures(), witness.roundTrips());
        }
    }

    private static void fuzzOne(HttpInputs inputs, long index, FuzzSettings settings, InetSocketAddress node,
                                ScheduledExecutorService timer, FuzzReport report) {
        Input input = inputs.input(index, settings.random(index));
        if (settings.only().isPresent()) {
            System.out.println("input " + index + ": " + input.description() + "\n" + ByteMutator.show(input.bytes(), 1 << 20));
        }
        if (input.knownIssue() != null && settings.skipKnown()) {
            report.skippedKnown(input.knownIssue());
            return;
        }
        Result result;
        try {
            result = RawExchange.send(node, input.bytes(), input.head(), ANSWER_DEADLINE, timer);
        } catch (IOException e) {
            report.fail(index, "could not connect to the node: " + e, input.description());
            return;
        }
        report.outcome(outcome(result), index);
        List<String> broken = AnswerRules.broken(result, input.head());
        if (!broken.isEmpty()) {
            report.fail(index, String.join("; ", broken), input.description() + "\n    bytes: " + ByteMutator.show(input.bytes(), 500));
        }
        if (settings.only().isPresent()) {
            result.responses().forEach(r -> System.out.println("answer " + r.status() + " " + r.headers() + " " + r.bodyText()));
            System.out.println("ended: " + result.ended());
        }
    }

    /** The first answer's status, {@code +} if more followed, or how the connection ended without one. */
    private static String outcome(Result result) {
        if (result.responses().isEmpty()) {
            return result.ended() == null ? "closed" : result.ended().startsWith("reset") ? "reset" : "cut";
        }
        return result.responses().get(0).status() + (result.responses().size() > 1 ? "+" : "");
    }

    /**
     * A put with W=3 and a get with R=3 through every node: every node and every link between them
     * works. A 503 or 504 (the store slow on a loaded machine, not what this checks) is tried again,
     * up to five times, the put on a fresh key (the first may have been written).
     */
    private void roundTripsOnEveryNode(LocalCluster cluster, String when) {
        for (NodeId id : cluster.nodeIds()) {
            InetSocketAddress a = cluster.addresses(id).http();
            URI base = URI.create("http://" + a.getHostString() + ":" + a.getPort());
            String[] path = new String[1];
            int[] attempt = {0};
            Answer put = unlessBusy(() -> {
                path[0] = "/kv/fuzz-check-" + when + "-" + id + "-" + ++attempt[0];
                return http.put(base.resolve(path[0] + "?w=3"), "checked " + when, null);
            });
            assertThat(put.status()).as("%s the run, a put with W=3 through %s: %s", when, id, put.body()).isEqualTo(204);
            Answer get = unlessBusy(() -> http.get(base.resolve(path[0] + "?r=3")));
            assertThat(get.status()).as("%s the run, a get with R=3 through %s: %s", when, id, get.body()).isEqualTo(200);
            assertThat(get.json().path("siblings").size()).isEqualTo(1);
        }
    }

    private static Answer unlessBusy(Supplier<Answer> call) {
        Answer answer = call.get();
        for (int i = 1; i < 5 && (answer.status() == 503 || answer.status() == 504); i++) {
            answer = call.get();
        }
        return answer;
    }

    private static Map<NodeId, Long> linksOpened(LocalCluster cluster) {
        Map<NodeId, Long> opened = new LinkedHashMap<>();
        cluster.nodeIds().forEach(id -> opened.put(id, cluster.runtime(id).tcpStats().connectionsOpened()));
        return opened;
    }
}
