package io.dynacart.store.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The child process of {@code DataDirectoryLockIT}: reports on stdout whether another process holds
 * the OS lock on a data directory's {@code LOCK} file ({@code HELD}) or not ({@code FREE}). Only
 * another process can tell: within one JVM the lock table answers for the OS.
 */
public final class LockProbe {

    private LockProbe() {
    }

    public static void main(String[] args) throws IOException {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]).resolve("LOCK"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            System.out.println(lock == null ? "HELD" : "FREE");
            if (lock != null) {
                lock.release();
            }
        }
    }
}
