package io.dynacart.store.clientserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.clientwire.ClientProtocol;
import io.dynacart.store.clientwire.ClientRequest;
import io.dynacart.store.clientwire.ClientResponse;
import io.dynacart.store.clientwire.ErrorCode;
import io.dynacart.store.clientwire.MalformedMessageException;
import io.dynacart.store.clientwire.ResponseCodec;
import io.dynacart.store.cluster.ClusterClient;
import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.cluster.LocalClusterConfig;
import io.dynacart.store.fuzz.ByteMutator;
import io.dynacart.store.fuzz.FuzzLoop;
import io.dynacart.store.fuzz.FuzzReport;
import io.dynacart.store.fuzz.FuzzSettings;
import io.dynacart.store.fuzz.Watchdog;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes a node's binary client protocol: a three-node {@link LocalCluster}, and n1's client port
 * fed random and mutated byte streams ({@link ClientInputs}), each on its own connection, by a few
 * workers at once, while a witness keeps one connection busy with real round trips. What must hold:
 * <ul>
 *   <li>every answer is a frame that decodes, never INTERNAL, an answer about the connection
 *       (id 0) only a FAILURE; a connection ends within 20 s of its input (no hang);</li>
 *   <li>a well-formed input ({@code valid}) is answered request by request, without a FAILURE
 *       other than the store's own (no quorum, overloaded, timeout);</li>
 *   <li>no thread of the nodes dies, nothing is logged as an ERROR or with a stack trace;</li>
 *   <li>the witness's connection is never cut; afterwards every node serves round trips through
 *       {@link ClusterClient}.</li>
 * </ul>
 * It prints its seed; replay a run with {@code -Dfuzz.seed=S}, one input with {@code -Dfuzz.input=I},
 * run longer with {@code -Dfuzz.seconds=T}. See docs/FUZZING.md.
 */
class ClientFuzzIT {

    private static final NodeId N1 = NodeId.of("n1");
    private static final Duration DEFAULT_BUDGET = Duration.ofSeconds(10);
    private static final int DEADLINE_MILLIS = 20_000;

    @TempDir
    Path root;

