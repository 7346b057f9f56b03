package io.dynacart.store.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.identity.NodeId;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NodeRuntime#shutdown}: a request in progress gets its answer; a new one is refused at once. */
class GracefulShutdownIT {

    @TempDir
    Path root;

    @Test
    void aRequestInProgressIsAnsweredWhileNewOnesAreRefused() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(LocalCluster.Config.forTests(3, root))) {
            var a = cluster.addresses(NodeId.of("n1")).http();
            URI kv = URI.create("http://" + a.getHostString() + ":" + a.getPort() + "/kv/slow");
            // Without n2 and n3 a W=2 put waits for its whole timeout (1 s), then answers 503.
            cluster.stop(NodeId.of("n2"));
            cluster.stop(NodeId.of("n3"));
            HttpClient http = HttpClient.newHttpClient();
            CompletableFuture<HttpResponse<String>> inProgress = http.sendAsync(HttpRequest.newBuilder(kv)
                    .PUT(HttpRequest.BodyPublishers.ofString("v")).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);

            NodeRuntime n1 = cluster.runtime(NodeId.of("n1"));
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> n1.shutdown(Duration.ofSeconds(5)));
            Thread.sleep(200);
            CompletableFuture<HttpResponse<String>> late = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(kv).GET().build(), HttpResponse.BodyHandlers.ofString());

            HttpResponse<String> answered = inProgress.get(10, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(503);
            assertThat(answered.body()).contains("needed 2 replicas");
            assertThat(late).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(ConnectException.class);
            stopping.get(10, TimeUnit.SECONDS);
        }
    }
}
