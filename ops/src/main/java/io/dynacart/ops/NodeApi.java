package io.dynacart.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.store.cluster.KeyEncoding;
import io.dynacart.store.identity.Key;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** One node's HTTP API, as the admin commands call it; every failure is an {@link OpsException} naming the fix. */
final class NodeApi {

    /** An answer: status, {@code X-Context} header (or null), body. */
    record Answer(int status, String context, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new OpsException("the node answered " + status + " with something that is not JSON: " + body);
            }
        }

        String error() {
            try {
                return MAPPER.readTree(body).path("error").asText(body);
            } catch (IOException e) {
                return body;
            }
        }
    }

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    NodeApi(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    URI base() {
        return base;
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), false);
    }

    Answer admin(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()), true);
    }

    /** An admin call with a JSON body. */
    Answer adminJson(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)), true);
    }

    Answer putValue(Key key, byte[] value, String context, String w) {
        HttpRequest.Builder b = HttpRequest.newBuilder(kv(key, w == null ? "" : "?w=" + URLEncoder.encode(w, StandardCharsets.UTF_8)))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(value));
        if (context != null && !context.isEmpty()) {
            b.header("X-Context", context);
        }
        return send(b, false);
    }

    Answer delete(Key key, String context) {
        return send(HttpRequest.newBuilder(kv(key, "")).DELETE().header("X-Context", context), false);
    }

    Answer getValue(Key key, String r) {
        return send(HttpRequest.newBuilder(kv(key, r == null ? "" : "?r=" + URLEncoder.encode(r, StandardCharsets.UTF_8))).GET(), false);
    }

    private URI kv(Key key, String query) {
        return base.resolve(KeyEncoding.path(key) + query);
    }

    private Answer send(HttpRequest.Builder request, boolean admin) {
        if (admin) {
            if (token == null) {
                throw new OpsException("this call needs the admin token: give --token-file FILE or set "
                        + Secrets.TOKEN_ENV + " (a local cluster keeps it in DIR/admin-token)");
            }
            request.header("X-Admin-Token", token);
        }
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Answer a = new Answer(r.statusCode(), r.headers().firstValue("X-Context").orElse(null), r.body());
            if (a.status() == 403) {
                throw new OpsException("the node refused the admin token (403): pass the cluster's token with "
                        + "--token-file DIR/admin-token or " + Secrets.TOKEN_ENV);
            }
            return a;
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new OpsException("no node answers at " + base + " — is the cluster started? try "
                    + "`dynacart cluster status --dir DIR`, or point --node at a running node");
        } catch (IOException e) {
            throw new OpsException("talking to " + base + " failed: " + e.getMessage() + "; is it a dynacart node?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted");
        }
    }
}
