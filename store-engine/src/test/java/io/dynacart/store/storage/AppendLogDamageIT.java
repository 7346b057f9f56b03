package io.dynacart.store.storage;

import static io.dynacart.store.storage.StorageContract.X;
import static io.dynacart.store.storage.StorageContract.text;
import static io.dynacart.store.storage.StorageContract.values;
import static io.dynacart.store.storage.StorageContract.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log whose tail was torn or garbled (a machine crash in {@code process} mode, a bad disk) is
 * replayed up to its last whole record; the damage is reported in the log output, and opening never
 * fails because of it.
 */
class AppendLogDamageIT {

    private static final int WRITES = 300;
    private static final String LAST = "the-last-key-written";

    @TempDir
    Path dir;

    private StorageConfig config() {
        return StorageConfig.defaults(dir.resolve("n1")).withPartitioner(new Partitioner(16));
    }

    /** Writes WRITES keys and then LAST, and leaves the log ahead of SQLite, as a crash would. */
    @BeforeEach
    void writeAndCrash() throws Exception {
        try (SqliteStorage s = SqliteStorage.open(config())) {
            for (int i = 0; i < WRITES; i++) {
                put(s, "k" + i, "v" + i);
            }
            put(s, LAST, "last value");
        }
        SqliteStorageDurabilityIT.forgetAppliedPosition(config().dataDir());
    }

    private static void put(Storage s, String key, String value) {
        Key k = Key.of(key);
        s.put(k, version(s, k, X, Context.EMPTY, text(value)));
    }

    @Test
    void aGarbledLastRecordIsSkippedAndReported() throws Exception {
        Path file = logFile();
        long at = positionOf(file, LAST);
        overwrite(file, at, "garbage!".getBytes(StandardCharsets.US_ASCII));

        try (LogOutput out = new LogOutput(AppendLog.class); SqliteStorage s = SqliteStorage.open(config())) {
            assertThat(s.get(Key.of(LAST))).as("the damaged record is not applied").isEmpty();
            assertEveryEarlierWriteIsThere(s);
            assertThat(out.messages()).anySatisfy(m -> assertThat(m).startsWith("WARN").contains("skipped the record")
                    .contains("fails its checksum"));
        }
    }

    @Test
    void aTornTailIsCutAtTheLastWholeRecordAndReported() throws Exception {
        Path file = logFile();
        long at = positionOf(file, LAST);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(at + 3);
        }

        try (LogOutput out = new LogOutput(AppendLog.class); SqliteStorage s = SqliteStorage.open(config())) {
            assertThat(s.get(Key.of(LAST))).isEmpty();
            assertEveryEarlierWriteIsThere(s);
            assertThat(out.messages()).anySatisfy(m -> assertThat(m).startsWith("WARN").contains("was cut short"));
        }
    }

    @Test
    void writesAfterRecoveringADamagedLogAreKept() throws Exception {
        Path file = logFile();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(positionOf(file, LAST) + 3);
        }
        try (SqliteStorage s = SqliteStorage.open(config())) {
            put(s, "after-recovery", "kept");
        }
        SqliteStorageDurabilityIT.forgetAppliedPosition(config().dataDir());

        try (SqliteStorage s = SqliteStorage.open(config())) {
            assertThat(values(s.get(Key.of("after-recovery"))))
                    .as("a write after recovery goes to a fresh log, never after the torn tail")
                    .containsExactly(text("kept"));
        }
    }

    private static void assertEveryEarlierWriteIsThere(Storage s) {
        for (int i = 0; i < WRITES; i++) {
            assertThat(values(s.get(Key.of("k" + i)))).as("k%d", i).containsExactly(text("v" + i));
        }
    }

    private Path logFile() throws IOException {
        try (Stream<Path> files = Files.walk(config().dataDir().resolve("log"))) {
            return files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    /** Where {@code text} first appears in {@code file}: inside the record that carries that key. */
    private static long positionOf(Path file, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Files.readAllBytes(file);
        outer:
        for (int i = 0; i <= all.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (all[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(text + " is not in " + file);
    }

    private static void overwrite(Path file, long at, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), at);
        }
    }
}
