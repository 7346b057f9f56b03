package io.dynacart.store.storage;

import static io.dynacart.store.storage.StorageContract.X;
import static io.dynacart.store.storage.StorageContract.text;
import static io.dynacart.store.storage.StorageContract.values;
import static io.dynacart.store.storage.StorageContract.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory open in this JVM cannot be opened a second time here, and the failed attempt
 * leaves the first lock intact. Pinned bug: the second open tried the OS lock, failed, and closed
 * its channel, which on Linux released the first storage's lock, so another process could then
 * open the directory under a running node. Whether the OS lock is held is asked of a child process
 * ({@link LockProbe}), the only observer that sees it.
 */
class DataDirectoryLockIT {

    @TempDir
    Path dir;

    private Path data() {
        return dir.resolve("n1");
    }

    @Test
    void aSecondOpenInThisJvmFailsClearlyAndLeavesTheFirstLockHeld() throws Exception {
        try (DataDirectoryLock first = DataDirectoryLock.acquire(data())) {
            assertThatThrownBy(() -> DataDirectoryLock.acquire(data()))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("is already open in this process");
            assertThat(probe()).as("the OS lock after the failed second open").isEqualTo("HELD");
        }
        assertThat(probe()).as("the OS lock once the first is closed").isEqualTo("FREE");
        try (DataDirectoryLock again = DataDirectoryLock.acquire(data())) {
            assertThat(probe()).as("a new open after the first closed holds the lock").isEqualTo("HELD");
        }
    }

    @Test
    void theSameDirectoryByAnotherPathIsTheSameDirectory() throws Exception {
        Files.createDirectories(data());
        Path link = Files.createSymbolicLink(dir.resolve("link"), data());
        try (DataDirectoryLock first = DataDirectoryLock.acquire(data())) {
            assertThatThrownBy(() -> DataDirectoryLock.acquire(link)).hasMessageContaining("already open in this process");
            assertThatThrownBy(() -> DataDirectoryLock.acquire(data().resolve("..").resolve("n1")))
                    .hasMessageContaining("already open in this process");
            assertThat(probe()).isEqualTo("HELD");
        }
    }

    @Test
    void aStorageStaysLockedAndWritableWhenASecondStorageFailsToOpenTheDirectory() throws Exception {
        StorageConfig config = StorageConfig.defaults(data()).withPartitioner(new Partitioner(16));
        try (SqliteStorage first = SqliteStorage.open(config)) {
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThatThrownBy(() -> SqliteStorage.open(config)).hasMessageContaining("already open in this process");
            }
            assertThat(probe()).as("after three failed opens").isEqualTo("HELD");
            Key k = Key.of("k");
            first.put(k, version(first, k, X, Context.EMPTY, text("v")));
            assertThat(values(first.get(k))).containsExactly(text("v"));
        }
        try (SqliteStorage again = SqliteStorage.open(config)) {
            assertThat(values(again.get(Key.of("k")))).containsExactly(text("v"));
        }
    }

    @Test
    void closingTwiceReleasesOnlyOnce() throws Exception {
        DataDirectoryLock first = DataDirectoryLock.acquire(data());
        first.close();
        try (DataDirectoryLock second = DataDirectoryLock.acquire(data())) {
            first.close();
            assertThat(probe()).as("a second close of an old lock does not release the new one").isEqualTo("HELD");
            assertThatThrownBy(() -> DataDirectoryLock.acquire(data())).hasMessageContaining("already open");
        }
    }

    /** HELD or FREE, as a child process sees the OS lock on the directory. */
    private String probe() throws IOException, InterruptedException {
        Process child = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), LockProbe.class.getName(), data().toString()))
                .redirectErrorStream(true).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the probe finished").isTrue();
        return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
