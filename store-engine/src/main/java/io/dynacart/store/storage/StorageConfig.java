package io.dynacart.store.storage;

import io.dynacart.store.ring.Partitioner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a node's {@link SqliteStorage} is set up.
 *
 * @param dataDir        the node's own directory: {@code store.db} (SQLite) and {@code log/} (the append log)
 * @param partitioner    how keys map to partitions; must be the same every time a directory is opened
 * @param durability     when a write is acknowledged (see {@link Durability})
 * @param logRetention   how long log files stay on disk after every record in them reached SQLite
 * @param logRoll        how often the log starts a new file; retention deletes whole files
 * @param hooks          {@link StorageHooks#NONE}, except in tests that watch or break the storage's threads
 */
public record StorageConfig(Path dataDir, Partitioner partitioner, Durability durability, Duration logRetention,
                            LogRoll logRoll, StorageHooks hooks) {

    /** Default retention: long enough to inspect a recent incident, short enough to bound the disk. */
    public static final Duration DEFAULT_LOG_RETENTION = Duration.ofMinutes(5);

    /** How often the append log rolls to a new file. */
    public enum LogRoll {
        /** One file a second: for tests of retention only. */
        SECONDLY,
        /** One file every five minutes (default): at 100k writes/s of 300 B, about 9 GB a file. */
        FIVE_MINUTELY,
        /** One file an hour, for light workloads. */
        HOURLY
    }

    public StorageConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(partitioner, "partitioner");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(logRoll, "logRoll");
        Objects.requireNonNull(hooks, "hooks");
        if (logRetention == null || logRetention.isNegative()) {
            throw new IllegalArgumentException("log retention must be zero or positive, was " + logRetention);
        }
    }

    /** Defaults for everything but the directory: 256 partitions, {@code process} durability. */
    public static StorageConfig defaults(Path dataDir) {
        return new StorageConfig(dataDir, Partitioner.withDefaultCount(), Durability.PROCESS, DEFAULT_LOG_RETENTION,
                LogRoll.FIVE_MINUTELY, StorageHooks.NONE);
    }

    public StorageConfig withDurability(Durability mode) {
        return new StorageConfig(dataDir, partitioner, mode, logRetention, logRoll, hooks);
    }

    public StorageConfig withLogRetention(Duration retention, LogRoll roll) {
        return new StorageConfig(dataDir, partitioner, durability, retention, roll, hooks);
    }

    public StorageConfig withPartitioner(Partitioner p) {
        return new StorageConfig(dataDir, p, durability, logRetention, logRoll, hooks);
    }

    /** The same config with {@code h} watching the storage's threads (tests only). */
    public StorageConfig withHooks(StorageHooks h) {
        return new StorageConfig(dataDir, partitioner, durability, logRetention, logRoll, h);
    }
}
