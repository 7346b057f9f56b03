package io.dynacart.store.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on a data directory, held while the storage is open, so that neither a second
 * process nor a second storage in this one can open the same directory and corrupt it. The OS lock
 * on the {@code LOCK} file dies with the process, so a {@code kill -9} leaves nothing to clean up.
 *
 * <p>What must hold: a second open of a directory already open in this JVM fails with a clear error
 * and leaves the first lock intact. The OS lock alone cannot promise that: it is held per process,
 * and on Linux closing <em>any</em> channel of the file releases the process's lock on it, so a
 * second open that merely tried and closed its channel dropped the first one's lock. Hence this
 * JVM's own registry of held directories, consulted before the file is even opened.
 */
final class DataDirectoryLock implements AutoCloseable {

    /** The real paths of the directories this JVM holds. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private DataDirectoryLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirectoryLock acquire(Path dataDir) {
        Path dir;
        try {
            Files.createDirectories(dataDir);
            dir = dataDir.toRealPath();
        } catch (IOException e) {
            throw new StorageException("cannot lock data directory " + dataDir + ": " + e.getMessage(), e);
        }
        if (!HELD.add(dir)) {
            throw new StorageException("data directory " + dataDir + " is already open in this process; close the"
                    + " storage that holds it first, or give this one its own directory");
        }
        try {
            return lockFile(dataDir, dir);
        } catch (RuntimeException e) {
            HELD.remove(dir);
            throw e;
        }
    }

    private static DataDirectoryLock lockFile(Path dataDir, Path dir) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // cannot happen past HELD, short of someone else locking our file in this JVM
            }
            if (lock == null) {
                String holder = readHolder(channel);
                channel.close();
                throw new StorageException("data directory " + dataDir + " is already in use by " + holder
                        + "; stop that node first, or give this one its own directory");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new DataDirectoryLock(dir, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StorageException("cannot lock data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64);
        channel.read(buf, 0);
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
        return text.isEmpty() ? "another process" : "another process (" + text + ")";
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing; the original error is the one to report
            }
        }
    }

    /** Releases the lock; then this JVM may open the directory again. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
        HELD.remove(dir);
    }
}
