package io.dynacart.store.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.cluster.ClusterClient;
import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.cluster.LocalClusterConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/LIBRARY.md ("Use store-engine in your program"), as code the build compiles and runs: an embedded
 * cluster, a client of running nodes over HTTP, get/put with the context, and a merge function.
 * Keep that page's snippets equal to the code between the {@code README} markers.
 */
class LibraryExampleIT {

    @TempDir
    Path dataRoot;

    // README: merge
    /** The application's merge: a cart is a comma-separated set of items; siblings merge by union. */
    static byte[] merge(List<byte[]> siblings) {
        TreeSet<String> items = new TreeSet<>();
        for (byte[] s : siblings) {
            items.addAll(Arrays.asList(new String(s, StandardCharsets.UTF_8).split(",")));
        }
        return String.join(",", items).getBytes(StandardCharsets.UTF_8);
    }

    /** Read, merge the siblings, write back with the read's context: the write supersedes them all. */
    static String readMergeWrite(KvStore store, Key key) {
        GetResult read = store.get(key).join();               // every concurrent version + one context
        byte[] merged = merge(read.values());
        store.put(key, read.context(), merged).join();         // supersedes exactly what was read
        return new String(merged, StandardCharsets.UTF_8);
    }
    // README: end

    @Test
    void embeddedClusterAndClientOfRunningNodes() {
        // README: embedded
        try (LocalCluster cluster = LocalCluster.start(LocalClusterConfig.forTests(3, dataRoot))) {
            KvStore store = cluster.client(NodeId.of("n1"));    // coordinated by n1, in this process
            Key cart = Key.of("cart:42");
            store.put(cart, Context.EMPTY, "kettle".getBytes(StandardCharsets.UTF_8)).join();
            store.put(cart, Context.EMPTY, "teapot".getBytes(StandardCharsets.UTF_8)).join(); // blind: a sibling
            assertThat(store.get(cart).join().values()).hasSize(2);
            assertThat(readMergeWrite(store, cart)).isEqualTo("kettle,teapot");
            assertThat(store.get(cart).join().values()).hasSize(1);
            // README: end

            var n1 = cluster.addresses(NodeId.of("n1")).http();
            String node = "http://" + n1.getHostString() + ":" + n1.getPort();
            // README: client
            try (ClusterClient client = ClusterClient.connect(List.of(URI.create(node)), Quorum.DEFAULT,
                    Duration.ofSeconds(5))) {
                GetResult read = client.get(cart).join();
                client.put(cart, read.context(), "kettle,teapot,mug".getBytes(StandardCharsets.UTF_8)).join();
                assertThat(client.get(cart, new Quorum(3, 3, 2)).join().values()).hasSize(1);
            }
            // README: end
        }
    }
}
