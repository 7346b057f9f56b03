package io.dynacart.store.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract with almost no room for recent sibling sets in memory (one small set): reads
 * go to SQLite nearly every time, and sets are evicted while writes to the same keys are pending,
 * which must never lose or resurrect a version.
 */
class SqliteStorageSmallCacheIT extends StorageContract {

    @TempDir
    Path dir;

    @Override
    protected Storage open() {
        return SqliteStorage.open(StorageConfig.defaults(dir.resolve("node")).withPartitioner(PARTITIONER),
                LogApplier.QUEUE_CAPACITY, 200);
    }
}
