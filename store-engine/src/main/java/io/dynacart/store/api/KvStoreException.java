package io.dynacart.store.api;

/**
 * A request the store could not carry out although its input was valid. Bad input is rejected at the
 * call with {@link io.dynacart.store.identity.InvalidKeyException},
 * {@link io.dynacart.store.storage.ValueTooLargeException} or
 * {@link io.dynacart.store.versioning.MalformedContextException} (and, for a context naming a counter
 * it may not, {@link io.dynacart.store.versioning.ClockLimitException}).
 */
public abstract sealed class KvStoreException extends RuntimeException
        permits QuorumNotReachedException, SiblingLimitException, StoreClosedException, StoreStartingException,
        UnknownNamespaceException {

    protected KvStoreException(String message) {
        super(message);
    }
}
