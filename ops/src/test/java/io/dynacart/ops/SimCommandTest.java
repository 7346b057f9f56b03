package io.dynacart.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.sim.SimulationEnvironment;
import io.dynacart.store.storage.ForwardingStorage;
import io.dynacart.store.storage.Merged;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.versioning.Versioned;
import io.dynacart.testing.Simulated;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code dynacart sim} through its command line: what a run prints and its exit code, bad options,
 * a planted bug (a storage that forgets what it acknowledged) caught, shrunk, replayed and drawn,
 * and the same seed giving the same verdict.
 */
@Simulated
class SimCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run sim(SimulationEnvironment environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == SimCommand.class ? type.cast(new SimCommand(environment))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        List<String> all = new ArrayList<>(List.of("sim"));
        all.addAll(Arrays.asList(args));
        int exit = Dynacart.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), factory)
                .execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private static Run sim(String... args) {
        return sim(SimulationEnvironment.REAL, args);
    }

    @Test
    void aFewSchedulesPassAndSayWhatWasChecked() {
        Run run = sim("--seed", "3", "--schedules", "3", "--threads", "2", "--verbose");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Simulating 3 schedules, seeds 3..5.").contains("Each: 5 nodes, 4 clients on 6 keys")
                .contains("NoAcknowledgedWriteLost       every acknowledged write is still held")
                .contains("AlwaysWriteable").contains("With --zones also ZoneCutsLeaveTheRestServing.")
                .contains("With --namespaces also LastWriteWins");
        for (long seed = 3; seed <= 5; seed++) {
            assertThat(run.out()).as("seed %d's verdict", seed)
                    .containsPattern("(?m)^seed " + seed + " +ops +\\d+ +faults +\\d+ +acked +\\d+ +siblings +\\d+ +PASS$");
        }
        assertThat(run.out()).contains("3 schedules in").contains("3 passed, 0 failed")
                .containsPattern("Simulated [\\d,]+ client operations \\([\\d,]+ writes acknowledged")
                .contains("See what one schedule did: ops/dynacart sim --seed 3 --schedules 1 --html sim-3.html");
        assertThat(run.err()).doesNotContain("Exception");
    }

    @Test
    void badOptionsAreUsageErrorsThatNameTheProblem() {
        assertUsage(sim("--nodes", "2"), "--nodes must be from 3 to 9, was 2");
        assertUsage(sim("--nodes", "10"), "--nodes must be from 3 to 9, was 10");
        assertUsage(sim("--faults", "crash,crsh"), "unknown fault kind 'crsh'");
        assertThat(sim("--faults", "crsh").err()).contains("the kinds are crash, partition, cut-replicas, zone-cut,"
                + " lossy, drop, delay, duplicate, join, leave, wipe, outage");
        assertUsage(sim("--faults", "crash=0"), "the weight of crash must be a whole number from 1 to 100, was '0'");
        assertUsage(sim("--faults", "crash,crash"), "fault kind crash is named twice");
        assertUsage(sim("--faults", "zone-cut", "--zones", "1"), "zone-cut needs the nodes in zones");
        assertUsage(sim("--schedules", "0"), "--schedules must be from 1");
        assertUsage(sim("--schedules", "many"), "--schedules");
        assertUsage(sim("--workload", "fast"), "--workload takes a time such as 8s, 500ms or 1.5m, not 'fast'");
        assertUsage(sim("--workload", "50ms"), "--workload must be from 200ms to 10m");
        assertUsage(sim("--fault-schedule", "1s:explode n3"), "--fault-schedule:");
        assertUsage(sim("--fault-schedule", "1s:stop n7"), "names n7, which is not a node of the 5-node cluster");
        assertUsage(sim("--fault-schedule", "none", "--faults", "crash"), "leave out --faults and --fault-count");
        assertUsage(sim("--key", "k99"), "--key k99 is not a key of these runs; they are k0, k1, k2, k3, k4, k5");
        assertUsage(sim("--html", dir.resolve("missing/page.html").toString()), "no directory");
        assertUsage(sim("--seed", String.valueOf(Long.MAX_VALUE), "--schedules", "2"), "runs past the largest seed");
    }

    private static void assertUsage(Run run, String problem) {
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("dynacart sim: ").contains(problem).contains("dynacart sim --help")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.out()).as("nothing ran").doesNotContain("schedules in");
    }

    /**
     * The planted bug: every node's storage forgets {@code k0} right after storing it, yet answers as
     * if it had kept it, so writes of k0 are acknowledged and lost.
     */
    private static final class ForgetfulStorage extends ForwardingStorage {
        private static final Key FORGOTTEN = Key.of("k0");

        ForgetfulStorage(Storage inner) {
            super(inner);
        }

        @Override
        public List<Versioned<Value>> put(Key key, Versioned<Value> version) {
            return forget(key, delegate.put(key, version));
        }

        @Override
        public List<Versioned<Value>> merge(Key key, List<Versioned<Value>> versions) {
            return forget(key, delegate.merge(key, versions));
        }

        @Override
        public Merged mergeNoWait(Key key, List<Versioned<Value>> versions, boolean forced) {
            Merged merged = delegate.mergeNoWait(key, versions, forced);
            forget(key, merged.siblings());
            return merged;
        }

        private List<Versioned<Value>> forget(Key key, List<Versioned<Value>> held) {
            if (key.equals(FORGOTTEN)) {
                delegate.purge(key, held, v -> true);
            }
            return held;
        }
    }

    private static final SimulationEnvironment FORGETFUL = new SimulationEnvironment(ForgetfulStorage::new);

    @Test
    void aPlantedLostWriteIsCaughtShrunkReplayedAndDrawn() throws IOException {
        Path page = dir.resolve("lost.html");
        Run run = sim(FORGETFUL, "--seed", "11", "--schedules", "2", "--threads", "1", "--shrink-runs", "40",
                "--html", page.toString());

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        String out = run.out();
        assertThat(out).containsPattern("(?m)^seed 11 .*FAIL NoAcknowledgedWriteLost")
                .contains("Seed 11 broke NoAcknowledgedWriteLost. Replay it: ops/dynacart sim --seed 11 --schedules 1")
                .contains("2 FAILED");
        Matcher sizes = Pattern.compile("operations (\\d+) -> (\\d+), faults (\\d+) -> (\\d+)").matcher(out);
        assertThat(sizes.find()).as(out).isTrue();
        assertThat(Long.parseLong(sizes.group(2))).as("the shrunk run's operations").isPositive()
                .isLessThanOrEqualTo(Long.parseLong(sizes.group(1)));
        assertThat(Integer.parseInt(sizes.group(4))).as("its faults").isLessThanOrEqualTo(Integer.parseInt(sizes.group(3)));

        assertThat(out).contains("Timeline of the smallest run").contains("every operation on k0, the key the violation names")
                .containsPattern("(?m)^ +\\d+  n\\d +put w\\d+ .*-> acknowledged: w\\d+ @n\\d:\\d+ \\{")
                .containsPattern("(?m)^ +\\d+  n\\d +get \\(final read\\) -> nothing")
                .contains("end game: partitions healed");

        Matcher replay = Pattern.compile("(?m)^  replay: ops/dynacart sim (.*)$").matcher(out);
        assertThat(replay.find()).as(out).isTrue();
        Run again = sim(FORGETFUL, args(replay.group(1)).toArray(String[]::new));
        assertThat(again.exit()).as("the shrunk run replays: %s%n%s", replay.group(1), again.out()).isEqualTo(1);
        assertThat(again.out()).containsPattern("(?m)^seed 11 +ops +" + sizes.group(2) + " .*FAIL NoAcknowledgedWriteLost");

        assertThat(page).exists();
        String html = Files.readString(page);
        assertThat(html).startsWith("<!doctype html>").contains("seed 11").contains("NoAcknowledgedWriteLost")
                .contains("<code>k0</code>").contains("<svg").doesNotContain("<script").doesNotContain("http://", "https://");
    }

    @Test
    void aPassingSeedCanBeDrawnToo() throws IOException {
        Path page = dir.resolve("run.html");
        Run run = sim("--seed", "42", "--schedules", "1", "--workload", "2s", "--key", "k1", "--html", page.toString());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("(?m)^seed 42 .* PASS$").contains("Timeline page of seed 42 (operations on k1)");
        String html = Files.readString(page);
        assertThat(html).contains("dynacart sim: seed 42").contains("PASS").contains("<code>k1</code>")
                .contains("ops/dynacart sim --seed 42 --schedules 1 --workload 2s").contains("workload starts");
    }

    @Test
    void theSameSeedGivesTheSameVerdictEveryTimeAndOnAnyThread() {
        String first = verdict(sim("--seed", "21", "--schedules", "1"), 21);
        String second = verdict(sim("--seed", "21", "--schedules", "1"), 21);
        String amongOthers = verdict(sim("--seed", "20", "--schedules", "2", "--threads", "2", "--verbose"), 21);

        assertThat(second).isEqualTo(first);
        assertThat(amongOthers).isEqualTo(first);
        assertThat(verdict(sim("--seed", "21", "--schedules", "1", "--faults", "crash=2,partition,drop,join,wipe"), 21))
                .as("a weighted mix plans the same way every time too")
                .isEqualTo(verdict(sim("--seed", "21", "--schedules", "1", "--faults", "crash=2,partition,drop,join,wipe"),
                        21));
    }

    private static String verdict(Run run, long seed) {
        return Arrays.stream(run.out().split("\\R")).filter(line -> line.startsWith("seed " + seed + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no verdict for seed " + seed + " in\n" + run.out() + run.err()));
    }

    /** A printed command's arguments, single quotes grouping words as a shell would. */
    private static List<String> args(String command) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("'([^']*)'|(\\S+)").matcher(command);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return out;
    }
}
