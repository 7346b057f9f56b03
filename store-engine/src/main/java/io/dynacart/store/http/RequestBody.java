package io.dynacart.store.http;

import io.dynacart.store.api.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

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
    /**
     * How much of a refused body is read and thrown away so that the client, which may still be
     * sending, reads the 413 rather than a reset connection (an HTTP client that does not wait for
     * {@code 100 Continue} writes the whole body before it reads). Past this, the connection is cut.
     */
    static final long DRAIN_LIMIT = 8L << 20;

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
     * As {@link #rejectDeclared(long)}, but a client that did not ask to wait for {@code 100 Continue}
     * is sending the body anyway: up to {@link #DRAIN_LIMIT} of it is read and discarded first, so
     * that the client gets to read the 413.
     */
    static void rejectDeclared(long declaredLength, boolean clientWaitsForContinue, Supplier<InputStream> body) {
        if (declaredLength > Value.MAX_BYTES) {
            if (!clientWaitsForContinue && declaredLength <= DRAIN_LIMIT) {
                drain(body.get(), declaredLength);
            }
            throw tooLarge(Long.toString(declaredLength));
        }
    }

    /**
     * Reads and discards the body of a request refused before it was read (the node is overloaded),
     * as {@link #rejectDeclared(long, boolean, java.util.function.Supplier)} does for a body too
     * large: only when the client is sending it anyway and said how long it is.
     */
    static void discard(long declaredLength, boolean clientWaitsForContinue, Supplier<InputStream> body) {
        if (!clientWaitsForContinue && declaredLength > 0 && declaredLength <= DRAIN_LIMIT) {
            drain(body.get(), declaredLength);
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
                    drain(body, DRAIN_LIMIT - out.size());
                    throw tooLarge("more than " + Value.MAX_BYTES);
                }
            }
        } catch (IOException e) {
            // The client broke off or sent a malformed chunked body; nothing was written.
            throw ApiException.badRequest("the request body could not be read; nothing was written");
        }
        return out.toByteArray();
    }

    /** Reads and discards up to {@code limit} bytes of {@code body}; a broken stream just ends it. */
    private static void drain(InputStream body, long limit) {
        byte[] sink = new byte[CHUNK];
        long left = limit;
        try {
            int n;
            while (left > 0 && (n = body.read(sink, 0, (int) Math.min(CHUNK, left))) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            // The client gave up; the 413 is all it will get.
        }
    }

    private static ApiException tooLarge(String size) {
        return ApiException.tooLarge("value is " + size + " bytes; at most " + Value.MAX_BYTES
                + " (1 MiB) are allowed; nothing was written");
    }
}
