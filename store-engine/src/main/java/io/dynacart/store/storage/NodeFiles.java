package io.dynacart.store.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.sqlite.SQLiteConfig;

/**
 * A node's own small files (its namespace table, say) carried inside its snapshot, in a table of
 * their own ({@value #TABLE}: name, bytes), so that one file, one size and one SHA-256 describe the
 * whole backup of a node; a restore takes them out again before the snapshot becomes the node's data.
 */
final class NodeFiles {

    static final String TABLE = "node_files";

    private NodeFiles() {
    }

    /** Adds {@code files} to the snapshot {@code file}. */
    static void put(Path file, Map<String, byte[]> files) throws SQLException {
        if (files.isEmpty()) {
            return;
        }
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + file)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE " + TABLE + " (name TEXT PRIMARY KEY, bytes BLOB NOT NULL)");
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE + "(name, bytes) VALUES (?, ?)")) {
                for (Map.Entry<String, byte[]> e : files.entrySet()) {
                    insert.setString(1, e.getKey());
                    insert.setBytes(2, e.getValue());
                    insert.executeUpdate();
                }
            }
            c.commit();
        }
    }

    /** The files in the snapshot {@code file}, which no longer holds them after this. */
    static Map<String, byte[]> take(Path file) throws SQLException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            try (ResultSet t = st.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + TABLE + "'")) {
                if (!t.next()) {
                    return files;
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT name, bytes FROM " + TABLE)) {
                while (rs.next()) {
                    files.put(rs.getString(1), rs.getBytes(2));
                }
            }
            st.execute("DROP TABLE " + TABLE);
        }
        return files;
    }
}
