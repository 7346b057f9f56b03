/**
 * How much one node may take on at once. {@link io.dynacart.store.budget.ByteBudget}: the bytes in
 * flight of a node, charged by the HTTP API and the binary client protocol for requests and answers
 * (through one {@link io.dynacart.store.budget.Admission} per request) and by the TCP transport for
 * messages queued towards peers. Past the budget a node refuses new work (HTTP 503 with
 * {@code Retry-After}, the client protocol's OVERLOADED, or a dropped message that the request path
 * reports as a missing replica) instead of running out of heap.
 * {@link io.dynacart.store.budget.BackgroundShare}: the admission controller of the paper's section
 * 6.5, which watches the latency of the node's foreground requests and gives its background tasks
 * (anti-entropy, partition transfer, tombstone scans; hint delivery does not yield) a share of
 * their rates that shrinks as the foreground's p99 nears its target.
 *
 * <p>Depends only on {@code time}; {@code http}, {@code clientserver}, {@code transport},
 * {@code node}, {@code runtime} and {@code cluster} use it.
 */
package io.dynacart.store.budget;
