/**
 * How much one node may hold in memory for work in progress: {@link io.dynacart.store.budget.ByteBudget},
 * the bytes in flight of a node, charged by the HTTP API for request bodies and answers and by the
 * TCP transport for messages queued towards peers. Past the budget a node refuses new work
 * (HTTP 503 with {@code Retry-After}, or a dropped message that the request path reports as a
 * missing replica) instead of running out of heap. Dynamo's paper leaves admission control to its
 * infrastructure (section 6.5 discusses background tasks yielding to foreground ones); this is ours.
 *
 * <p>Depends on nothing; {@code http}, {@code transport}, {@code runtime} and {@code cluster} use it.
 */
package io.dynacart.store.budget;
