/**
 * Local persistence of a node's replicas (paper, section 4.1: "a pluggable local persistence
 * engine"; Dynamo used Berkeley DB, we use SQLite fed by an append log).
 *
 * <p>{@link io.dynacart.store.storage.Storage} holds each key's sibling set and applies syntactic
 * reconciliation atomically with what is stored. {@link io.dynacart.store.storage.SqliteStorage}
 * acknowledges a write once its record is in the Chronicle Queue log ({@code AppendLog}), applies
 * records to SQLite in batches on one thread ({@code LogApplier}, {@code SqliteDatabase}) and replays
 * the log on start; {@link io.dynacart.store.storage.MemoryStorage} serves the simulator. Hints
 * for unreachable nodes (paper, section 4.6) are kept here too, as durable as data: the same log,
 * applier and replay, their own table ({@code SqliteHints}, {@code HintTable}). When a write is
 * durable is the node's {@link io.dynacart.store.storage.Durability}; forces to disk are shared by
 * the writes that wait for them ({@code GroupSync}), and a caller that must not block (an event loop)
 * merges with {@code mergeNoWait} and is called back once its write is durable.
 *
 * <p>Failure and bounds: a storage thread that dies of anything fails the storage loudly
 * ({@code StorageFailure}: every write refused with {@link io.dynacart.store.storage.StorageFailedException});
 * records waiting for SQLite are bounded in number and bytes; log files are deleted only once a
 * checkpoint made SQLite's copy of them durable ({@code LogRetention}); a data directory is locked
 * against other processes and against a second open in this JVM ({@code DataDirectoryLock}).
 *
 * <p>Backups: {@link io.dynacart.store.storage.SqliteStorage#snapshot} copies the database with
 * {@code VACUUM INTO} once the SQLite writer has applied everything logged so far, so the copy holds
 * every acknowledged write while writes go on ({@link io.dynacart.store.storage.BackupManifest}
 * describes it); {@link io.dynacart.store.storage.DataDirectoryRestore} puts a checked snapshot back
 * under a marker that keeps a node off a half-restored directory, and records the new incarnation
 * the node must start under ({@link io.dynacart.store.storage.RecordedIncarnation}).
 *
 * <p>Depends on {@code identity}, {@code encoding}, {@code versioning} and {@code ring} (for key
 * hashes and partitions), plus Chronicle Queue, sqlite-jdbc and HikariCP.
 */
package io.dynacart.store.storage;
