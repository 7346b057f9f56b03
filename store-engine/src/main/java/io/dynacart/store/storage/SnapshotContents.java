package io.dynacart.store.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.sqlite.SQLiteConfig;

/**
 * What a snapshot file of a node's SQLite database holds, read back from the file itself: the
 * partition count it was made for, the last log record it holds ({@code logGeneration},
 * {@code logIndex}: the applied position recorded in the same transaction as the rows), how many
 * keys and hints, its size and its SHA-256.
 */
public record SnapshotContents(int partitions, long logGeneration, long logIndex, long keys, long hints, long bytes,
                               String sha256) {

    /**
     * Reads {@code file}, a snapshot made by {@link SqliteStorage#snapshot}.
     *
     * @throws StorageException naming the file if it is not such a snapshot (not SQLite, another schema, no meta)
     */
    public static SnapshotContents read(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        int partitions = -1;
        long generation = LogPosition.NONE.generation();
        long index = LogPosition.NONE.index();
        long keys;
        long hints;
        try (Connection c = config.createConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            int version = SchemaMigrations.userVersion(c);
            if (version < 1 || version > SchemaMigrations.LATEST) {
                throw new StorageException(file + " is not a snapshot of a DynaCart node's data (schema version "
                        + version + ")");
            }
            try (ResultSet rs = st.executeQuery("SELECT name, value FROM meta")) {
                while (rs.next()) {
                    switch (rs.getString(1)) {
                        case "partition_count" -> partitions = (int) rs.getLong(2);
                        case "log_generation" -> generation = rs.getLong(2);
                        case "log_index" -> index = rs.getLong(2);
                        default -> {
                        }
                    }
                }
            }
            keys = count(st, "kv");
            hints = version >= 2 ? count(st, "hints") : 0;
        } catch (SQLException e) {
            throw new StorageException(file + " is not a readable snapshot of a DynaCart node's data: " + e.getMessage(), e);
        }
        if (partitions < 1) {
            throw new StorageException(file + " records no partition count; it is not a snapshot of a node's data");
        }
        return new SnapshotContents(partitions, generation, index, keys, hints, size(file), sha256(file));
    }

    private static long count(Statement st, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new StorageException("cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }

    /** The SHA-256 of {@code file}'s bytes, as 64 lowercase hex digits. */
    public static String sha256(Path file) {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new StorageException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
