package io.dynacart.store.storage;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Versioned;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The {@code hints} table of {@link SchemaMigrations} (version 2): one row per intended node and key,
 * holding the hint's encoded sibling set. The applier writes it through {@link #apply}, inside the
 * transaction of its batch on the writer connection; everything else reads it through the pool.
 *
 * <p>Reads see what SQLite has committed, nothing pending: {@link SqliteHints} makes every hint write
 * wait until it is applied, which is what makes these reads see every acknowledged hint write.
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

    /** The siblings held for {@code intendedFor} and {@code key}; empty when no hint is held. */
    List<Versioned<Value>> read(NodeId intendedFor, Key key) {
        try (Connection c = readers.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT siblings FROM hints WHERE intended_for = ? AND key = ?")) {
            ps.setString(1, intendedFor.value());
            ps.setBytes(2, key.toByteArray());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? SiblingCodec.decode(rs.getBytes(1)) : List.of();
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read the hint for " + intendedFor + " of key " + key + ": "
                    + e.getMessage(), e);
        }
    }

    /** Up to {@code limit} (at least 1) hints of {@code intendedFor}, in key order. */
    List<StoredHint> forNode(NodeId intendedFor, int limit) {
        List<StoredHint> out = new ArrayList<>();
        try (Connection c = readers.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT key, siblings FROM hints WHERE intended_for = ? ORDER BY key LIMIT ?")) {
            ps.setString(1, intendedFor.value());
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredHint(intendedFor, Key.of(rs.getBytes(1)), SiblingCodec.decode(rs.getBytes(2))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("cannot read the hints for " + intendedFor + ": " + e.getMessage(), e);
        }
    }

    /** Hints held per intended node; nodes with none are absent. */
    Map<NodeId, Long> counts() {
        Map<NodeId, Long> out = new TreeMap<>();
        try (Connection c = readers.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT intended_for, COUNT(*) FROM hints GROUP BY intended_for");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(NodeId.of(rs.getString(1)), rs.getLong(2));
            }
            return Collections.unmodifiableMap(out);
        } catch (SQLException e) {
            throw new StorageException("cannot count hints: " + e.getMessage(), e);
        }
    }

    /** The sibling sets held for {@code key}, one per intended node. */
    List<List<Versioned<Value>>> forKey(Key key) {
        List<List<Versioned<Value>>> out = new ArrayList<>();
        try (Connection c = readers.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT siblings FROM hints WHERE key = ?")) {
            ps.setBytes(1, key.toByteArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(SiblingCodec.decode(rs.getBytes(1)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("cannot read the hints of key " + key + ": " + e.getMessage(), e);
        }
    }
}
