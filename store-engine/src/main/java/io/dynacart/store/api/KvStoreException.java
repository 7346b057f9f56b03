package io.dynacart.store.api;

/**
 * A request the store could not carry out although its input was valid. Bad input is rejected at the
 * call with {@link io.dynacart.store.identity.InvalidKeyException},
 * {@link io.dynacart.store.storage.ValueTooLargeException} or
 * {@link io.dynacart.store.versioning.MalformedContextException}.
 */
public abstract sealed class KvStoreException extends RuntimeException
        permits QuorumNotReachedException, StoreClosedException {

    protected KvStoreException(String message) {
        super(message);
    }
}
