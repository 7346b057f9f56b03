package io.dynacart.store.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.store.api.NamespaceChange;
import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.Reconcile;
import io.dynacart.store.identity.Namespace;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON of {@code POST /admin/namespaces} and of the namespaces the API shows:
 * <pre>
 *   {"name": "cart", "n": 3, "r": 2, "w": 2, "reconcile": "siblings" | "last-write-wins",
 *    "ttl": "30d" | 2592000 | "none", "maxSiblings": 0, "maxSiblingBytes": 0}
 * </pre>
 * Only {@code name} is required; a field left out keeps what the namespace has. A ttl is seconds,
 * or a number with a unit ({@code s}, {@code m}, {@code h}, {@code d}), or {@code none}.
 * Anything else is a 400 naming the field.
 */
final class NamespaceRequests {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("name", "n", "r", "w", "reconcile", "ttl", "maxSiblings",
            "maxSiblingBytes");

    private NamespaceRequests() {
    }

    /** The change {@code body} asks for. */
    static NamespaceChange parse(byte[] body) {
        JsonNode json;
        try {
            json = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("the body could not be read");
        }
        if (json == null || !json.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object such as {\"name\": \"cart\", \"r\": 2}");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw ApiException.badRequest("unknown field '" + field + "'; the fields are " + new TreeSet<>(FIELDS));
            }
        }
        JsonNode name = json.get("name");
        if (name == null || !name.isTextual()) {
            throw ApiException.badRequest("name is required: the namespace's name, a string");
        }
        Namespace namespace;
        try {
            namespace = Namespace.of(name.asText());
            return new NamespaceChange(namespace, count(json, "n"), count(json, "r"), count(json, "w"),
                    reconcile(json.get("reconcile")), ttl(json.get("ttl")), count(json, "maxSiblings"),
                    bytes(json, "maxSiblingBytes"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** A namespace as the API shows it. */
    static Map<String, Object> show(NamespaceConfig c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", c.namespace().name());
        out.put("n", c.quorum().n());
        out.put("r", c.quorum().r());
        out.put("w", c.quorum().w());
        out.put("reconcile", c.reconcile().text());
        out.put("ttlSeconds", c.ttlSeconds());
        out.put("maxSiblings", c.maxSiblings());
        out.put("maxSiblingBytes", c.maxSiblingBytes());
        out.put("version", c.version());
        return out;
    }

    private static Integer count(JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw ApiException.badRequest(field + " must be a whole number, was " + v);
        }
        return v.intValue();
    }

    private static Long bytes(JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw ApiException.badRequest(field + " must be a whole number of bytes, was " + v);
        }
        return v.longValue();
    }

    private static Reconcile reconcile(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("reconcile must be \"siblings\" or \"last-write-wins\", was " + v);
        }
        return Reconcile.parse(v.asText());
    }

    private static Long ttl(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("ttl must be seconds, a duration such as \"30d\", or \"none\"; was " + v);
        }
        try {
            return NamespaceConfig.parseTtl(v.asText());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
