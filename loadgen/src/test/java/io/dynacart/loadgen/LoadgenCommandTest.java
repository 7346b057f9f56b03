package io.dynacart.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Bad options stop the command before anything starts, with exit code 2 and a message naming the option. */
class LoadgenCommandTest {

    record Outcome(int exit, String err) {}

    static Outcome run(String... args) {
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = LoadgenCommand.commandLine();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int exit = cl.execute(args);
        return new Outcome(exit, err.toString());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = ';', value = {
        "--workload; carts; --workload must be one of cart, kv",
        "--rate; 0; --rate must be between 0 and",
        "--rate; -5; --rate must be between 0 and",
        "--arrivals; bursty; --arrivals must be one of poisson, uniform",
        "--duration; ten seconds; --duration: 'ten seconds' is not an amount of time",
        "--max-in-flight; 0; --max-in-flight must be at least 1",
        "--quorum; 3,2; --quorum is N,R,W",
        "--quorum; 3,4,2; --quorum 3,4,2: R must be between 1 and N=3",
        "--quorum; 3,-1,2; --quorum 3,-1,2: R and W are at least 1",
        "--quorum; 7,2,2; --quorum N=7 needs at least as many nodes",
        "--faults; 20s:reboot n3; --faults: unknown fault action",
        "--faults; 20s:stop n9; --faults: 20s:stop n9: no node n9",
        "--faults; 20s:cut-zone b; --faults: 20s:cut-zone b: no zone b (--zones gives none: the nodes are in one zone)",
        "--zones; a,b c; --zones: zone contains the character ' '",
        "--zones; a,a; --zones must name distinct zones",
        "--policy; lww; --policy must be one of observed-remove, paper",
        "--key-distribution; hot; --key-distribution must be one of uniform, zipfian",
        "--value-size; 2; --value-size must be 8 to 1048576",
        "--read-share; 1.5; --read-share must be between 0 and 1",
        "--sla; fast; --sla: 'fast' is not an amount of time",
        "--sla-percentile; 101; --sla-percentile must be in (0, 100]",
        "--nodes-at; ftp://x:1; --nodes-at takes node addresses like http://127.0.0.1:7101",
        "--anti-entropy; sometimes; --anti-entropy must be one of on, off",
        "--anti-entropy-keys; 0; --anti-entropy-keys and --anti-entropy-bytes must be at least 1",
        "--anti-entropy-interval; soon; --anti-entropy-interval: 'soon' is not an amount of time",
        "--background-feedback; yes; --background-feedback must be one of on, off",
        "--background-target; 0ms; --background-target must be more than 0 ms",
        "--background-min-share; 0; --background-min-share must be in (0, 1]: background work must still progress",
    })
    void aBadOptionIsAUsageErrorNamingIt(String option, String value, String message) {
        Outcome o = run(option, value, "--quiet");
        assertThat(o.exit()).as("exit code for bad options").isEqualTo(2);
        assertThat(o.err()).contains(message).contains("Usage: loadgen");
    }

    @Test
    void faultsAgainstRunningNodesAreRefused() {
        Outcome o = run("--nodes-at", "http://127.0.0.1:7101", "--faults", "5s:stop n1");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("--faults needs the embedded cluster");
    }

    @Test
    void backgroundSettingsForRunningNodesAreRefused() {
        Outcome o = run("--nodes-at", "http://127.0.0.1:7101", "--anti-entropy", "off");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("running nodes (--nodes-at) keep their own settings");
    }

    @Test
    void anUnknownOptionAndANonNumberAreUsageErrorsToo() {
        assertThat(run("--rat", "5").err()).contains("Unknown option", "'--rat'", "Possible solutions: --rate");
        Outcome o = run("--rate", "fast");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("--rate");
    }

    @Test
    void nodesThatDoNotAnswerEndTheRunWithExitCodeThree() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        assertThat(run("--nodes-at", "http://127.0.0.1:" + port, "--duration", "1s", "--quiet").exit()).isEqualTo(3);
    }

    @Test
    void helpListsTheOptionsAndExitsZero() {
        StringWriter out = new StringWriter();
        picocli.CommandLine cl = LoadgenCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("--help")).isZero();
        assertThat(out.toString()).contains("--workload", "--faults", "--sla", "--nodes-at");
    }

    @Test
    void theReportsSettingsNameOnlyTheBoundTheRunHad() {
        assertThat(describe("--duration", "30s")).containsEntry("duration_s", 30.0).doesNotContainKey("operations");
        assertThat(describe("--ops", "500")).containsEntry("operations", 500L).doesNotContainKey("duration_s");
    }

    private static Map<String, Object> describe(String... args) {
        CommandLine cl = LoadgenCommand.commandLine();
        cl.parseArgs(args);
        return ((LoadgenCommand) cl.getCommand()).settings().describe();
    }
}
