package io.dynacart.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.store.cluster.KeyEncoding;
import io.dynacart.store.identity.Key;
import io.dynacart.store.storage.BackupManifest;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
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

    /** The admin token, or null. */
    String token() {
        return token;
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

    /** A node's backup as it arrives: its manifest, and the snapshot's bytes to read and close. */
    record Download(BackupManifest manifest, InputStream body) {
    }

    /**
     * Asks the node for a backup ({@code POST /admin/backup}) and returns once it has taken the
     * snapshot and begun to send it; {@code timeout} bounds the wait for the snapshot.
     */
    Download backup(Duration timeout) {
        HttpRequest request = withToken(HttpRequest.newBuilder(base.resolve("/admin/backup"))
                .POST(HttpRequest.BodyPublishers.noBody())).timeout(timeout).build();
        HttpResponse<InputStream> r = exchange(() -> http.send(request, HttpResponse.BodyHandlers.ofInputStream()));
        if (r.statusCode() != 200) {
            String body = exchange(() -> new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
            Answer a = new Answer(r.statusCode(), null, body);
            switch (a.status()) {
                case 403 -> throw tokenRefused();
                case 409 -> throw new OpsException(base + " is already taking a backup (" + a.error()
                        + "); wait for it to finish, then back up again");
                case 507 -> throw new OpsException(base + " has no room on its disk for a snapshot: " + a.error());
                default -> throw new OpsException(base + " answered " + a.status() + " to the backup: " + a.error());
            }
        }
        String header = r.headers().firstValue("X-Backup-Manifest").orElse(null);
        try {
            return new Download(MAPPER.readValue(header == null ? "" : header, BackupManifest.class), r.body());
        } catch (IOException e) {
            exchange(() -> {
                r.body().close();
                return null;
            });
            throw new OpsException(base + " sent a backup without a valid manifest (" + header + "); is it a dynacart node"
                    + " of this release?");
        }
    }

    private HttpRequest.Builder withToken(HttpRequest.Builder request) {
        if (token == null) {
            throw new OpsException("this call needs the admin token: give --token-file FILE or set "
                    + Secrets.TOKEN_ENV + " (a local cluster keeps it in DIR/admin-token)");
        }
        return request.header("X-Admin-Token", token);
    }

    private OpsException tokenRefused() {
        return new OpsException("the node refused the admin token (403): pass the cluster's token with "
                + "--token-file DIR/admin-token or " + Secrets.TOKEN_ENV);
    }

    /** One exchange with the node; its failures as {@link OpsException}s naming the fix. */
    private <T> T exchange(Call<T> call) {
        try {
            return call.run();
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new OpsException("no node answers at " + base + " — is the cluster started? try "
                    + "`dynacart cluster status --dir DIR`, or point --node at a running node");
        } catch (HttpTimeoutException e) {
            throw new OpsException(base + " did not answer in time: " + e.getMessage());
        } catch (IOException e) {
            throw new OpsException("talking to " + base + " failed: " + e.getMessage() + "; is it a dynacart node?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted");
        }
    }

    private interface Call<T> {
        T run() throws IOException, InterruptedException;
    }

    private Answer send(HttpRequest.Builder request, boolean admin) {
        HttpRequest built = (admin ? withToken(request) : request).timeout(Duration.ofSeconds(15)).build();
        HttpResponse<String> r = exchange(() -> http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        if (r.statusCode() == 403) {
            throw tokenRefused();
        }
        return new Answer(r.statusCode(), r.headers().firstValue("X-Context").orElse(null), r.body());
    }
}
