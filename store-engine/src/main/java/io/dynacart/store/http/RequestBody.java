package io.dynacart.store.http;

import io.dynacart.store.storage.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a value from a request body, never more than {@link Value#MAX_BYTES} plus one byte.
 *
 * <p>What must hold: a body over the limit is a 413 and the store is not called, so nothing is
 * written. It is refused before reading when {@code Content-Length} already says so, and otherwise
 * (a chunked body, or a length that lies) as soon as the byte past the limit arrives, so memory
 * stays bounded whatever the client sends.
 */
final class RequestBody {

    private static final int CHUNK = 16 * 1024;

    private RequestBody() {
    }

    /**
     * Refuses a body whose {@code Content-Length} (-1 when absent) is over the limit. Call it before
     * touching the body stream: opening that stream makes Jetty send {@code 100 Continue}, inviting
     * the client to upload what we are about to refuse.
     */
    static void rejectDeclared(long declaredLength) {
        if (declaredLength > Value.MAX_BYTES) {
            throw tooLarge(Long.toString(declaredLength));
        }
    }

    /**
     * The whole body, read until the stream ends.
     *
     * @throws ApiException 413 as soon as the byte past the limit arrives; 400 if the stream breaks
     */
    static byte[] read(InputStream body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK);
        byte[] chunk = new byte[CHUNK];
        try {
            int n;
            while ((n = body.read(chunk, 0, Math.min(CHUNK, Value.MAX_BYTES + 1 - out.size()))) > 0) {
                out.write(chunk, 0, n);
                if (out.size() > Value.MAX_BYTES) {
                    throw tooLarge("more than " + Value.MAX_BYTES);
                }
            }
        } catch (IOException e) {
            // The client broke off or sent a malformed chunked body; nothing was written.
            throw ApiException.badRequest("the request body could not be read; nothing was written");
        }
        return out.toByteArray();
    }

    private static ApiException tooLarge(String size) {
        return ApiException.tooLarge("value is " + size + " bytes; at most " + Value.MAX_BYTES
                + " (1 MiB) are allowed; nothing was written");
    }
}
