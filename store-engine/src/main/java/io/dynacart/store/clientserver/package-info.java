/**
 * Each node's binary client protocol server (docs/CLIENT-PROTOCOL.md): {@link
 * io.dynacart.store.clientserver.ClientServer} listens on the node's client port (Netty, a thread of
 * its own), one {@code ClientSession} per connection runs its state machine (HELLO first, then any
 * number of requests in flight), and {@code RequestRunner} puts each request through the node's
 * {@code KvStore} exactly as the HTTP API does: the same admission against the node's bytes in
 * flight ({@code budget.Admission}), the same answer timeout, the same store (metered by the runtime),
 * failures translated to the same meanings ({@code StoreFailures}). It is the paper's client request
 * path (section 4.1), for programs; HTTP stays for curl, browsers and scripts.
 *
 * <p>What must hold: no Netty thread waits for the store (an answer is written when the store's future
 * completes); a malformed request is answered with a typed error under its id and the connection
 * keeps serving; a frame over the limit, or a connection that does not open with an accepted HELLO,
 * gets one error answer and is closed, alone.
 *
 * <p>Depends on {@code api}, {@code identity}, {@code versioning}, {@code storage}, {@code budget} and
 * {@code clientwire}, plus Netty; {@code runtime} starts it.
 */
package io.dynacart.store.clientserver;
