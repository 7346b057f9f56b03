package io.dynacart.store.storage;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The {@code hints} table of {@link SchemaMigrations} (version 2): one row per intended node and key,
 * holding the hint's encoded sibling set. The applier writes it through {@link #apply}, inside the
 * transaction of its batch on the writer connection; {@link SqliteHints} reads it once, at open,
 * and answers from memory after that.
 */
final class HintTable {

    private final DataSource readers;
    private final PreparedStatement upsert;
    private final PreparedStatement delete;

    /** Prepares the write statements on {@code writer}, the applier's connection. */
    HintTable(Connection writer, DataSource readers) throws SQLException {
        this.readers = readers;
        this.upsert = writer.prepareStatement("INSERT INTO hints(intended_for, key, siblings) VALUES (?,?,?)"
                + " ON CONFLICT(intended_for, key) DO UPDATE SET siblings = excluded.siblings");
        this.delete = writer.prepareStatement("DELETE FROM hints WHERE intended_for = ? AND key = ?");
    }

    /** Applies a hint record on the writer connection; the caller commits. Idempotent, as replay needs. */
    void apply(LogRecord record) throws SQLException {
        if (record instanceof LogRecord.HintPut h) {
            upsert.setString(1, h.intendedFor().value());
            upsert.setBytes(2, h.key().toByteArray());
            upsert.setBytes(3, h.siblings());
            upsert.executeUpdate();
        } else if (record instanceof LogRecord.HintDelete h) {
            delete.setString(1, h.intendedFor().value());
            delete.setBytes(2, h.key().toByteArray());
            delete.executeUpdate();
        } else {
            throw new IllegalArgumentException("not a hint record: " + record);
        }
    }

    /** Every hint SQLite holds (read once, at open, after the log's replay). */
    List<StoredHint> loadAll() {
        List<StoredHint> out = new ArrayList<>();
        try (Connection c = readers.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT intended_for, key, siblings FROM hints");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredHint(NodeId.of(rs.getString(1)), Key.of(rs.getBytes(2)),
                        SiblingCodec.decode(rs.getBytes(3))));
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("cannot read the hints: " + e.getMessage(), e);
        }
    }
}
