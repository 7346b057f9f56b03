package io.dynacart.store.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/**
 * Writes response bodies as JSON with one {@link ObjectMapper} of our own, rather than Javalin's
 * pluggable mapper, so the shapes do not change with what else is on the classpath.
 */
final class JsonWriter {

    static final String CONTENT_TYPE = "application/json";

    private final ObjectMapper mapper = new ObjectMapper();

    /** Sets the status and the JSON body; a body that cannot be serialised is a bug, so it throws (500). */
    void write(Context ctx, int status, Object body) {
        ctx.status(status).contentType(CONTENT_TYPE).result(bytes(body));
    }

    /** The JSON text of {@code body}, for writers outside Javalin (Jetty's error handler). */
    byte[] bytes(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + body.getClass().getSimpleName(), e);
        }
    }
}
