package io.dynacart.store.api;

import io.dynacart.store.identity.Namespace;

/**
 * A request to a key of a namespace this node does not know: never created, or created so recently
 * that gossip has not brought it here yet (HTTP 404).
 */
public final class UnknownNamespaceException extends KvStoreException {

    private final Namespace namespace;

    public UnknownNamespaceException(Namespace namespace) {
        super("no namespace '" + namespace + "': create it with POST /admin/namespaces or "
                + "'dynacart admin namespace " + namespace + " ...'");
        this.namespace = namespace;
    }

    public Namespace namespace() {
        return namespace;
    }
}
