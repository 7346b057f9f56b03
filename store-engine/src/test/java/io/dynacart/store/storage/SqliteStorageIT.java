package io.dynacart.store.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract bound to the durable storage: SQLite files and a Chronicle log on disk. */
class SqliteStorageIT extends StorageContract {

    @TempDir
    Path dir;

    @Override
    protected Storage open() {
        return SqliteStorage.open(StorageConfig.defaults(dir.resolve("node")).withPartitioner(PARTITIONER));
    }
}
