package io.dynacart.store.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages, in our JSON: for what Jetty rejects before Javalin sees the request (a
 * malformed request line or URI, headers too large, a bad chunked encoding). Without it those
 * answers would be Jetty's HTML pages.
 *
 * <p>The message is the status's reason phrase, plus Jetty's own reason when it is a plain short
 * sentence; never a cause or a stack.
 */
final class JettyJsonErrors extends ErrorHandler {

    private final JsonWriter json;

    JettyJsonErrors(JsonWriter json) {
        this.json = json;
        setShowStacks(false);
        setShowCauses(false);
    }

    /** Jetty writes error bodies for GET, POST and HEAD only; our PUTs and DELETEs get JSON too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JsonWriter.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    private byte[] body(int code, String message) {
        String phrase = HttpStatus.getMessage(code);
        boolean plain = message != null && message.length() <= 120 && !message.equals(phrase)
                && !message.contains("Exception") && message.chars().noneMatch(Character::isISOControl);
        String detail = plain ? " (" + message + ")"
                : code == 400 ? " (malformed request line or URI, such as a bad percent escape)" : "";
        return json.bytes(ErrorResponse.of("the HTTP server rejected the request: " + phrase + detail));
    }
}
