package io.dynacart.store.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The JDK HttpClient as the tests' client: small calls that return the status, headers and JSON. */
final class HttpCalls {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** One answer: its status, its {@code X-Context} (or null), its content type and body. */
    record Answer(int status, String context, String contentType, String body) {

        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("answer " + status + " is not JSON: " + body, e);
            }
        }

        String error() {
            return json().path("error").asText();
        }
    }

    Answer get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    Answer put(URI uri, byte[] value, String context) {
        return send(withContext(HttpRequest.newBuilder(uri), context).PUT(HttpRequest.BodyPublishers.ofByteArray(value)));
    }

    Answer put(URI uri, String value, String context) {
        return put(uri, value.getBytes(StandardCharsets.UTF_8), context);
    }

    Answer delete(URI uri, String context) {
        return send(withContext(HttpRequest.newBuilder(uri), context).DELETE());
    }

    Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("X-Context").orElse(null),
                    r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static HttpRequest.Builder withContext(HttpRequest.Builder b, String context) {
        return context == null ? b : b.header("X-Context", context);
    }

    /** {@code /kv/} and the key's UTF-8 bytes percent-encoded, every byte but the unreserved ones. */
    static String kvPath(String key) {
        StringBuilder sb = new StringBuilder("/kv/");
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~';
            sb.append(unreserved ? String.valueOf(c) : String.format("%%%02X", b & 0xff));
        }
        return sb.toString();
    }
}
