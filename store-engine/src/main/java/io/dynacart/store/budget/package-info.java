/**
 * How much one node may hold in memory for work in progress: {@link io.dynacart.store.budget.ByteBudget},
 * the bytes in flight of a node, charged by the HTTP API and the binary client protocol for requests
 * and answers (through one {@link io.dynacart.store.budget.Admission} per request) and by the TCP
 * transport for messages queued towards peers. Past the budget a node refuses new work (HTTP 503
 * with {@code Retry-After}, the client protocol's OVERLOADED, or a dropped message that the request
 * path reports as a missing replica) instead of running out of heap. Dynamo's paper leaves admission control to its
 * infrastructure (section 6.5 discusses background tasks yielding to foreground ones); this is ours.
 *
 * <p>Depends on nothing; {@code http}, {@code clientserver}, {@code transport}, {@code runtime} and
 * {@code cluster} use it.
 */
package io.dynacart.store.budget;
