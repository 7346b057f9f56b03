package io.dynacart.store.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The SQLite schema, versioned with {@code PRAGMA user_version}. Opening a directory applies, in
 * order and each in its own transaction, every migration above the directory's version, so a later
 * release opens an older directory; a directory from a newer release is refused, not damaged.
 *
 * <p>A new database is made with incremental auto-vacuum, which SQLite lets a file take only before
 * its first table: the pages of deleted rows can then be given back to the file system. A database
 * made before that keeps its free pages for reuse.
 *
 * <p>To change the schema, append a migration; never edit one that has shipped.
 */
final class SchemaMigrations {

    /** One step: the statements that take the schema from {@code version - 1} to {@code version}. */
    record Migration(int version, List<String> statements) {
    }

    static final List<Migration> ALL = List.of(
            new Migration(1, List.of(
                    // One row per key. hash_hi/hash_lo hold the key's 128-bit hash with the sign bits
                    // flipped, so that SQLite's signed order is the hash's unsigned order: a partition
                    // is a contiguous range of hash_hi, and that one index serves point reads (then
                    // compare the key), partition scans in hash order and partition drops.
                    """
                    CREATE TABLE kv (
                      id       INTEGER PRIMARY KEY,
                      hash_hi  INTEGER NOT NULL,
                      hash_lo  INTEGER NOT NULL,
                      key      BLOB    NOT NULL,
                      siblings BLOB    NOT NULL,
                      UNIQUE (hash_hi, hash_lo)
                    )""",
                    "CREATE TABLE partition_stats (part INTEGER PRIMARY KEY, keys INTEGER NOT NULL, bytes INTEGER NOT NULL)",
                    // Where replay starts: the last log record applied, in the same transaction as its rows.
                    "CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")),
            new Migration(2, List.of(
                    // Hinted handoff: the siblings kept for an unreachable node, one row per intended
                    // node and key. Clustered by node, so a node's hints are one range to deliver;
                    // the index on key serves what a read served by a fallback adds (hintedSiblings).
                    """
                    CREATE TABLE hints (
                      intended_for TEXT NOT NULL,
                      key          BLOB NOT NULL,
                      siblings     BLOB NOT NULL,
                      PRIMARY KEY (intended_for, key)
                    ) WITHOUT ROWID""",
                    "CREATE INDEX hints_by_key ON hints(key)")));

    static final int LATEST = ALL.get(ALL.size() - 1).version();

    private SchemaMigrations() {
    }

    /** Brings the schema of {@code connection}'s database up to {@link #LATEST}; returns the version found. */
    static int migrate(Connection connection, String where) throws SQLException {
        return migrate(connection, where, ALL);
    }

    static int migrate(Connection connection, String where, List<Migration> migrations) throws SQLException {
        int latest = migrations.get(migrations.size() - 1).version();
        int found = userVersion(connection);
        if (found > latest) {
            throw new StorageException(where + " was written by a newer DynaCart (schema version " + found
                    + "); this release reads schema versions up to " + latest + ". Upgrade DynaCart to open it.");
        }
        if (found == 0 && isEmpty(connection)) {
            // Before the first table, as SQLite requires (VACUUM applies it to an empty file at once):
            // free pages can then be given back to the file system (SqliteDatabase#returnFreePages).
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA auto_vacuum = INCREMENTAL");
                st.execute("VACUUM");
            }
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            for (Migration m : migrations) {
                if (m.version() <= found) {
                    continue;
                }
                for (String sql : m.statements()) {
                    st.execute(sql);
                }
                st.execute("PRAGMA user_version = " + m.version());
                connection.commit();
            }
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return found;
    }

    /** Whether the database has no table yet: a new file. */
    private static boolean isEmpty(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master")) {
            return rs.next() && rs.getLong(1) == 0;
        }
    }

    static int userVersion(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
