package io.dynacart.store.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Value;
import io.dynacart.store.fuzz.ByteMutator;
import io.dynacart.store.fuzz.FuzzLoop;
import io.dynacart.store.fuzz.FuzzReport;
import io.dynacart.store.fuzz.FuzzSettings;
import io.dynacart.store.fuzz.Watchdog;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.Message;
import io.dynacart.store.transport.MessageArbitraries;
import io.dynacart.store.transport.MessageCodec;
import io.dynacart.store.transport.MessageSamples;
import io.dynacart.store.transport.Network;
import io.dynacart.store.transport.ProbeMessage.Ping;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.transport.tcp.FuzzConnection.Outcome;
import io.dynacart.store.transport.tcp.TcpInputs.Ending;
import io.dynacart.store.transport.tcp.TcpInputs.Input;
import io.dynacart.store.transport.tcp.TcpInputs.Kind;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import io.dynacart.testing.Await;
import io.dynacart.testing.Slow;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes a real {@link TcpNetwork} endpoint, the node-to-node transport: connections that send
 * random bytes where the handshake belongs, mutated handshakes, and, after a valid handshake (the
 * fuzzer knows the secret), valid, mutated and random frames with lying lengths; and, the other way,
 * a fake peer that answers the endpoint's own HELLO with garbage (what: {@link TcpInputs}). Meanwhile
 * a legitimate peer ({@link LegitLink}) pings the endpoint and gets its pongs. What must hold:
 * <ul>
 *   <li>an authenticated connection delivers exactly the frames before its first bad one, in order
 *       ({@link FrameModel}); an unauthenticated one delivers nothing; a connection the fuzzer ends
 *       is closed by the endpoint in time;</li>
 *   <li>the legitimate peer's two connections are never cut: every ping and pong arrives, in order,
 *       over the connections opened before the run;</li>
 *   <li>no thread of the network dies, no exception goes uncaught, nothing is logged as an ERROR or
 *       with a stack trace, no buffer leaks (Netty's leak detector at its paranoid level), and memory
 *       after the run is what it was before, give or take;</li>
 *   <li>afterwards the endpoint accepts a new legitimate peer.</li>
 * </ul>
 * It prints its seed; see {@link FuzzSettings} and docs/FUZZING.md for replaying and running longer.
 */
@Slow
class TcpFuzzIT {

    private static final NodeId SERVER = NodeId.of("server");
    private static final NodeId LEGIT = NodeId.of("legit");
    private static final NodeId LATE = NodeId.of("late");
    private static final int FAKES = 4;
    private static final Duration DEFAULT_BUDGET = Duration.ofSeconds(12);
    private static final long MEMORY_SLACK = 64L << 20;

    @Test
    void badConnectionsAreClosedAloneAndTheEndpointKeepsServing() throws Exception {
        FuzzSettings settings = FuzzSettings.fromProperties("TcpFuzzIT", DEFAULT_BUDGET);
        ResourceLeakDetector.Level leakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        FuzzedInbox inbox = new FuzzedInbox(Set.of(LEGIT, LATE));
        try (TcpNodes nodes = new TcpNodes();
             Watchdog watchdog = new Watchdog().quiet("io.dynacart.store.transport.tcp");
             FakePeer fake = new FakePeer(TcpNodes.SECRET);
             LegitLink legit = new LegitLink(SERVER)) {
            Network.Endpoint server = nodes.attach(SERVER, inbox);
            inbox.answerFrom(server);
            legit.start(nodes.attach(LEGIT, legit));
            Await.until("the legitimate link to carry pongs", () -> legit.lastPong() > 10);
            for (int i = 0; i < FAKES; i++) {
                nodes.publish(fakeId(i), fake.address());
            }
            watchdog.watchThreads("dynacart-tcp-");
            TcpInputs inputs = new TcpInputs(messagePool(settings.seed()), nodes.config().maxFrameBytes());
            long heapBefore = heapAfterGc();
            long directBefore = directMemory();
            FuzzReport report = new FuzzReport(settings);
            Unsettled unsettled = new Unsettled(inbox, report);
            Run run = new Run(settings, report, inputs, inbox, nodes, server, fake, unsettled);
            long elapsed = FuzzLoop.run(settings, report, 2, run::fuzzOne);
            legit.close();
            unsettled.settleAll();
            System.out.println(report.summary(elapsed) + "\n  WARN lines (no stack trace) per logger: " + watchdog.warnings());
            report.failures().forEach(System.out::println);
            assertThat(report.failures()).as("inputs the endpoint mishandled (seed %d)", settings.seed()).isEmpty();
            assertLegitimatePeerUnharmed(nodes, legit);
            lateLegitimatePeerIsServed(nodes, inbox);
            assertThat(inbox.problems()).as("deliveries the endpoint should not have made").isEmpty();
            assertThat(watchdog.problems()).as("thread deaths, uncaught exceptions, errors logged, leaks").isEmpty();
            assertMemoryBack(heapBefore, directBefore, watchdog);
        } finally {
            ResourceLeakDetector.setLevel(leakLevel);
        }
    }

    /** One run's inputs, each played on its own connection (or, for a fake server, by the endpoint's link). */
    private record Run(FuzzSettings settings, FuzzReport report, TcpInputs inputs, FuzzedInbox inbox, TcpNodes nodes,
                       Network.Endpoint server, FakePeer fake, Unsettled unsettled) {

        void fuzzOne(long index) {
            Input input = inputs.input(index, settings.random(index));
            String shown = input.description() + "; opening " + ByteMutator.show(input.opening(), 200) + "; then "
                    + ByteMutator.show(input.after(), 300);
            if (settings.only().isPresent()) {
                System.out.println("input " + index + ": " + input.description() + "\n  opening: "
                        + ByteMutator.show(input.opening(), 1 << 20) + "\n  after: " + ByteMutator.show(input.after(), 1 << 20));
            }
            try {
                if (input.kind() == Kind.FAKE_SERVER) {
                    NodeId peer = fakeId(index);
                    String problem = fake.answer(input, peer, SERVER, () -> server.send(peer, new Ping(index)));
                    report.outcome("fake server", index);
                    if (problem != null) {
                        report.fail(index, problem, shown);
                    }
                    return;
                }
                Outcome outcome = FuzzConnection.play(input, nodes.addressOf(SERVER), TcpNodes.SECRET);
                check(index, input, outcome, shown);
            } catch (IOException e) {
                report.fail(index, "could not reach the endpoint: " + e, shown);
            }
        }

        private void check(long index, Input input, Outcome outcome, String shown) {
            if (outcome.problem() != null) {
                report.fail(index, outcome.problem(), shown);
                return;
            }
            List<Long> expected = outcome.authenticated()
                    ? FrameModel.delivered(input.after(), nodes.config().maxFrameBytes()) : List.of();
            report.outcome(input.kind().name().toLowerCase() + (outcome.authenticated() ? ", authenticated" : ", refused"), index);
            if (input.ending() != Ending.WAIT) {
                unsettled.add(index, input.claimed(), expected, shown);
                return;
            }
            if (!outcome.serverClosed()) {
                report.fail(index, "the endpoint kept the connection open after the client's end", shown);
            }
            List<Long> delivered = inbox.take(input.claimed());
            report.count("messages delivered as the frames predict", Math.min(delivered.size(), expected.size()));
            if (!delivered.equals(expected)) {
                report.fail(index, "delivered " + delivered.size() + " messages where the frames sent make "
                        + expected.size() + " before the first bad one", shown);
            }
        }
    }

    private static NodeId fakeId(long index) {
        return NodeId.of("fake-" + Math.floorMod(index, FAKES));
    }

    /**
     * Every message type's sample, messages drawn from the codec's arbitraries with the run's seed,
     * and three writes of 1, 4 and 7 values of 1 MiB (frames of up to 7 MiB, under the 8 MiB limit), encoded.
     */
    private static List<byte[]> messagePool(long seed) {
        List<byte[]> pool = new ArrayList<>();
        MessageSamples.all().forEach(m -> pool.add(MessageCodec.encode(m)));
        for (int values : new int[] {1, 4, 7}) {
            pool.add(MessageCodec.encode(bigWrite(values, new Random(seed + values))));
        }
        JqwikSession.start();
        try {
            RandomGenerator<Message> generator = MessageArbitraries.messages().generator(1000);
            Random random = new Random(seed);
            for (int i = 0; i < 2000; i++) {
                pool.add(MessageCodec.encode(generator.next(random).value()));
            }
        } finally {
            JqwikSession.finish();
        }
        return pool;
    }

    private static Message bigWrite(int values, Random random) {
        List<Versioned<Value>> siblings = new ArrayList<>();
        for (int i = 0; i < values; i++) {
            byte[] bytes = new byte[Value.MAX_BYTES];
            random.nextBytes(bytes);
            siblings.add(new Versioned<>(new DottedVersionVector(new Dot(NodeId.of("n" + (i + 1)), 1, 0), VectorClock.EMPTY),
                    Value.of(bytes)));
        }
        return new ReplicationMessage.Write(values, Key.of("big-" + values), siblings);
    }

    /** Every ping answered, in order, over the two connections the legitimate peer and the endpoint opened first. */
    private static void assertLegitimatePeerUnharmed(TcpNodes nodes, LegitLink legit) {
        Await.until("every ping of the legitimate peer answered", () -> legit.lastPong() == legit.sent());
        assertThat(legit.problem()).as("the legitimate peer's pongs").isNull();
        assertThat(legit.sent()).as("pings the legitimate peer sent during the run").isGreaterThan(10);
        assertThat(nodes.network(LEGIT).stats().connectionsOpened())
                .as("the legitimate peer's two connections survived the run: none reopened").isEqualTo(2);
        assertThat(nodes.network(LEGIT).stats().dropped()).as("messages the legitimate peer lost").isZero();
    }

    /** A peer that arrives after the run is authenticated and served like any other. */
    private static void lateLegitimatePeerIsServed(TcpNodes nodes, FuzzedInbox inbox) throws InterruptedException {
        try (LegitLink late = new LegitLink(SERVER)) {
            late.start(nodes.attach(LATE, late));
            Await.until("the late peer's pongs", () -> late.lastPong() > 10);
        }
        assertThat(inbox.lastPing(LATE)).isGreaterThan(10);
    }

    private static void assertMemoryBack(long heapBefore, long directBefore, Watchdog watchdog) {
        for (int i = 0; i < 3; i++) {
            heapAfterGc();
            ByteBufAllocator.DEFAULT.buffer(64).release(); // lets the leak detector report what the GC found
        }
        long heap = heapAfterGc();
        long direct = directMemory();
        System.out.printf("TcpFuzzIT: heap after GC %d -> %d MiB, Netty's pooled direct memory %d -> %d MiB%n",
                heapBefore >> 20, heap >> 20, directBefore >> 20, direct >> 20);
        assertThat(watchdog.problems()).as("leaks reported").isEmpty();
        assertThat(heap).as("heap after the run (before: %d bytes)", heapBefore).isLessThan(heapBefore + MEMORY_SLACK);
        assertThat(direct).as("Netty's direct memory after the run (before: %d bytes)", directBefore)
                .isLessThan(directBefore + MEMORY_SLACK);
    }

    private static long heapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long directMemory() {
        return PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
    }
}
