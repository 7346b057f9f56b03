package io.dynacart.store.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * The body of every error answer: {@code {"error": "..."}}, plus {@code "missing": ["n2","n3"]}
 * when a quorum was not reached. The message is meant for the client: it names the problem and
 * never holds a stack trace.
 *
 * @param missing the nodes that did not answer, or {@code null} (left out of the JSON)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ErrorResponse(String error, List<String> missing) {

    ErrorResponse {
        Objects.requireNonNull(error, "error");
        missing = missing == null ? null : List.copyOf(missing);
    }

    static ErrorResponse of(String error) {
        return new ErrorResponse(error, null);
    }
}
