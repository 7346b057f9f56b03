package io.dynacart.store.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of {@code GET /health}: {@code {"status":"ok","node":"n1"}}, or once the node has failed
 * {@code {"status":"failed","node":"n1","error":"..."}} (with 503).
 *
 * @param node  the node's id, or {@code null} (left out) when not known without its event loop
 * @param error what failed, or {@code null} (left out) while the node serves
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record HealthResponse(String status, String node, String error) {
}
