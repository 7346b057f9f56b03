package io.dynacart.store.runtime;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.storage.BackupManifest;
import io.dynacart.store.storage.BackupSnapshot;
import io.dynacart.store.storage.SqliteStorage;
import io.dynacart.store.storage.SnapshotContents;
import io.dynacart.store.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's backups, one at a time: each a snapshot of its storage ({@link SqliteStorage#snapshot})
 * taken on a thread of its own into {@code <data>/backup-snapshot/}, described by a
 * {@link BackupManifest}, and deleted once sent (or left over by a crash: deleted at the next start).
 *
 * <p>What must hold: a second backup while one is taken or sent is refused at once
 * ({@link IllegalStateException}) rather than queued, so two copies never compete for the disk.
 */
final class NodeBackups {

    private static final Logger LOG = LoggerFactory.getLogger(NodeBackups.class);
    static final String DIRECTORY = "backup-snapshot";

    private final NodeId id;
    private final IntSupplier incarnation;
    private final SqliteStorage storage;
    private final Path dir;
    private final Supplier<MembershipView> view;
    /** When the backup under way began, or null. */
    private final AtomicReference<Instant> running = new AtomicReference<>();

    /**
     * @param view the node's membership view, read from any thread: its ring version goes in the
     *             manifest, its namespace table in the snapshot
     */
    NodeBackups(NodeId id, IntSupplier incarnation, SqliteStorage storage, Path dataDir, Supplier<MembershipView> view) {
        this.id = id;
        this.incarnation = incarnation;
        this.storage = storage;
        this.dir = dataDir.resolve(DIRECTORY);
        this.view = view;
        deleteLeftovers();
    }

    /** Starts a backup; completes with the snapshot, which the caller sends and then closes. */
    CompletableFuture<BackupSnapshot> take() {
        Instant started = Instant.now();
        Instant other = running.compareAndExchange(null, started);
        if (other != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("a backup of " + id
                    + " is already under way (since " + other + "); wait for it to finish, then try again"));
        }
        CompletableFuture<BackupSnapshot> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                done.complete(NodeThreads.as(id, () -> snapshot(started)));
            } catch (RuntimeException e) {
                running.set(null);
                done.completeExceptionally(e);
            }
        }, "backup-" + id);
        t.setDaemon(true);
        t.start();
        return done;
    }

    private BackupSnapshot snapshot(Instant started) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("cannot make " + dir + " for the snapshot: " + e.getMessage(), e);
        }
        Path file = dir.resolve("snapshot-" + started.toEpochMilli() + ".db");
        MembershipView now = view.get();
        BackupManifest.Taker taker = new BackupManifest.Taker(id, incarnation.getAsInt(), now.ring().version());
        long t0 = System.nanoTime();
        SnapshotContents contents = storage.snapshot(file, BackupNamespaces.files(now.namespaces()));
        LOG.info("took a snapshot for a backup in {} ms: {} keys, {} hints, {} bytes; sending it",
                (System.nanoTime() - t0) / 1_000_000, contents.keys(), contents.hints(), contents.bytes());
        return new BackupSnapshot(file, BackupManifest.of(taker, started, contents), () -> running.set(null));
    }

    private void deleteLeftovers() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new StorageException("cannot clear the old snapshots in " + dir + ": " + e.getMessage(), e);
        }
    }
}
