package io.dynacart.store.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.ring.Partitioner;
import io.dynacart.testing.Await;
import io.dynacart.testing.Seed;
import io.dynacart.testing.Slow;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged writes survive {@code kill -9}: a child JVM writes and reports each acknowledgement;
 * the test kills it with SIGKILL after a random number of acknowledgements, reopens the directory,
 * and checks that every key, and every hint, holds exactly the siblings of its last acknowledged
 * write (the one write in flight may or may not have landed). Replay with {@code -Dcrash.seed=N}.
 */
@Slow
class StorageCrashIT {

    private static final int KILLS = 20;
    private static final int KEYS = 40;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesKillDashNine() throws Exception {
        long seed = Seed.of("crash", StorageCrashIT.class).value();
        Random random = new Random(seed);
        Path data = dir.resolve("n1");
        Map<String, String> acked = new HashMap<>();
        for (int kill = 0; kill < KILLS; kill++) {
            int killAfter = 1 + random.nextInt(800);
            Path reports = dir.resolve("reports-" + kill);
            Process child = start(data, random.nextLong(), reports);
            Await.until("child " + kill + " to acknowledge " + killAfter + " writes", Duration.ofSeconds(60),
                    () -> !child.isAlive() || acks(reports) >= killAfter);
            assertThat(child.isAlive()).as("child %d is still writing when killed", kill).isTrue();
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

            String inFlightKey = null;
            String inFlightState = null;
            for (String line : completeLines(reports)) {
                String[] parts = line.split(" ", 3);
                if (parts[0].equals("INTENT")) {
                    inFlightKey = parts[1];
                    inFlightState = parts.length > 2 ? parts[2] : "";
                } else if (parts[0].equals("ACK")) {
                    acked.put(parts[1], inFlightState);
                    inFlightKey = null;
                }
            }
            verify(data, acked, inFlightKey, inFlightState, kill);
        }
    }

    @Test
    void aSecondProcessIsRefusedWhileAnotherHoldsTheDirectory() throws Exception {
        Path data = dir.resolve("n1");
        Path reports = dir.resolve("reports");
        Process child = start(data, 1, reports);
        try {
            Await.until("the child to open its storage", Duration.ofSeconds(60),
                    () -> completeLines(reports).contains("READY"));
            assertThatThrownBy(() -> SqliteStorage.open(config(data)))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("is already in use by another process (pid " + child.pid() + ")");
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static StorageConfig config(Path data) {
        return StorageConfig.defaults(data).withPartitioner(new Partitioner(16));
    }

    /** Checks every acknowledged key; the write in flight may or may not have landed, and is adopted if it did. */
    private static void verify(Path data, Map<String, String> acked, String inFlightKey, String inFlightState, int kill) {
        try (SqliteStorage s = SqliteStorage.open(config(data))) {
            if (inFlightKey != null && CrashWriter.dots(CrashWriter.read(s, inFlightKey)).equals(inFlightState)) {
                acked.put(inFlightKey, inFlightState);
            }
            for (Map.Entry<String, String> e : acked.entrySet()) {
                String actual = CrashWriter.dots(CrashWriter.read(s, e.getKey()));
                assertThat(actual).as("after kill %d, key %s", kill, e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    /** The report lines the child finished writing, without their end marker. */
    private static List<String> completeLines(Path reports) {
        if (!Files.exists(reports)) {
            return List.of();
        }
        try {
            String text = new String(Files.readAllBytes(reports), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            for (String line : text.split("\n", -1)) {
                if (line.endsWith(CrashWriter.END)) {
                    lines.add(line.substring(0, line.length() - CrashWriter.END.length()));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new AssertionError("cannot read " + reports, e);
        }
    }

    private static long acks(Path reports) {
        return completeLines(reports).stream().filter(l -> l.startsWith("ACK ")).count();
    }

    private static Process start(Path data, long seed, Path reports) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // A short-lived writer: C1 alone starts it in half the time.
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(),
                data.toString(), Long.toString(seed), Integer.toString(KEYS), reports.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolveSibling("child-output.log").toFile()))
                .start();
    }
}
