package io.dynacart.store.storage;

import io.dynacart.store.identity.NodeId;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * What one node's backup snapshot holds, written beside it and checked before it is restored: whose
 * data it is ({@code node}, the {@code incarnation} it ran under, the {@code ringVersion} it routed
 * with), where its append log stood ({@code logGeneration}, {@code logIndex}: the last record the
 * snapshot holds), when it was taken, how many keys and hints it holds, and its size and SHA-256.
 *
 * <p>What must hold: a manifest names a real node, a time, a 64-digit lowercase SHA-256 and no
 * negative count, so that a damaged or hand-edited manifest is refused when read, not at restore.
 *
 * @param format        {@value #FORMAT}; a later release that changes the shape raises it
 * @param takenAt       when the snapshot began (ISO-8601): every write the node acknowledged before
 *                      then is in it
 * @param partitions    Q of the cluster it came from; a restore into another Q is refused
 */
public record BackupManifest(int format, String node, int incarnation, long ringVersion, String takenAt,
                             int partitions, long logGeneration, long logIndex, long keys, long hints, long bytes,
                             String sha256) {

    /** The manifest format this release writes and reads. */
    public static final int FORMAT = 1;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public BackupManifest {
        if (format != FORMAT) {
            throw new IllegalArgumentException("manifest format " + format + " is not " + FORMAT
                    + "; it was written by another DynaCart release");
        }
        if (node == null) {
            throw new IllegalArgumentException("manifest names no node");
        }
        NodeId.of(node);
        if (takenAt == null) {
            throw new IllegalArgumentException("manifest of " + node + " has no time");
        }
        try {
            Instant.parse(takenAt);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("manifest of " + node + " has a bad time '" + takenAt + "'");
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("manifest of " + node + " has no SHA-256 of 64 hex digits");
        }
        if (incarnation < 0 || ringVersion < 0 || partitions < 1 || keys < 0 || hints < 0 || bytes < 1) {
            throw new IllegalArgumentException("manifest of " + node + " has a negative or empty count: incarnation "
                    + incarnation + ", ring " + ringVersion + ", partitions " + partitions + ", keys " + keys
                    + ", hints " + hints + ", bytes " + bytes);
        }
    }

    /** What a node was when it took a snapshot: its id, incarnation and ring version. */
    public record Taker(NodeId node, int incarnation, long ringVersion) {
    }

    /** The manifest of {@code contents}, a snapshot that {@code taker} began at {@code takenAt}. */
    public static BackupManifest of(Taker taker, Instant takenAt, SnapshotContents contents) {
        return new BackupManifest(FORMAT, taker.node().value(), taker.incarnation(), taker.ringVersion(),
                takenAt.toString(), contents.partitions(), contents.logGeneration(), contents.logIndex(), contents.keys(),
                contents.hints(), contents.bytes(), contents.sha256());
    }

    public NodeId nodeId() {
        return NodeId.of(node);
    }
}
