package io.dynacart.store.api;

/**
 * The node taking the request is starting and takes no writes yet: it started on an empty data
 * directory and is learning from its peers which incarnation to run under. A retry in a second, to
 * it or to another node, succeeds.
 */
public final class StoreStartingException extends KvStoreException {

    public StoreStartingException(String message) {
        super(message);
    }
}
