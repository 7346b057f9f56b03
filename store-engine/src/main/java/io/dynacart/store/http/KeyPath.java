package io.dynacart.store.http;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.Namespace;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The key named by a {@code /kv/...} request path. The rule, which is what a client that
 * percent-encodes the UTF-8 bytes of its key (as {@code encodeURIComponent} does) expects:
 *
 * <ol>
 *   <li>The key is <em>everything</em> after {@code /kv/} in the raw request path, up to the query
 *       string. A literal {@code /} belongs to the key, so {@code /kv/a/b} and {@code /kv/a%2Fb} name
 *       the same key {@code a/b}, and {@code /kv/a/} names {@code a/}, not {@code a}.</li>
 *   <li>Each {@code %XX} stands for the byte {@code XX}; any other character stands for its own
 *       UTF-8 bytes. {@code +} is a plus sign, not a space (that is form encoding, not paths); a
 *       space is {@code %20}. A {@code %} not followed by two hex digits is a 400.</li>
 *   <li>The decoded bytes must be valid UTF-8, 1 to {@value Key#MAX_LENGTH} bytes (the limit counts
 *       bytes after decoding, not characters of the path). Anything else is a 400.</li>
 * </ol>
 *
 * <p>We decode the raw path ourselves rather than take the router's decoded path parameter, so the
 * rule is ours and tested, not a side effect of a library's URL decoder. One caveat belongs to
 * HTTP, not to us: clients and proxies may collapse the path segments {@code .} and {@code ..}
 * before sending, so a key with such a segment must encode its dots ({@code %2E}).
 */
final class KeyPath {

    /** The route prefix the key follows. */
    static final String PREFIX = "/kv/";

    private KeyPath() {
    }

    /** The prefix of a key of a namespace: {@code /ns/{namespace}/kv/{key}}. */
    static final String NAMESPACE_PREFIX = "/ns/";

    /**
     * The key of {@code rawPath}, a request path as sent (still percent-encoded, without the query):
     * {@code /kv/{key}} names a key of the default namespace, {@code /ns/{namespace}/kv/{key}} one of
     * that namespace; the key follows the rule above in both.
     */
    static Key decode(String rawPath) {
        if (rawPath.startsWith(NAMESPACE_PREFIX)) {
            int slash = rawPath.indexOf('/', NAMESPACE_PREFIX.length());
            String name = slash < 0 ? rawPath.substring(NAMESPACE_PREFIX.length())
                    : rawPath.substring(NAMESPACE_PREFIX.length(), slash);
            if (slash < 0 || !rawPath.startsWith(PREFIX, slash)) {
                throw ApiException.badRequest("a namespaced key is /ns/{namespace}/kv/{key}; the path was "
                        + shown(rawPath));
            }
            Namespace namespace;
            try {
                namespace = Namespace.of(name);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            return Key.of(namespace, name(rawPath.substring(slash)));
        }
        return Key.of(name(rawPath));
    }

    /**
     * The key of a path under {@code route} (such as {@code /placement}): {@code route/kv/{key}} or
     * {@code route/ns/{namespace}/kv/{key}}, the key following the rule above.
     */
    static Key decodeUnder(String route, String rawPath) {
        String rest = rawPath.startsWith(route) ? rawPath.substring(route.length()) : "";
        if (rest.equals("/kv") || rest.equals(PREFIX)) {
            throw emptyKey();
        }
        if (!rest.startsWith(PREFIX) && !rest.startsWith(NAMESPACE_PREFIX)) {
            throw ApiException.badRequest("name a key: " + route + "/kv/{key} or " + route
                    + "/ns/{namespace}/kv/{key}; the path was " + shown(rawPath));
        }
        return decode(rest);
    }

    /** The key's name in {@code rawPath}, which starts with {@code /kv/}, checked as the rule says. */
    private static byte[] name(String rawPath) {
        String encoded = rawPath.startsWith(PREFIX) ? rawPath.substring(PREFIX.length()) : "";
        byte[] bytes = percentDecode(encoded);
        if (bytes.length == 0) {
            throw emptyKey();
        }
        if (bytes.length > Key.MAX_LENGTH) {
            throw ApiException.badRequest("key is " + bytes.length + " bytes after decoding; at most " + Key.MAX_LENGTH
                    + " are allowed");
        }
        requireUtf8(bytes);
        return bytes;
    }

    /** A path as an error message may quote it: at most 80 characters. */
    private static String shown(String rawPath) {
        return rawPath.length() <= 80 ? rawPath : rawPath.substring(0, 77) + "...";
    }

    static ApiException emptyKey() {
        return ApiException.badRequest("key is empty; use /kv/{key} with a key of 1 to " + Key.MAX_LENGTH + " bytes");
    }

    /** The key as text for a response; the key came through {@link #decode}, so it is valid UTF-8. */
    static String text(Key key) {
        return new String(key.name(), StandardCharsets.UTF_8);
    }

    private static byte[] percentDecode(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
        int i = 0;
        while (i < encoded.length()) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int hi = i + 2 < encoded.length() ? hexDigit(encoded.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? hexDigit(encoded.charAt(i + 2)) : -1;
                if (lo < 0) {
                    throw ApiException.badRequest("key has a malformed percent escape at character " + i
                            + " of the path after /kv/; write a literal % as %25");
                }
                out.write(hi << 4 | lo);
                i += 3;
            } else {
                int end = i;
                while (end < encoded.length() && encoded.charAt(end) != '%') {
                    end++;
                }
                out.writeBytes(encoded.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return out.toByteArray();
    }

    /** ASCII hex only: {@link Character#digit} would also take other scripts' digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        char lower = (char) (c | 0x20);
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    private static void requireUtf8(byte[] bytes) {
        if (!Key.isUtf8(bytes)) {
            throw ApiException.badRequest("key is not valid UTF-8 after percent-decoding");
        }
    }
}
