package io.dynacart.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200-request kv run against {@link LedgerStore}: the report's counts, errors and versions must
 * equal what the store's own ledger says it answered, and the verdicts follow the options.
 */
class TinyRunTest {

    private static final int KEYS = 50;

    @TempDir
    Path out;

    private RunConfig settings(String... extra) {
        String[] base = {"--workload", "kv", "--keys", String.valueOf(KEYS), "--ops", "200", "--rate", "2000",
            "--arrivals", "uniform", "--quiet", "--settle", "2s", "--out", out.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        picocli.CommandLine cl = LoadgenCommand.commandLine();
        cl.parseArgs(args);
        return ((LoadgenCommand) cl.getCommand()).settings();
    }

    @Test
    void theReportsNumbersMatchTheStoresOwnLedger() throws Exception {
        LedgerStore store = LedgerStore.forKvKeys(KEYS);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int exit = LoadgenCommand.run(settings("--sla", "10s", "--sla-percentile", "80"), store,
                new PrintStream(console, true, StandardCharsets.UTF_8));

        JsonNode r = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        int updates = store.puts - KEYS; // the preload wrote every key once
        assertThat(r.path("requests").asLong()).isEqualTo(200);
        JsonNode read = op(r, "read");
        JsonNode update = op(r, "update");
        assertThat(read.path("count").asLong()).as("reads in the report = gets the store saw").isEqualTo(store.gets);
        assertThat(update.path("count").asLong()).as("updates = puts after the preload").isEqualTo(updates);
        assertThat(read.path("errors").asLong()).isEqualTo(store.failedGets);
        assertThat(read.path("errorsByKind").path("quorum").asLong()).isEqualTo(store.failedGets);
        assertThat(update.path("errors").asLong()).isZero();
        assertThat(r.path("errors").asLong()).isEqualTo(store.failedGets);
        assertThat(r.path("successes").asLong()).isEqualTo(200 - store.failedGets);

        JsonNode d = r.path("divergence");
        assertThat(d.path("one").asLong()).isEqualTo(store.versionsAnswered[1]);
        assertThat(d.path("two").asLong()).isEqualTo(store.versionsAnswered[2]);
        assertThat(d.path("notFound").asLong()).isEqualTo(store.versionsAnswered[0]);
        assertThat(d.path("reads").asLong()).isEqualTo(store.gets - store.failedGets - store.versionsAnswered[0]);

        assertThat(r.path("correctness").path("passed").asBoolean()).isTrue();
        assertThat(r.path("correctness").path("details").path("missingWrites").asLong()).isZero();
        assertThat(r.path("sla").path("passed").asBoolean()).as("95% answered, 80% asked").isTrue();
        assertThat(exit).isZero();
        assertThat(Files.readString(out.resolve("report.html"))).contains("<svg", "Latency over time", "Divergence")
                .doesNotContain("<script", "http://cdn", "https://");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("verdict: PASS");
    }

    @Test
    void anImpossibleTargetFailsTheSlaAndTheExitCode() throws Exception {
        int exit = LoadgenCommand.run(settings("--sla", "0.001ms"), LedgerStore.forKvKeys(KEYS),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        JsonNode r = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(r.path("sla").path("passed").asBoolean()).isFalse();
        assertThat(r.path("correctness").path("passed").asBoolean()).isTrue();
        assertThat(exit).isEqualTo(1);
    }

    @Test
    void errorsCountAgainstTheSlaEvenWhenEverySuccessIsFast() throws Exception {
        // 10% of reads fail: half the requests are reads, so about 5% of requests miss any target.
        int exit = LoadgenCommand.run(settings("--sla", "10s", "--sla-percentile", "99.9"), LedgerStore.forKvKeys(KEYS),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(1);
    }

    private static JsonNode op(JsonNode report, String name) {
        for (JsonNode o : report.path("operations")) {
            if (o.path("operation").asText().equals(name)) {
                return o;
            }
        }
        throw new AssertionError("no operation " + name + " in the report");
    }

    @Test
    void aStoreThatLosesAcknowledgedWritesFailsTheCorrectnessVerdict() throws Exception {
        LedgerStore store = LedgerStore.forKvKeys(KEYS);
        store.loseAtHeal = "kv:1";
        int exit = LoadgenCommand.run(settings("--sla", "10s", "--sla-percentile", "50"), store,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        JsonNode c = new ObjectMapper().readTree(out.resolve("report.json").toFile()).path("correctness");
        assertThat(c.path("passed").asBoolean()).isFalse();
        assertThat(c.path("details").path("missingWrites").asLong()).as("kv:1 and kv:10..kv:19 were forgotten").isEqualTo(11);
        assertThat(exit).isEqualTo(1);
    }

    @Test
    void aCartRunAgainstAStoreThatLosesACartCountsItsAddsAsLost() throws Exception {
        LedgerStore store = new LedgerStore();
        store.loseAtHeal = "cart/shopper-3.";
        picocli.CommandLine cl = LoadgenCommand.commandLine();
        cl.parseArgs("--workload", "cart", "--shoppers", "5", "--ops", "300", "--rate", "1000", "--quiet",
                "--settle", "2s", "--sla", "10s", "--sla-percentile", "50", "--out", out.toString());
        int exit = LoadgenCommand.run(((LoadgenCommand) cl.getCommand()).settings(), store,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        JsonNode c = new ObjectMapper().readTree(out.resolve("report.json").toFile()).path("correctness");
        assertThat(c.path("details").path("lostAdds").asLong()).as("shopper-3's cart was forgotten").isPositive();
        assertThat(c.path("details").path("examples").toString()).contains("shopper-3");
        assertThat(c.path("passed").asBoolean()).isFalse();
        assertThat(exit).isEqualTo(1);
    }
}
