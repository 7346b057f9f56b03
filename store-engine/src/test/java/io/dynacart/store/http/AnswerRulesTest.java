package io.dynacart.store.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.fuzz.ByteMutator;
import io.dynacart.store.http.ResponseReader.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The HTTP fuzzer's oracle, on answers written by hand. */
class AnswerRulesTest {

    private static Response answer(String raw) throws IOException {
        return ResponseReader.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), false);
    }

    private static String json(int status, String body) {
        return "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body;
    }

    @Test
    void aJsonErrorKeepsTheRules() throws IOException {
        assertThat(AnswerRules.broken(answer(json(400, "{\"error\":\"key is empty\"}")), false)).isEmpty();
        assertThat(AnswerRules.broken(answer(json(503, "{\"error\":\"quorum\",\"missing\":[\"n2\"]}")), false)).isEmpty();
    }

    @Test
    void a500IsAlwaysBroken() throws IOException {
        assertThat(AnswerRules.broken(answer(json(500, "{\"error\":\"internal error\"}")), false))
                .singleElement().asString().startsWith("status 500");
        assertThat(AnswerRules.broken(answer(json(502, "{\"error\":\"x\"}")), false)).isNotEmpty();
    }

    @Test
    void anErrorThatIsNotJsonWithAMessageIsBroken() throws IOException {
        assertThat(AnswerRules.broken(answer("HTTP/1.1 400 X\r\nContent-Type: text/html\r\nContent-Length: 2\r\n\r\nno"), false))
                .isNotEmpty();
        assertThat(AnswerRules.broken(answer(json(400, "{\"message\":\"x\"}")), false)).isNotEmpty();
        assertThat(AnswerRules.broken(answer(json(404, "{\"key\":\"k\",\"context\":\"AQA\",\"siblings\":[]}")), false))
                .as("the documented 404 of a get").isEmpty();
    }

    @Test
    void aStackTraceIsBrokenWhereverItIs() throws IOException {
        String trace = "{\"error\":\"java.lang.IllegalStateException: x\\n\\tat io.dynacart.Foo.bar(Foo.java:1)\"}";
        assertThat(AnswerRules.broken(answer(json(400, trace)), false)).isNotEmpty();
        assertThat(AnswerRules.broken(answer(json(200, "{\"oops\":\"NullPointerException: \"}")), false)).isNotEmpty();
    }

    @Test
    void aGzippedAnswerIsReadDecoded() throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write("{\"error\":\"method PRI is not allowed\"}".getBytes(StandardCharsets.UTF_8));
        }
        String head = "HTTP/1.1 405 X\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: "
                + zipped.size() + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] raw = ByteMutator.splice(headBytes, headBytes.length, 0, zipped.toByteArray());
        Response r = ResponseReader.read(new ByteArrayInputStream(raw), false);
        assertThat(r.bodyText()).contains("method PRI");
        assertThat(AnswerRules.broken(r, false)).isEmpty();
    }
}
