package io.dynacart.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.coordinator.SiblingLimits;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.runtime.NodeLimits;
import io.dynacart.store.runtime.NodeRuntimeConfig;
import io.dynacart.store.storage.Durability;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** The launcher's command line: help, exit codes, and the node's options turned into settings. */
class DynacartTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Dynacart.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void helpIsEverywhereAndExitsZero() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("demo", "loadgen", "node", "cluster", "admin", "bench", "sim");
        for (String[] args : new String[][] {{"demo", "--help"}, {"loadgen", "--help"}, {"bench", "--help"}, {"node", "--help"}, {"cluster", "start", "--help"}, {"cluster", "status", "--help"},
                {"admin", "--help"}, {"admin", "put", "--help"}}) {
            assertThat(run(args)).as(String.join(" ", args)).isZero();
        }
        assertThat(out.toString()).contains("--seeds", "--nodes", "--token-file", "--context");
    }

    @Test
    void usageErrorsExitTwoWithOneLineNamingTheFix() {
        assertThat(run("bogus")).isEqualTo(2);
        assertThat(run("node", "--data", "/nowhere")).isEqualTo(2);
        assertThat(err.toString()).contains("dynacart node: missing --id: name this node");
        assertThat(run("admin", "repair", "not-a-number")).isEqualTo(2);
        assertThat(run("bench", "fastest")).isEqualTo(2);
        assertThat(err.toString()).contains("no benchmark \"fastest\"; there are jmh, storage, cluster, all and backup");
        assertThat(run("demo", "--port", "-5")).isEqualTo(2);
        assertThat(run("demo", "--cart-ttl", "forever")).isEqualTo(2);
        assertThat(err.toString()).contains("--cart-ttl: ttl must be seconds, a number with a unit (90s, 15m, 12h, 30d) or"
                + " 'none', was 'forever'");
        assertThat(run("loadgen", "--rate", "fast")).isEqualTo(2);
    }

    @Test
    void jmhGetsTheShortDefaultsExceptWhereTheUserSaysOtherwise() {
        assertThat(BenchCommand.jmhArgs(java.util.List.of("compare", "-i", "2")))
                .containsExactly("-f", "1", "-wi", "3", "-w", "1", "-r", "1", "compare", "-i", "2");
    }

    @Test
    void failuresExitOneWithTheFix() {
        assertThat(run("admin", "--node", "http://127.0.0.1:1", "get", "k")).isEqualTo(1);
        assertThat(err.toString()).contains("no node answers at http://127.0.0.1:1").contains("dynacart cluster status");
    }

    private NodeCommand parse(String... args) {
        NodeCommand node = new NodeCommand();
        new CommandLine(node).parseArgs(args);
        return node;
    }

    private static final Map<String, String> ENV = Map.of(Secrets.SECRET_ENV, "a-cluster-secret-of-some-length",
            Secrets.TOKEN_ENV, "token");

    @Test
    void nodeOptionsBecomeSettings() {
        NodeRuntimeConfig s = parse("--id", "n2", "--listen", "0.0.0.0:7202", "--http", "0.0.0.0:7102", "--advertise",
                "10.0.0.2:7202", "--advertise-http", "10.0.0.2:7102", "--seeds", "n1@10.0.0.1:7201,n2@10.0.0.2:7202",
                "--data", "/var/lib/n2", "--w", "3", "--durability", "fsync").settings(ENV);
        assertThat(s.id()).isEqualTo(NodeId.of("n2"));
        assertThat(s.durability()).isEqualTo(Durability.FSYNC);
        assertThat(s.coordinator().defaultQuorum().w()).isEqualTo(3);
        assertThat(s.discovery().seeds()).containsOnlyKeys(NodeId.of("n1"), NodeId.of("n2"));
        assertThat(s.discovery().advertise().orElseThrow().http().getHostString()).isEqualTo("10.0.0.2");
        assertThat(s.ring().get().nodes()).containsExactly(NodeId.of("n1"), NodeId.of("n2"));
        assertThat(s.adminToken()).isEqualTo("token");
        assertThat(s.clientToken()).as("no client token unless given").isEmpty();
        assertThat(s.listen().client().getPort()).isEqualTo(7301);
    }

    @Test
    void theClientProtocolBindsWhereToldAndTakesItsTokenFromTheEnvironment() {
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.put(Secrets.CLIENT_TOKEN_ENV, "client-token");
        NodeRuntimeConfig s = parse("--id", "n2", "--client", "0.0.0.0:7302", "--advertise-client", "10.0.0.2:7302",
                "--data", "d").settings(env);
        assertThat(s.clientToken()).isEqualTo("client-token");
        assertThat(s.listen().client().getPort()).isEqualTo(7302);
        assertThat(s.discovery().advertise().orElseThrow().client().getHostString()).isEqualTo("10.0.0.2");
        assertThatThrownBy(() -> parse("--id", "n1", "--data", "d", "--client", "0.0.0.0:7301").settings(ENV))
                .hasMessageContaining("--advertise-client HOST:7301");
    }

    @Test
    void backgroundWorkYieldsToRequestsByDefaultAndCanBeFixedOrTuned() {
        assertThat(parse("--id", "n1", "--data", "d").settings(ENV).background().admission())
                .isEqualTo(io.dynacart.store.budget.BackgroundConfig.DEFAULT);
        assertThat(parse("--id", "n1", "--data", "d", "--background-feedback", "false", "--background-target-ms", "25",
                "--background-min-share", "0.5").settings(ENV).background().admission())
                .isEqualTo(new io.dynacart.store.budget.BackgroundConfig(false, 25, 0.5));
        assertThatThrownBy(() -> parse("--id", "n1", "--data", "d", "--background-min-share", "0").settings(ENV))
                .hasMessageContaining("--background-min-share").hasMessageContaining("must still progress");
    }

    @Test
    void siblingCapsDefaultFromNAndCanBeSetWithinWhatAFrameHolds() {
        assertThat(parse("--id", "n1", "--data", "d").settings(ENV).coordinator().siblingLimits())
                .isEqualTo(new SiblingLimits(100, 2 << 20));
        assertThat(parse("--id", "n1", "--data", "d", "--n", "5", "--r", "3", "--w", "3").settings(ENV).coordinator()
                .siblingLimits().maxBytes()).as("smaller for five replicas' merged siblings").isEqualTo(11 << 17);
        assertThat(parse("--id", "n1", "--data", "d", "--max-siblings", "25").settings(ENV).coordinator().siblingLimits())
                .isEqualTo(new SiblingLimits(25, 2 << 20));
        assertThatThrownBy(() -> parse("--id", "n1", "--data", "d", "--max-sibling-bytes", "1000").settings(ENV))
                .hasMessageContaining("--max-siblings/--max-sibling-bytes").hasMessageContaining("at least the value limit");
        assertThatThrownBy(() -> parse("--id", "n1", "--data", "d", "--max-sibling-bytes", "4194304").settings(ENV))
                .hasMessageContaining("more than a frame's 8388608; lower them");
    }

    @Test
    void nodeRefusesWhatCannotWorkAndSaysWhatToDo() {
        assertThatThrownBy(() -> parse("--id", "n1", "--data", "d", "--listen", "0.0.0.0:7201").settings(ENV))
                .hasMessageContaining("--advertise HOST:7201");
        assertThatThrownBy(() -> parse("--id", "n1", "--data", "d", "--seeds", "10.0.0.1:7201").settings(ENV))
                .hasMessageContaining("id@host:port");
        assertThatThrownBy(() -> parse("--id", "n1", "--data", "d").settings(Map.of()))
                .hasMessageContaining("--secret-file FILE or set DYNACART_SECRET");
        assertThatThrownBy(() -> parse("--id", "n1", "--data", "d").settings(Map.of(Secrets.SECRET_ENV, "short",
                Secrets.TOKEN_ENV, "t"))).hasMessageContaining("shorter than 16 bytes");
    }

    @Test
    void durabilityIsOneOfThreeModesNamedInAnyCase() {
        assertThat(parse("--id", "n1", "--data", "d").settings(ENV).durability()).isEqualTo(Durability.PROCESS);
        assertThat(parse("--id", "n1", "--data", "d", "--durability", "one").settings(ENV).durability())
                .as("the paper's one durable replica").isEqualTo(Durability.ONE);
        assertThat(parse("--id", "n1", "--data", "d", "--durability", "FSYNC").settings(ENV).durability())
                .isEqualTo(Durability.FSYNC);
        assertThatThrownBy(() -> parse("--id", "n1", "--data", "d", "--durability", "two").settings(ENV))
                .hasMessageContaining("--durability must be process, one or fsync, was 'two'");
    }

    @Test
    void theBudgetOfBytesInFlightIsSetInMibAndHasAFloor() {
        assertThat(parse("--id", "n1", "--data", "d", "--in-flight-mb", "64").settings(ENV).limits().bytesInFlight())
                .isEqualTo(64L << 20);
        assertThat(parse("--id", "n1", "--data", "d").settings(ENV).limits())
                .as("default: a quarter of the heap").isEqualTo(NodeLimits.defaults());
        assertThatThrownBy(() -> parse("--id", "n1", "--data", "d", "--in-flight-mb", "8").settings(ENV))
                .hasMessageContaining("--in-flight-mb must be at least 16");
    }

    @Test
    void aStorageFailureMakesTheNodeProcessExitWithOneAndSayWhy() throws Exception {
        StringWriter said = new StringWriter();
        CompletableFuture<Integer> exited = new CompletableFuture<>();
        NodeCommand.exitOnFailure(LoggerFactory.getLogger(DynacartTest.class), new PrintWriter(said), exited::complete)
                .accept("the storage in /d has failed: its thread storage-applier-n1 died");
        assertThat(exited.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(said.toString()).contains("exiting").contains("storage-applier-n1 died");
    }
}
