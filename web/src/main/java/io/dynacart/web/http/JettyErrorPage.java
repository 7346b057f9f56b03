package io.dynacart.web.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty answers for requests it rejects before Javalin sees them (a malformed request line,
 * headers too large): a small plain page with the status's reason phrase, never a cause or stack.
 */
final class JettyErrorPage extends ErrorHandler {

    JettyErrorPage() {
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String phrase = HttpStatus.getMessage(code);
        String body = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + code + " " + phrase
                + "</title></head><body><h1>" + code + " " + phrase + "</h1><p>The request was refused."
                + " <a href=\"/\">Back to the shop</a></p></body></html>";
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
