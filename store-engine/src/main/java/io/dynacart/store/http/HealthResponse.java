package io.dynacart.store.http;

/** The body of {@code GET /health}: {@code {"status":"ok","node":"n1"}}. */
record HealthResponse(String status, String node) {
}
