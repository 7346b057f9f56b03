package io.dynacart.store.cluster;

/** The client contract through {@link ClusterClient} over the nodes' HTTP API. */
class ClusterClientHttpKvStoreIT extends ClusterClientBinding {

    @Override
    protected ClusterClient.Transport transport() {
        return ClusterClient.Transport.HTTP;
    }
}
