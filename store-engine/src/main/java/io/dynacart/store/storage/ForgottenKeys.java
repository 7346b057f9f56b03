package io.dynacart.store.storage;

import io.dynacart.store.identity.Key;
import java.util.List;

/**
 * What one {@link Storage#forget} call gave back: the keys it forgot, the bytes they held (as
 * {@link Storage#stats} counts them: keys plus encoded siblings), and the keys the partition still
 * holds afterwards.
 */
public record ForgottenKeys(List<Key> keys, long bytes, long keysLeft) {

    public ForgottenKeys {
        keys = List.copyOf(keys);
        if (bytes < 0 || keysLeft < 0) {
            throw new IllegalArgumentException("bytes and keys left are never negative, were " + bytes + " and "
                    + keysLeft);
        }
    }
}
