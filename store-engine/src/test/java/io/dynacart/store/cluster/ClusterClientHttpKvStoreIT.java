package io.dynacart.store.cluster;

import org.junit.jupiter.api.BeforeAll;

/** The client contract through {@link ClusterClient} over the nodes' HTTP API. */
class ClusterClientHttpKvStoreIT extends ClusterClientKvStoreIT {

    @BeforeAll
    static void start() {
        start(ClusterClient.Transport.HTTP);
    }
}
