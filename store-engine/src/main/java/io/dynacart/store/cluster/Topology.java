package io.dynacart.store.cluster;

import io.dynacart.store.http.ClusterStatus;
import io.dynacart.store.http.ClusterStatusReader;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.ring.Ring;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a routing client knows of the cluster: the ring, where each node's HTTP API listens and where
 * its binary client protocol does (absent for a node that announced none).
 */
record Topology(Ring ring, Map<NodeId, String> httpBases, Map<NodeId, InetSocketAddress> clientAddresses) {

    String httpBase(NodeId node) {
        String base = httpBases.get(node);
        if (base == null) {
            throw new IllegalStateException("no HTTP address known for " + node);
        }
        return base;
    }

    /** Where {@code node}'s client protocol listens, or null when it announced none. */
    InetSocketAddress clientAddress(NodeId node) {
        return clientAddresses.get(node);
    }

    /** Reads {@code GET /cluster} of the node at {@code base}. */
    static Topology fetch(HttpClient http, URI base) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(base.resolve("/cluster"))
                .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /cluster answered " + r.statusCode());
        }
        return of(ClusterStatusReader.read(r.body()));
    }

    /**
     * The topology a {@code /cluster} document tells: its ring with the real weights (1 for each
     * owner when the document has none, as a node of an older release sends) and zones (the default
     * zone for a node the document gives none), and its nodes' addresses.
     */
    static Topology of(ClusterStatus status) {
        if (status.owners().isEmpty()) {
            throw new IllegalStateException("GET /cluster did not include the ring");
        }
        List<NodeId> owners = status.owners().stream().map(NodeId::of).toList();
        Map<NodeId, Integer> weights = new HashMap<>();
        owners.forEach(o -> weights.put(o, status.weights().getOrDefault(o.value(), 1)));
        Map<NodeId, Zone> zones = new HashMap<>();
        owners.forEach(o -> zones.put(o, Zone.DEFAULT));
        Map<NodeId, String> bases = new HashMap<>();
        Map<NodeId, InetSocketAddress> clients = new HashMap<>();
        for (ClusterStatus.NodeView n : status.nodes()) {
            NodeId id = NodeId.of(n.id());
            zones.computeIfPresent(id, (owner, zone) -> Zone.of(n.zone()));
            if (!n.httpAddress().isEmpty()) {
                bases.put(id, "http://" + n.httpAddress());
            }
            InetSocketAddress client = hostPort(n.clientAddress());
            if (client != null) {
                clients.put(id, client);
            }
        }
        return new Topology(new Ring(status.ringVersion(), owners, weights, zones), Map.copyOf(bases),
                Map.copyOf(clients));
    }

    /** {@code host:port} as an unresolved address, or null when empty or not of that form. */
    private static InetSocketAddress hostPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 1) {
            return null;
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return port >= 1 && port <= 65_535 ? InetSocketAddress.createUnresolved(host, port) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
