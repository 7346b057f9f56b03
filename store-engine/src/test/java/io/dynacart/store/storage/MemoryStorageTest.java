package io.dynacart.store.storage;

/** The storage contract bound to the in-memory storage the simulator uses. */
class MemoryStorageTest extends StorageContract {

    @Override
    protected Storage open() {
        return new MemoryStorage(PARTITIONER);
    }
}
