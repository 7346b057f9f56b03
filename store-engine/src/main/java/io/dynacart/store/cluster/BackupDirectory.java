package io.dynacart.store.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.storage.BackupManifest;
import io.dynacart.store.storage.SnapshotContents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * A cluster's backup on disk, as {@code dynacart admin backup} and {@link LocalCluster#backup} write it:
 *
 * <pre>
 *   DIR/n1.db         n1's snapshot (a SQLite file), n2.db, ...
 *   DIR/backup.json   written last: {"format":1,"startedAt","finishedAt","nodes":[each node's manifest]}
 * </pre>
 *
 * <p>What must hold: a backup without {@code backup.json} did not finish and is refused as
 * incomplete; every snapshot is checked against its manifest (size, SHA-256) as it arrives and again
 * before anything is restored from it ({@link #verify}), so a truncated or damaged file is named,
 * never restored.
 */
public final class BackupDirectory {

    public static final String MANIFEST = "backup.json";
    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The whole backup: when it began and ended, and each node's manifest. */
    public record ClusterManifest(int format, String startedAt, String finishedAt, List<BackupManifest> nodes) {
        public ClusterManifest {
            if (format != FORMAT) {
                throw new IllegalArgumentException("backup format " + format + " is not " + FORMAT
                        + "; it was written by another DynaCart release");
            }
            if (nodes == null || nodes.isEmpty()) {
                throw new IllegalArgumentException("the backup names no node");
            }
            nodes = List.copyOf(nodes);
            Set<String> seen = new HashSet<>();
            for (BackupManifest m : nodes) {
                if (!seen.add(m.node())) {
                    throw new IllegalArgumentException("the backup names " + m.node() + " twice");
                }
            }
        }

        /** The manifest of node {@code id}, or null. */
        public BackupManifest of(NodeId id) {
            return nodes.stream().filter(m -> m.node().equals(id.value())).findFirst().orElse(null);
        }

        public List<NodeId> nodeIds() {
            return nodes.stream().map(BackupManifest::nodeId).toList();
        }
    }

    private final Path dir;
    private final List<BackupManifest> received = new ArrayList<>();

    private BackupDirectory(Path dir) {
        this.dir = dir;
    }

    /** Starts a backup in {@code dir}, which must be missing or empty. */
    public static BackupDirectory create(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new InvalidBackupException(dir + " is not empty; back up into a new directory");
                    }
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidBackupException("cannot make the backup directory " + dir + ": " + e.getMessage());
        }
        return new BackupDirectory(dir);
    }

    /** The directory this backup is written into. */
    public Path path() {
        return dir;
    }

    /** Where node {@code id}'s snapshot is kept in a backup in {@code dir}. */
    public static Path snapshotOf(Path dir, NodeId id) {
        return dir.resolve(id.value() + ".db");
    }

    /**
     * Stores a node's snapshot, read from {@code bytes}, checking it against {@code manifest} as it
     * arrives; {@code progress} hears the bytes received so far, now and then. Nothing is kept of a
     * snapshot that does not match.
     */
    public void add(BackupManifest manifest, InputStream bytes, LongConsumer progress) {
        Path file = snapshotOf(dir, manifest.nodeId());
        Path part = file.resolveSibling(file.getFileName() + ".part");
        MessageDigest digest = SnapshotContents.newDigest();
        long total = 0;
        try (OutputStream out = Files.newOutputStream(part)) {
            byte[] buffer = new byte[1 << 16];
            long reported = 0;
            for (int n = bytes.read(buffer); n >= 0; n = bytes.read(buffer)) {
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                total += n;
                if (total - reported >= 8 << 20) {
                    progress.accept(total);
                    reported = total;
                }
            }
        } catch (IOException e) {
            deleteQuietly(part);
            throw new InvalidBackupException("receiving " + manifest.node() + "'s snapshot failed after " + total
                    + " bytes: " + e.getMessage());
        }
        progress.accept(total);
        String sha = HexFormat.of().formatHex(digest.digest());
        if (total != manifest.bytes() || !sha.equals(manifest.sha256())) {
            deleteQuietly(part);
            throw new InvalidBackupException(manifest.node() + "'s snapshot arrived damaged: " + total + " bytes with SHA-256 "
                    + sha + ", its manifest says " + manifest.bytes() + " bytes with " + manifest.sha256());
        }
        try {
            force(part);
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(part);
            throw new InvalidBackupException("cannot keep " + file + ": " + e.getMessage());
        }
        received.add(manifest);
    }

    /** Writes {@code backup.json}: from now on the backup is complete. */
    public ClusterManifest finish(Instant startedAt) {
        ClusterManifest manifest = new ClusterManifest(FORMAT, startedAt.toString(), Instant.now().toString(), received);
        Path tmp = dir.resolve(MANIFEST + ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), manifest);
            force(tmp);
            Files.move(tmp, dir.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (IOException e) {
            throw new InvalidBackupException("cannot write " + dir.resolve(MANIFEST) + ": " + e.getMessage());
        }
        return manifest;
    }

    /** The manifest of the backup in {@code dir}, without checking its snapshots. */
    public static ClusterManifest read(Path dir) {
        Path file = dir.resolve(MANIFEST);
        if (!Files.isDirectory(dir)) {
            throw new InvalidBackupException("no backup at " + dir + ": it is not a directory");
        }
        try {
            return JSON.readValue(file.toFile(), ClusterManifest.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new InvalidBackupException("the backup in " + dir + " is incomplete: it has no " + MANIFEST
                    + " (the backup did not finish); use a complete backup");
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new InvalidBackupException(file + " is not a backup manifest: " + firstLine(cause.getMessage()));
        }
    }

    /**
     * The manifest of the backup in {@code dir} once every node's snapshot is there with the size and
     * SHA-256 it names.
     *
     * @throws InvalidBackupException naming the first file missing, short or damaged
     */
    public static ClusterManifest verify(Path dir) {
        ClusterManifest manifest = read(dir);
        for (BackupManifest m : manifest.nodes()) {
            verifySnapshot(dir, m);
        }
        return manifest;
    }

    /**
     * The manifest of node {@code id} in the backup in {@code dir}, once its snapshot is there with the
     * size and SHA-256 it names.
     *
     * @throws InvalidBackupException if the backup is incomplete, holds no such node, or its file is damaged
     */
    public static BackupManifest verify(Path dir, NodeId id) {
        ClusterManifest manifest = read(dir);
        BackupManifest m = manifest.of(id);
        if (m == null) {
            throw new InvalidBackupException("the backup in " + dir + " holds no snapshot of " + id + ", only of "
                    + manifest.nodeIds());
        }
        verifySnapshot(dir, m);
        return m;
    }

    private static void verifySnapshot(Path dir, BackupManifest m) {
        Path file = snapshotOf(dir, m.nodeId());
        if (!Files.isRegularFile(file)) {
            throw new InvalidBackupException("the backup in " + dir + " is incomplete: " + file.getFileName()
                    + " (" + m.node() + "'s snapshot) is missing");
        }
        long size = size(file);
        if (size != m.bytes()) {
            throw new InvalidBackupException(file + " is corrupt: it has " + size + " bytes, its manifest says "
                    + m.bytes());
        }
        String sha = SnapshotContents.sha256(file);
        if (!sha.equals(m.sha256())) {
            throw new InvalidBackupException(file + " is corrupt: its SHA-256 is " + sha + ", its manifest says "
                    + m.sha256());
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new InvalidBackupException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.force(true);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the caller reports the original failure
        }
    }
}
