package io.dynacart.store.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.store.http.RawExchange.Result;
import io.dynacart.store.http.ResponseReader.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What every answer of the node's HTTP API must be, whatever it was sent (the fuzzer's oracle):
 * <ul>
 *   <li>No 500, ever: that is the node failing, not the client.</li>
 *   <li>Of the other 5xx, only these, each a documented answer about the request or the store, not
 *       a failure of the node: 503 (a quorum could not be reached, or the node is stopping; the JSON
 *       names the missing nodes), 504 (the store did not answer within the HTTP layer's timeout, which
 *       a loaded machine may cause), and Jetty's protocol refusals that RFC 9112 prescribes for the
 *       client's input: 501 (a transfer coding the server does not implement) and 505 (an HTTP version
 *       it does not speak).</li>
 *   <li>Every error answer (4xx, 5xx) is {@code application/json} with a non-blank {@code "error"}
 *       string (HEAD answers carry no body), but for the documented 404 of a get: the key's JSON,
 *       context and no siblings.</li>
 *   <li>No answer shows a stack trace or an exception's class name.</li>
 *   <li>The node answers or closes within the deadline, and what it sends is HTTP.</li>
 * </ul>
 * A connection the node cut (before or after an answer) is allowed: it is the fuzzed one.
 */
final class AnswerRules {

    static final Set<Integer> ALLOWED_5XX = Set.of(501, 503, 504, 505);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STACK = Pattern.compile(
            "\\bat (java|javax|jdk|sun|io|org|com|kotlin)\\.[\\w.$]+\\(|Caused by:"
                    + "|\\b[a-z]+\\.[\\w.]+\\.[A-Z]\\w*(Exception|Error)\\b|\\b\\w+(Exception|Error): |<html|<body");

    private AnswerRules() {
    }

    /** The rules {@code result} breaks, one line each; empty when it keeps them all. */
    static List<String> broken(Result result, boolean head) {
        List<String> problems = new ArrayList<>();
        if (result.timedOut()) {
            problems.add("the node neither answered nor closed the connection in time");
        }
        if (result.malformed() != null) {
            problems.add("the node's answer is not HTTP: " + result.malformed());
        }
        for (int i = 0; i < result.responses().size(); i++) {
            Response r = result.responses().get(i);
            problems.addAll(broken(r, head && i == 0));
        }
        return problems;
    }

    static List<String> broken(Response r, boolean head) {
        List<String> problems = new ArrayList<>();
        int status = r.status();
        String body = r.bodyText();
        if (status >= 500 && !ALLOWED_5XX.contains(status)) {
            problems.add("status " + status + ": " + cut(body));
        }
        if (STACK.matcher(body).find()) {
            problems.add("answer " + status + " shows a stack trace or an exception: " + cut(body));
        }
        if (status >= 400 && !head) {
            String type = r.header("Content-Type");
            if (type == null || !type.startsWith("application/json")) {
                problems.add("error " + status + " is not JSON but " + type + ": " + cut(body));
            } else {
                String error = errorOf(body);
                if ((error == null || error.isBlank()) && !(status == 404 && isGetAnswer(body))) {
                    problems.add("error " + status + " has no \"error\" message: " + cut(body));
                }
            }
        }
        return problems;
    }

    /** The {@code "error"} string of a JSON object, or null. */
    static String errorOf(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() && node.path("error").isTextual() ? node.get("error").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether {@code body} is what a get answers: {@code {"key","context","siblings",...}}. */
    private static boolean isGetAnswer(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.path("key").isTextual() && node.path("context").isTextual()
                    && node.path("siblings").isArray();
        } catch (IOException e) {
            return false;
        }
    }

    private static String cut(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
