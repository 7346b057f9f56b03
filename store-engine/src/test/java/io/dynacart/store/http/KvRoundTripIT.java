package io.dynacart.store.http;

import static io.dynacart.store.http.HttpCalls.kvPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynacart.store.http.HttpCalls.Answer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Get, put and delete with contexts through the HTTP API of a real three-node cluster. */
class KvRoundTripIT {

    private static HttpTestCluster cluster;
    private final HttpCalls http = new HttpCalls();

    @BeforeAll
    static void startCluster() {
        cluster = new HttpTestCluster(1000, 1);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static URI kv(String node, String key) {
        return cluster.uri(node, kvPath(key));
    }

    @Test
    void blindWritesThroughOneNodeBothSurviveAndAPutWithTheReadContextReplacesThem() {
        assertThat(http.put(kv("n1", "blind"), "first", null).status()).isEqualTo(204);
        assertThat(http.put(kv("n1", "blind"), "second", null).status()).isEqualTo(204);

        Answer read = http.get(kv("n2", "blind"));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.contentType()).startsWith("application/json");
        assertThat(values(read.json())).as("two blind writes through n1 are concurrent: both survive")
                .containsExactlyInAnyOrder("first", "second");
        JsonNode versions = read.json().path("versions");
        assertThat(versions).hasSize(2);
        versions.forEach(v -> assertThat(v.path("clock").asText()).matches("\\(\\[n1,\\d+\\]\\)"));
        assertThat(read.json().path("tombstones").asInt()).isZero();
        assertThat(read.context()).as("X-Context repeats the body's context").isEqualTo(read.json().path("context").asText());

        Answer merge = http.put(kv("n3", "blind"), "merged", read.json().path("context").asText());
        assertThat(merge.status()).isEqualTo(204);
        assertThat(merge.context()).as("a put answers with its new version's context").isNotBlank();
        assertThat(values(http.get(kv("n1", "blind")).json())).as("the put with the read context supersedes both")
                .containsExactly("merged");
    }

    @Test
    void aPutWithThePreviousPutsContextReplacesItsValue() {
        Answer first = http.put(kv("n2", "chain"), "v1", null);
        assertThat(http.put(kv("n2", "chain"), "v2", first.context()).status()).isEqualTo(204);
        assertThat(values(http.get(kv("n3", "chain")).json())).containsExactly("v2");
    }

    @Test
    void deleteLeavesA404WithAContextAndAPutWithThatContextRevivesTheKey() {
        http.put(kv("n1", "doomed"), "alive", null);
        Answer read = http.get(kv("n1", "doomed"));
        Answer deleted = http.delete(kv("n1", "doomed"), read.context());
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.context()).isNotBlank();

        Answer gone = http.get(kv("n2", "doomed"));
        assertThat(gone.status()).isEqualTo(404);
        JsonNode body = gone.json();
        assertThat(body.path("key").asText()).isEqualTo("doomed");
        assertThat(body.path("siblings")).as("a deleted key shows no values").isEmpty();
        assertThat(body.path("tombstones").asInt()).isEqualTo(1);
        assertThat(body.path("versions")).hasSize(1);
        assertThat(body.path("versions").get(0).path("value").isNull()).as("a delete's value is null").isTrue();
        assertThat(body.path("context").asText()).as("the 404 still carries the delete's context")
                .isNotEqualTo(http.get(kv("n2", "never-written")).json().path("context").asText());

        assertThat(http.put(kv("n3", "doomed"), "revived", body.path("context").asText()).status()).isEqualTo(204);
        Answer revived = http.get(kv("n1", "doomed"));
        assertThat(revived.status()).isEqualTo(200);
        assertThat(values(revived.json())).containsExactly("revived");
        assertThat(revived.json().path("tombstones").asInt()).as("the put superseded the delete").isZero();
    }

    @Test
    void aKeyNeverWrittenIsA404WithTheSameShape() {
        Answer missing = http.get(kv("n1", "never-written"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("key").asText()).isEqualTo("never-written");
        assertThat(missing.json().path("siblings")).isEmpty();
        assertThat(missing.json().path("versions")).isEmpty();
        assertThat(missing.json().has("context")).isTrue();
    }

    @Test
    void quorumOverridesAreAccepted() {
        assertThat(http.put(cluster.uri("n1", "/kv/all-three?w=3"), "everywhere", null).status()).isEqualTo(204);
        for (String node : List.of("n1", "n2", "n3")) {
            Answer read = http.get(cluster.uri(node, "/kv/all-three?r=1"));
            assertThat(values(read.json())).as("W=3 acknowledged at every replica, so R=1 at %s finds it", node)
                    .containsExactly("everywhere");
        }
        assertThat(http.get(cluster.uri("n2", "/kv/all-three?r=3")).status()).isEqualTo(200);
        assertThat(http.delete(cluster.uri("n2", "/kv/all-three?w=1"), null).status()).isEqualTo(204);
    }

    @Test
    void keysWithSpacesUnicodeAndSlashesRoundTrip() {
        for (String key : List.of("with space", "unicodé €🙂", "a/b/c", "100%+sure?&#=", " lead and trail ")) {
            String value = "value of " + key;
            assertThat(http.put(kv("n1", key), value, null).status()).as("put %s", key).isEqualTo(204);
            Answer read = http.get(kv("n2", key));
            assertThat(read.status()).as("get %s", key).isEqualTo(200);
            assertThat(read.json().path("key").asText()).isEqualTo(key);
            assertThat(values(read.json())).containsExactly(value);
        }
        assertThat(values(http.get(cluster.uri("n3", "/kv/a/b/c")).json()))
                .as("literal slashes and %%2F name the same key").containsExactly("value of a/b/c");
        assertThat(http.get(cluster.uri("n3", "/kv/a/b")).status()).as("a/b is another key").isEqualTo(404);
        http.put(cluster.uri("n1", "/kv/slash/"), "with", null);
        assertThat(http.get(cluster.uri("n2", "/kv/slash")).status()).as("a trailing slash is part of the key")
                .isEqualTo(404);
        assertThat(http.put(cluster.uri("n1", "/kv/%2E%2E"), "dots", null).status()).isEqualTo(204);
        assertThat(http.get(cluster.uri("n2", "/kv/%2E%2E")).json().path("key").asText())
                .as("a dot segment, encoded, is a key like any other").isEqualTo("..");
    }

    @Test
    void valuesAreBytesNotText() {
        byte[] value = {0, (byte) 0xff, 0x10, (byte) 0x80, 0};
        assertThat(http.put(kv("n1", "binary"), value, null).status()).isEqualTo(204);
        JsonNode body = http.get(kv("n2", "binary")).json();
        assertThat(Base64.getDecoder().decode(body.path("siblings").get(0).asText())).isEqualTo(value);
        assertThat(body.path("versions").get(0).path("value").asText()).isEqualTo(body.path("siblings").get(0).asText());
    }

    private static List<String> values(JsonNode body) {
        List<String> values = new ArrayList<>();
        body.path("siblings").forEach(s -> values.add(new String(Base64.getDecoder().decode(s.asText()),
                StandardCharsets.UTF_8)));
        return values;
    }
}
