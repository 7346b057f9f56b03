package io.dynacart.web.http;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.dynacart.web.pages.Frame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty answers for requests it rejects before Javalin sees them (an address too long, headers
 * too large, a malformed request line): the demo's own error page, styled like every other, saying
 * what was refused; never a cause or stack.
 */
final class JettyErrorPage extends ErrorHandler {

    private final TemplateEngine templates;

    JettyErrorPage(TemplateEngine templates) {
        this.templates = templates;
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    /** What the page says for {@code code}. */
    static String message(int code) {
        return switch (code) {
            case 414 -> "The address is too long for this demo (it takes addresses of up to 8 KiB). Check the link.";
            case 431 -> "The request's headers are too large (over 8 KiB): usually too many or too large cookies."
                    + " Clear this site's cookies and try again.";
            case 400 -> "The request was malformed, so it was refused.";
            default -> "The request was refused (" + HttpStatus.getMessage(code) + ").";
        };
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String body;
        try {
            StringOutput out = new StringOutput();
            templates.render("error.jte", Map.of("frame", Frame.plain(ErrorPages.title(code)), "status", code,
                    "message", message(code)), out);
            body = out.toString();
        } catch (RuntimeException e) {
            String phrase = HttpStatus.getMessage(code);
            body = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + code + " " + phrase
                    + "</title></head><body><h1>" + code + " " + phrase + "</h1><p>" + message(code)
                    + " <a href=\"/\">Back to the shop</a></p></body></html>";
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
