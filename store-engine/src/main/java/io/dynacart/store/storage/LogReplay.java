package io.dynacart.store.storage;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays logged records into SQLite in batches while the storage opens, before the applier starts.
 * Each batch records its last position like an applier batch does, so a crash during replay resumes
 * after the last batch committed; records are self-contained, so replaying one again is harmless.
 */
final class LogReplay implements AppendLog.RecordSink {

    private final SqliteDatabase store;
    private final List<LogRecord> batch = new ArrayList<>();
    private LogPosition last;

    LogReplay(SqliteDatabase store) {
        this.store = store;
    }

    @Override
    public void accept(LogPosition position, byte[] record) {
        batch.add(LogRecord.decode(record));
        last = position;
        if (batch.size() >= LogApplier.MAX_BATCH) {
            finish();
        }
    }

    /** Applies what is batched; call once more after the last record. */
    void finish() {
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.apply(batch, last);
        } catch (SQLException e) {
            throw new StorageException("cannot replay the log into SQLite: " + e.getMessage(), e);
        }
        batch.clear();
    }
}
