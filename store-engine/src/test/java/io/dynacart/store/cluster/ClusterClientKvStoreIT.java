package io.dynacart.store.cluster;

/**
 * The client contract through {@link ClusterClient} over the binary client protocol, to the key's
 * own nodes of a real cluster ({@link ClusterClientHttpKvStoreIT}: the same over HTTP).
 */
class ClusterClientKvStoreIT extends ClusterClientBinding {

    @Override
    protected ClusterClient.Transport transport() {
        return ClusterClient.Transport.BINARY;
    }
}
