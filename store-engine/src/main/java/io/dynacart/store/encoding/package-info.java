/**
 * Bounds-checked binary primitives shared by every compact format of the store: contexts, stored
 * sibling sets, log records and (later) the wire codec. Shortest-form unsigned LEB128 varints, so
 * each value has exactly one encoding; every read checks what is left before it allocates.
 *
 * <p>Depends only on the JDK.
 */
package io.dynacart.store.encoding;
