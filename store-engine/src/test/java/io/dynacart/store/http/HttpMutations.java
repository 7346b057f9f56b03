package io.dynacart.store.http;

import io.dynacart.store.api.Value;
import io.dynacart.store.fuzz.ByteMutator;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Field-by-field mutations of a {@link FuzzRequest}: each changes one part (method, target, query,
 * version, headers, {@code X-Context}, framing, body, line ends) the way a broken or hostile client
 * might, and returns a short name of what it did for the report.
 */
final class HttpMutations {

    private static final String[] METHODS = {"GET", "PUT", "DELETE", "POST", "HEAD", "OPTIONS", "PATCH", "TRACE",
        "CONNECT", "get", "PRI", "PROPFIND", "", "G\u00c9T", "PUT\u0000", "X".repeat(300)};
    private static final String[] VERSIONS = {"HTTP/1.0", "HTTP/1.1", "HTTP/2.0", "HTTP/0.9", "HTTP/9.9", "HTTP/1.10",
        "http/1.1", "HTTP/1.1 extra", "", "HTTP/", "HTTP/1.1\u0000"};
    private static final String[] QUORUM_JUNK = {"", "0", "-1", "4", "99", "2147483648", "1e3", " 2", "2 ", "0x2",
        "\uff12", "1.5", "9".repeat(40), "%32", "%", "r", "null"};
    private static final String[] CONTENT_TYPES = {"application/json", "text/plain; charset=utf-8", "multipart/form-data",
        "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "", ";;;", "text/html; charset=\u00ff",
        "application/octet-stream; charset=nonsense"};
    private static final String[] TRANSFER_ENCODINGS = {"chunked", "gzip, chunked", "chunked, gzip", "identity", "foo",
        "Chunked", " chunked", "chunked;q=1", "chunked\u0000"};

    private final String adminToken;
    private final FuzzContexts contexts;

    HttpMutations(String adminToken, FuzzContexts contexts) {
        this.adminToken = adminToken;
        this.contexts = contexts;
    }

    /** Applies one random mutation to {@code request}; returns its name. */
    String apply(FuzzRequest request, long index, Random r) {
        switch (r.nextInt(14)) {
            case 0:
                request.method = METHODS[r.nextInt(METHODS.length)];
                return "method " + ByteMutator.show(request.method.getBytes(StandardCharsets.ISO_8859_1), 12);
            case 1:
                return target(request, index, r);
            case 2:
                request.target += (request.target.contains("?") ? "&" : "?") + (r.nextBoolean() ? "r" : "w") + "="
                        + QUORUM_JUNK[r.nextInt(QUORUM_JUNK.length)] + (r.nextInt(4) == 0 ? "&r=1&w=3" : "");
                return "quorum junk";
            case 3:
                request.version = VERSIONS[r.nextInt(VERSIONS.length)];
                return "version " + request.version.strip();
            case 4:
                return FuzzHeaders.junk(request, r);
            case 5:
                return FuzzHeaders.structure(request, r);
            case 6, 7:
                return context(request, r);
            case 8:
                request.set("Content-Type", CONTENT_TYPES[r.nextInt(CONTENT_TYPES.length)]);
                return "content type";
            case 9:
                return FuzzFraming.contentLength(request, r);
            case 10:
                return FuzzFraming.chunked(request, r, TRANSFER_ENCODINGS);
            case 11:
                request.set("Expect", r.nextBoolean() ? "100-continue" : "200-ok");
                return "expect";
            case 12:
                return body(request, index, r);
            default:
                request.lineEnd = r.nextBoolean() ? "\n" : r.nextBoolean() ? "\r" : "\n\r";
                return "line ends";
        }
    }

