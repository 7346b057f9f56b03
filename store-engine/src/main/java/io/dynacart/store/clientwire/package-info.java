/**
 * The binary client protocol's wire format (docs/CLIENT-PROTOCOL.md): the messages a program and a
 * node exchange over one persistent connection ({@link io.dynacart.store.clientwire.ClientRequest},
 * {@link io.dynacart.store.clientwire.ClientResponse}), their strict, bounded codec
 * ({@link io.dynacart.store.clientwire.RequestCodec}, {@link io.dynacart.store.clientwire.ResponseCodec})
 * and the length-prefixed framing ({@link io.dynacart.store.clientwire.ClientFrames}). It is the paper's
 * get/put with a context (section 4.1) without HTTP's clothes: many requests in flight on a
 * connection, each answered under the id its client chose, in any order.
 *
 * <p>What must hold: every bound is checked before anything is allocated, a decoder fails only with
 * {@link io.dynacart.store.clientwire.MalformedMessageException} naming the field, and the inputs the
 * HTTP API refuses (a key not 1 to 1024 bytes of UTF-8, a context that does not decode, a value over
 * 1 MiB, an R or W outside 1..N) are refused here with the same rules ({@code Key.ofUtf8},
 * {@code Context.fromBytes}, {@code Value.MAX_BYTES}).
 *
 * <p>Depends on {@code identity}, {@code encoding}, {@code versioning}, {@code storage} (values) and
 * {@code api}, plus Netty's buffers and frame decoder; the node's server ({@code clientserver}) and
 * {@code cluster.ClusterClient} use it.
 */
package io.dynacart.store.clientwire;
