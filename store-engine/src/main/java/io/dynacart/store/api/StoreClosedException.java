package io.dynacart.store.api;

/** The node taking the request is stopping or stopped. */
public final class StoreClosedException extends KvStoreException {

    public StoreClosedException(String message) {
        super(message);
    }
}
