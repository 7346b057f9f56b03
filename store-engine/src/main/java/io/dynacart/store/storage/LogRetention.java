package io.dynacart.store.storage;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes log files once SQLite holds their records <em>durably</em>, run by the SQLite writer
 * about once a second.
 *
 * <p>What must hold: a log file is deleted only after a checkpoint has copied every record it holds
 * into SQLite's database file and synced it. SQLite runs in WAL mode with {@code synchronous=NORMAL},
 * so a commit is written to the WAL but not synced; after a machine crash SQLite may come back
 * without its last commits, and replay then needs the log records they came from. So retention asks
 * for a checkpoint ({@link SqliteDatabase#checkpoint}) when something would become deletable, and
 * deletes only up to the position that checkpoint made durable. A checkpoint is needed only as
 * often as a file ages out of the retention window (once per roll, five minutes by default), so it
 * costs the write path nothing.
 *
 * <p>Threads: the SQLite writer only. It never waits for the log lock: a writer holds that lock
 * while it waits for room in the writer's queue, so waiting here would deadlock; when the lock is
 * busy, deletion runs on a later round.
 */
final class LogRetention {

    private static final Logger LOG = LoggerFactory.getLogger(LogRetention.class);

    private final AppendLog log;
    private final SqliteDatabase store;
    private final ReentrantLock logLock;
    private final StorageHooks hooks;
    /** Every record up to here is in SQLite's synced database file. */
    private LogPosition durable = LogPosition.NONE;

    LogRetention(AppendLog log, SqliteDatabase store, ReentrantLock logLock, StorageHooks hooks) {
        this.log = log;
        this.store = store;
        this.logLock = logLock;
        this.hooks = hooks;
    }

    /** One round, with {@code applied} the last position SQLite committed. */
    void run(LogPosition applied, long nowMillis) {
        // Opening the storage replayed the older generations and committed the new one's start.
        LogPosition committed = applied.isBefore(log.generation(), LogPosition.NO_INDEX)
                ? new LogPosition(log.generation(), LogPosition.NO_INDEX) : applied;
        if (durable.isBefore(committed.generation(), committed.index())
                && !log.deletable(committed, nowMillis).isEmpty()) {
            checkpoint(committed);
        }
        if (!logLock.tryLock()) {
            return;
        }
        try {
            List<AppendLog.Deletable> victims = log.deletable(durable, nowMillis);
            if (!victims.isEmpty()) {
                log.delete(victims, hooks);
            }
        } finally {
            logLock.unlock();
        }
    }

    private void checkpoint(LogPosition committed) {
        try {
            if (store.checkpoint()) {
                durable = committed;
                hooks.checkpointed(committed.generation(), committed.index());
            }
        } catch (SQLException e) {
            LOG.warn("cannot checkpoint SQLite; applied log files are kept until a checkpoint succeeds: {}", e.toString());
        }
    }
}
