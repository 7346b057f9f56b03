/**
 * Bounds-checked binary primitives shared by every compact format of the store: contexts, stored
 * sibling sets, log records, node-to-node messages ({@code transport.MessageCodec}) and the binary
 * client protocol ({@code clientwire}). Shortest-form unsigned LEB128 varints, so each value has
 * exactly one encoding; every read checks what is left before it allocates.
 *
 * <p>Depends only on the JDK.
 */
package io.dynacart.store.encoding;