    @Test
    void everyInputGetsALegitimateAnswerAndTheNodeKeepsServing() throws Exception {
        FuzzSettings settings = FuzzSettings.fromProperties("ClientFuzzIT", DEFAULT_BUDGET);
        try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.forTests(3, root));
             Watchdog watchdog = new Watchdog()) {
            watchdog.watchThreads("node-");
            InetSocketAddress n1 = cluster.addresses(N1).client();
            FuzzReport report = new FuzzReport(settings);
            ClientInputs inputs = new ClientInputs();
            Witness witness = new Witness(n1);
            Thread witnessThread = new Thread(witness, "fuzz-witness");
            witnessThread.start();
            long elapsed = FuzzLoop.run(settings, report, 3, index -> fuzzOne(inputs, index, settings, n1, report));
            witness.stop.set(true);
            witnessThread.join(30_000);
            System.out.println(report.summary(elapsed));
            report.failures().forEach(System.out::println);
            System.out.println("ClientFuzzIT: the witness made " + witness.roundTrips.get() + " round trips on one connection");
            assertThat(report.failures()).as("inputs whose answers broke the rules (seed %d)", settings.seed()).isEmpty();
            assertThat(witness.failures).as("the witness's connection").isEmpty();
            assertThat(witness.roundTrips.get()).as("the witness was served throughout").isGreaterThan(0);
            assertThat(watchdog.problems()).as("thread deaths, uncaught exceptions, errors logged").isEmpty();
            roundTripsOnEveryNode(cluster);
        }
    }

    private static void fuzzOne(ClientInputs inputs, long index, FuzzSettings settings, InetSocketAddress node,
                                FuzzReport report) {
        ClientInputs.Input input = inputs.input(index, settings.random(index));
        if (settings.only().isPresent()) {
            System.out.println("input " + index + " (" + input.kind() + "):\n" + ByteMutator.show(input.bytes(), 1 << 16));
        }
        List<String> broken = new ArrayList<>();
        String outcome;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(node.getHostString(), node.getPort()), 5_000);
            s.setSoTimeout(DEADLINE_MILLIS);
            try {
                s.getOutputStream().write(input.bytes());
                s.shutdownOutput();
            } catch (IOException e) {
                // The node closed first (a refused frame); what it said is still to be read.
            }
            outcome = readAnswers(new DataInputStream(s.getInputStream()), input.kind(), broken, settings);
        } catch (IOException e) {
            outcome = "connect failed";
            broken.add("could not connect: " + e);
        }
        report.outcome(input.kind() + ":" + outcome, index);
        if (!broken.isEmpty()) {
            report.fail(index, String.join("; ", broken), input.kind() + " " + ByteMutator.show(input.bytes(), 300));
        }
    }

    /** Reads answers until the node closes; checks each; how the connection ended. */
    private static String readAnswers(DataInputStream in, String kind, List<String> broken, FuzzSettings settings) {
        int answers = 0;
        try {
            while (true) {
                int length = in.readInt();
                if (length < 0 || length > ClientProtocol.RESPONSE_FRAME_LIMIT) {
                    broken.add("an answer frame of " + length + " bytes");
                    return "bad frame";
                }
                byte[] body = new byte[length];
                in.readFully(body);
                ClientResponse answer = ResponseCodec.decode(body);
                if (settings.only().isPresent()) {
                    System.out.println("answer: " + answer);
                }
                check(answer, answers++, kind, broken);
            }
        } catch (EOFException e) {
            return answers == 0 ? "closed" : "answered";
        } catch (SocketTimeoutException e) {
            broken.add("the connection neither answered nor closed within " + DEADLINE_MILLIS + " ms");
            return "hung";
        } catch (MalformedMessageException e) {
            broken.add("an answer that does not decode: " + e.getMessage());
            return "bad answer";
        } catch (IOException e) {
            return "reset";
        }
    }

    private static void check(ClientResponse answer, int n, String kind, List<String> broken) {
        if (answer instanceof ClientResponse.Failure f) {
            if (f.code() == ErrorCode.INTERNAL) {
                broken.add("an INTERNAL answer: " + f.message());
            }
            if (f.message().isBlank()) {
                broken.add("a FAILURE without a message");
            }
            if (kind.equals("valid") && !busy(f)) {
                broken.add("a well-formed request refused: " + f);
            }
        } else if (answer.id() == ClientProtocol.CONNECTION_ID) {
            broken.add("an answer under the connection's id that is not a FAILURE: " + answer);
        } else if ((n == 0) != (answer instanceof ClientResponse.Welcome)) {
            broken.add("answer " + n + " is " + answer.getClass().getSimpleName() + "; WELCOME comes first and once");
        }
    }

    /**
     * A put with W=3 and a get with R=3 through {@link ClusterClient} from every node. The run leaves
     * the store busy with what it took (replicas, the log) on a loaded machine, so a node that cannot
     * answer yet is asked again, for up to a minute: what must hold is that it serves again, not how soon.
     */
    private static void roundTripsOnEveryNode(LocalCluster cluster) throws InterruptedException {
        for (NodeId id : cluster.nodeIds()) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Throwable last = null;
            for (int attempt = 1; System.nanoTime() < end; attempt++) {
                try {
                    roundTrip(cluster, id, attempt);
                    last = null;
                    break;
                } catch (Exception e) {
                    last = e;
                    Thread.sleep(500);
                }
            }
            assertThat(last).as("after the run, a round trip with W=3 and R=3 through %s", id).isNull();
        }
    }

    private static void roundTrip(LocalCluster cluster, NodeId id, int attempt) throws Exception {
        InetSocketAddress http = cluster.addresses(id).http();
        try (ClusterClient client = ClusterClient.connect(List.of(URI.create("http://127.0.0.1:" + http.getPort())),
                new Quorum(3, 3, 3), Duration.ofSeconds(5))) {
            Key key = Key.of("fuzz-check-" + id + "-" + attempt);
            Context written = client.put(key, Context.EMPTY, new byte[] {1}).get(30, TimeUnit.SECONDS);
            assertThat(client.get(key).get(30, TimeUnit.SECONDS).context()).as("R=3 after W=3 through %s", id)
                    .isEqualTo(written);
        }
    }

    /** The store's own refusals under load (no quorum, overloaded, timeout), not the protocol's. */
    private static boolean busy(ClientResponse answer) {
        return answer instanceof ClientResponse.Failure f && (f.code() == ErrorCode.QUORUM_NOT_REACHED
                || f.code() == ErrorCode.OVERLOADED || f.code() == ErrorCode.TIMEOUT);
    }

    /** One connection making round trips throughout the run; any cut or refusal is a failure. */
    private static final class Witness implements Runnable {
        private final InetSocketAddress node;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong roundTrips = new AtomicLong();
        final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

        Witness(InetSocketAddress node) {
            this.node = node;
        }

        @Override
        public void run() {
            try (RawClient c = RawClient.greeted(node, "")) {
                for (long id = 2; !stop.get(); id += 2) {
                    Key key = Key.of("witness/" + id % 20);
                    c.send(new ClientRequest.Put(id, key, Context.EMPTY, new byte[] {(byte) id}, 0));
                    ClientResponse put = c.read();
                    c.send(new ClientRequest.Get(id + 1, key, 0));
                    ClientResponse get = c.read();
                    if (put.id() != id || get.id() != id + 1 || !(busy(put) || put instanceof ClientResponse.Written)
                            || !(busy(get) || get instanceof ClientResponse.Found)) {
                        failures.add("round trip " + id + ": " + put + " / " + get);
                        return;
                    }
                    roundTrips.incrementAndGet();
                }
            } catch (RuntimeException e) {
                failures.add("the witness's connection failed: " + e);
            }
        }
    }
}
