package io.dynacart.store.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A node's backup snapshot on its own disk, with its manifest, until it has been sent: closing it
 * deletes the file and lets the node take its next backup.
 */
public final class BackupSnapshot implements AutoCloseable {

    private final Path file;
    private final BackupManifest manifest;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param release run once, on close, after the file is deleted */
    public BackupSnapshot(Path file, BackupManifest manifest, Runnable release) {
        this.file = file;
        this.manifest = manifest;
        this.release = release;
    }

    public Path file() {
        return file;
    }

    public BackupManifest manifest() {
        return manifest;
    }

    /** The snapshot's bytes; closing the stream closes this snapshot. */
    public InputStream open() throws IOException {
        return new FilterInputStream(Files.newInputStream(file)) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    BackupSnapshot.this.close();
                }
            }
        };
    }

    /** Deletes the file and releases the node's backup slot. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Snapshots.deleteQuietly(file);
            release.run();
        }
    }
}
