package io.dynacart.store.http;

import static io.dynacart.store.http.KvErrorsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.StoreClosedException;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Context;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The server around a scripted store: the status routes, the lifecycle, and the answers for a store
 * that never answers, fails, or throws something nobody expected.
 */
class NodeHttpServerIT {

    static {
        HttpTestCluster.quietLibraries();
    }

    private final HttpCalls http = new HttpCalls();
    private NodeHttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private URI start(KvStore store, Duration answerTimeout) {
        Supplier<ClusterStatus> status = () -> ClusterStatus.sample("n2");
        HttpConfig config = HttpConfig.of("127.0.0.1", 0, "token").withAnswerTimeout(answerTimeout);
        server = new NodeHttpServer(store, status, config).start();
        return URI.create("http://127.0.0.1:" + server.boundPort());
    }

    @Test
    void healthAndClusterShowTheNodesView() {
        URI base = start(new ScriptedStore(CompletableFuture::new), Duration.ofSeconds(1));
        HttpCalls.Answer health = http.get(base.resolve("/health"));
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\",\"node\":\"n2\"}");

        JsonNode cluster = http.get(base.resolve("/cluster")).json();
        assertThat(cluster.path("node").asText()).isEqualTo("n2");
        assertThat(cluster.path("ringVersion").asLong()).isEqualTo(1);
        assertThat(cluster.path("partitionCount").asInt()).isEqualTo(64);
        assertThat(cluster.path("nodes")).hasSize(3);
        assertThat(cluster.path("nodes").get(0).fieldNames()).toIterable()
                .containsExactly("id", "httpAddress", "tcpAddress", "clientAddress", "status", "partitionsOwned",
                        "membership", "suspicion", "zone");
        assertThat(cluster.path("nodes").get(0).path("zone").asText()).as("a node given no zone").isEqualTo("default");
        assertThat(cluster.path("nodes").get(0).path("clientAddress").asText()).isEqualTo("127.0.0.1:7301");
        assertThat(cluster.path("transfers").path("targetRingVersion").asLong()).as("no transfer under way").isZero();
        assertThat(cluster.path("antiEntropy").has("sessionsCompleted")).isTrue();
        assertThat(cluster.path("nodes").get(2).path("status").asText()).isEqualTo("unreachable");
        assertThat(cluster.path("hintsPending").path("n3").asLong()).isEqualTo(2);
        assertThat(cluster.path("requestsInFlight").asInt()).isZero();
    }

    @Test
    void aStoreThatNeverAnswersIs504WithinTheAnswerTimeout() {
        URI base = start(new ScriptedStore(CompletableFuture::new), Duration.ofMillis(200));
        long started = System.nanoTime();
        assertError(http.get(base.resolve("/kv/k")), 504, "did not answer within 200 ms");
        assertError(http.put(base.resolve("/kv/k"), "v", null), 504, "retrying with the same context is safe");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("two bounded waits, not a hang")
                .isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aStoppedStoreIs503() {
        URI base = start(new ScriptedStore(() -> CompletableFuture.failedFuture(new StoreClosedException("node n2 is stopped"))),
                Duration.ofSeconds(1));
        assertError(http.delete(base.resolve("/kv/k"), null), 503, "node n2 is stopped");
    }

    @Test
    void anUnexpectedFailureIsAGeneric500WithoutDetails() {
        URI base = start(new ScriptedStore(() -> {
            throw new IllegalStateException("secret internal detail");
        }), Duration.ofSeconds(1));
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(ErrorMapping.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        log.setAdditive(false); // the expected stack trace stays out of the test output
        try {
            HttpCalls.Answer answer = http.get(base.resolve("/kv/k"));
            assertError(answer, 500, "internal error");
            assertThat(answer.body()).doesNotContain("secret internal detail").doesNotContain("IllegalState");
        } finally {
            log.detachAppender(logged);
            log.setAdditive(true);
        }
        assertThat(logged.list).as("the node logs what it does not tell the client").singleElement()
                .satisfies(e -> assertThat(e.getThrowableProxy().getMessage()).isEqualTo("secret internal detail"));
    }

    @Test
    void startsOnceAndTellsItsPortOnlyWhileRunning() {
        URI base = start(new ScriptedStore(CompletableFuture::new), Duration.ofSeconds(1));
        assertThat(base.getPort()).isPositive();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
        server.close();
        server.close();
        assertThatThrownBy(server::boundPort).isInstanceOf(IllegalStateException.class);
    }

    /** A store whose every call answers with the future {@code answers} makes (or throws what it throws). */
    private static final class ScriptedStore implements KvStore {
        private final Supplier<CompletableFuture<?>> answers;

        ScriptedStore(Supplier<CompletableFuture<?>> answers) {
            this.answers = answers;
        }

        @Override
        public Quorum defaultQuorum() {
            return Quorum.DEFAULT;
        }

        @Override
        @SuppressWarnings("unchecked")
        public CompletableFuture<GetResult> get(Key key, Quorum quorum) {
            return (CompletableFuture<GetResult>) answers.get();
        }

        @Override
        @SuppressWarnings("unchecked")
        public CompletableFuture<Context> put(Key key, Context context, byte[] value, Quorum quorum) {
            return (CompletableFuture<Context>) answers.get();
        }

        @Override
        @SuppressWarnings("unchecked")
        public CompletableFuture<Context> delete(Key key, Context context, Quorum quorum) {
            return (CompletableFuture<Context>) answers.get();
        }
    }
}