    /** A request for one of the other routes, admin ones with a wrong token (a right one could change the ring). */
    FuzzRequest otherRoute(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> new FuzzRequest("GET", "/health");
            case 1 -> new FuzzRequest("GET", "/cluster");
            case 2 -> new FuzzRequest("GET", "/metrics");
            case 3 -> new FuzzRequest("POST", "/admin/repair?partition=" + QUORUM_JUNK[r.nextInt(QUORUM_JUNK.length)])
                    .add(AdminHandlers.TOKEN_HEADER, adminToken);
            case 4 -> new FuzzRequest("POST", "/admin/repair?partition=" + r.nextInt(300))
                    .add(AdminHandlers.TOKEN_HEADER, adminToken);
            case 5 -> new FuzzRequest("POST", r.nextBoolean() ? "/admin/join?weight=3" : "/admin/leave?node=n2")
                    .add(AdminHandlers.TOKEN_HEADER, wrongToken(r));
            case 6 -> new FuzzRequest("GET", KeyHandlers.PLACEMENT + keyPath(r));
            case 7 -> new FuzzRequest("GET", KeyHandlers.REPLICA + keyPath(r));
            case 8 -> new FuzzRequest("POST", KeyHandlers.REPAIR + keyPath(r) + (r.nextBoolean() ? ""
                    : "?antiEntropy=" + (r.nextBoolean() ? "true" : QUORUM_JUNK[r.nextInt(QUORUM_JUNK.length)])))
                    .add(AdminHandlers.TOKEN_HEADER, r.nextBoolean() ? adminToken : wrongToken(r));
            default -> new FuzzRequest("GET", "/" + FuzzKeys.encoded(FuzzKeys.randomKey(r), r));
        };
    }

    /** What follows a key explorer route: a key of some namespace, or something that is not one. */
    private static String keyPath(Random r) {
        String key = FuzzKeys.encoded(FuzzKeys.randomKey(r), r);
        String[] namespaces = {"cart", "default", "nowhere", "b%40d", "", "%", "a".repeat(40)};
        return switch (r.nextInt(5)) {
            case 0 -> "/kv/" + key;
            case 1 -> "/ns/" + namespaces[r.nextInt(namespaces.length)] + "/kv/" + key;
            case 2 -> "/ns/" + namespaces[r.nextInt(namespaces.length)];
            case 3 -> r.nextBoolean() ? "/kv" : "";
            default -> "/" + key;
        };
    }

    private String wrongToken(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> "";
            case 1 -> adminToken.substring(0, adminToken.length() - 1);
            case 2 -> adminToken + "x";
            default -> new String(ByteMutator.randomBytes(r, 1 + r.nextInt(40)), StandardCharsets.ISO_8859_1)
                    .replace('\r', ' ').replace('\n', ' ');
        };
    }

    private static String target(FuzzRequest request, long index, Random r) {
        String[] prefixes = {"/kv/", "/kv", "/kv//", "/kv/../health", "/kv/./", "//kv/", "/KV/", "/kv/%2e%2e/",
            "http://127.0.0.1/kv/", "*", "", "/kv/a#frag", "/kv/\u00ff", "/kv/%", "/kv/%zz", "/kv/%0", "/kv/a%00b"};
        String prefix = prefixes[r.nextInt(prefixes.length)];
        String key = r.nextBoolean() ? FuzzKeys.encoded(FuzzKeys.randomKey(r), r) : "fuzz-" + (index / 256);
        if (r.nextInt(10) == 0) {
            key = "a".repeat(8_000 + r.nextInt(20_000)); // past Jetty's request header buffer
        }
        request.target = prefix + key;
        return "target " + ByteMutator.show(prefix.getBytes(StandardCharsets.ISO_8859_1), 30);
    }

    private String context(FuzzRequest request, Random r) {
        int how = r.nextInt(6);
        if (how == 0) {
            request.set(KvHandlers.CONTEXT_HEADER, null);
            return "no context";
        }
        String value = contexts.header(r);
        if (how == 1) {
            request.add(KvHandlers.CONTEXT_HEADER, value); // a second X-Context
            return "another context";
        }
        request.set(KvHandlers.CONTEXT_HEADER, value);
        return "context";
    }

    private static String body(FuzzRequest request, long index, Random r) {
        int size = HttpInputs.bodySize(r);
        if (size > 64 * 1024) {
            request.target = "/kv/fuzz-big-" + index;
        }
        byte[] body = ByteMutator.randomBytes(r, size);
        if (r.nextInt(4) == 0) {
            request.wire = body; // framing headers stay as they were: lengths may now lie
            return "body of " + size + " bytes, headers unchanged";
        }
        request.body(body);
        return "body of " + size + " bytes" + (size > Value.MAX_BYTES ? " (over the limit)" : "");
    }
}
