/**
 * Names shared by every technique of the store: {@link io.dynacart.store.identity.NodeId},
 * {@link io.dynacart.store.identity.Key} and a node's {@link io.dynacart.store.identity.Zone}.
 *
 * <p>Nothing here belongs to one section of the Dynamo paper; it sits below {@code versioning}
 * (clock entries are per node) and {@code ring} (partitions are owned by nodes) so that neither of
 * those depends on the other. Depends on nothing but the JDK.
 */
package io.dynacart.store.identity;
