package io.dynacart.loadgen.target;

import io.dynacart.loadgen.fault.FaultTarget;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.NamespaceChange;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.cluster.ClusterClient;
import io.dynacart.store.cluster.FaultAction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Running nodes reached through a {@link ClusterClient}, which learns the ring from the seeds' HTTP
 * API and routes each request to a node of the key's preference list itself, over the nodes' binary
 * client protocol or their HTTP API. Fault actions are refused: stopping node processes arrives with
 * the launcher's cluster commands.
 */
public final class RemoteTarget implements Target, FaultTarget {

    /** Where the nodes' client token comes from, when they require one. */
    public static final String CLIENT_TOKEN_ENV = "DYNACART_CLIENT_TOKEN";

    private final ClusterClient client;
    private final List<URI> seeds;
    private final Quorum quorum;
    private final ClusterClient.Transport transport;

    private RemoteTarget(ClusterClient client, List<URI> seeds, Quorum quorum, ClusterClient.Transport transport) {
        this.client = client;
        this.seeds = seeds;
        this.quorum = quorum;
        this.transport = transport;
    }

    /** Over the binary client protocol. */
    public static RemoteTarget connect(List<URI> seeds, Quorum quorum, Duration requestTimeout) {
        return connect(seeds, quorum, requestTimeout, ClusterClient.Transport.BINARY);
    }

    public static RemoteTarget connect(List<URI> seeds, Quorum quorum, Duration requestTimeout,
                                       ClusterClient.Transport transport) {
        return connect(seeds, quorum, requestTimeout, ClusterClient.Config.DEFAULT.withTransport(transport));
    }

    /** With the client's {@code options}; the client token comes from env {@value #CLIENT_TOKEN_ENV} whatever they say. */
    public static RemoteTarget connect(List<URI> seeds, Quorum quorum, Duration requestTimeout,
                                       ClusterClient.Config options) {
        String token = System.getenv().getOrDefault(CLIENT_TOKEN_ENV, "").strip();
        return new RemoteTarget(ClusterClient.connect(seeds, quorum, requestTimeout, options.withClientToken(token)),
                List.copyOf(seeds), quorum, options.transport());
    }

    /** Where the admin token comes from, with which the run makes the namespaces its workload needs. */
    public static final String ADMIN_TOKEN_ENV = "DYNACART_ADMIN_TOKEN";

    /**
     * With an admin token in env {@value #ADMIN_TOKEN_ENV}, makes each namespace through the first
     * seed's {@code POST /admin/namespaces} (making one again changes nothing); without, nothing.
     */
    @Override
    public void defineNamespaces(List<NamespaceChange> changes) {
        String token = System.getenv().getOrDefault(ADMIN_TOKEN_ENV, "").strip();
        if (token.isEmpty()) {
            return;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (NamespaceChange c : changes) {
            StringBuilder body = new StringBuilder("{\"name\":\"").append(c.namespace().name()).append('"');
            if (c.n() != null) {
                body.append(",\"n\":").append(c.n());
            }
            if (c.r() != null) {
                body.append(",\"r\":").append(c.r());
            }
            if (c.w() != null) {
                body.append(",\"w\":").append(c.w());
            }
            if (c.reconcile() != null) {
                body.append(",\"reconcile\":\"").append(c.reconcile().text()).append('"');
            }
            if (c.ttlSeconds() != null) {
                body.append(",\"ttl\":").append(c.ttlSeconds());
            }
            body.append('}');
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(seeds.get(0).resolve("/admin/namespaces"))
                        .header("X-Admin-Token", token).timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("making namespace " + c.namespace() + " at " + seeds.get(0)
                            + " answered " + r.statusCode() + ": " + r.body());
                }
            } catch (IOException e) {
                throw new IllegalStateException("making namespace " + c.namespace() + " at " + seeds.get(0) + " failed: "
                        + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted making namespace " + c.namespace(), e);
            }
        }
    }

    @Override
    public KvStore coordinatedBy(int index) {
        return client;
    }

    @Override
    public int coordinators() {
        return 1;
    }

    @Override
    public FaultTarget faults() {
        return this;
    }

    @Override
    public String refusal() {
        return "fault actions need the embedded cluster; against running nodes (--nodes-at) the load generator "
                + "cannot stop, wipe or partition them yet — drop --faults, or run without --nodes-at";
    }

    @Override
    public void apply(FaultAction action) {
        throw new UnsupportedOperationException(refusal());
    }

    @Override
    public void healAll() {
        // Nothing was broken by this run.
    }

    @Override
    public String describe() {
        return "running nodes at " + seeds + " over " + transport.name().toLowerCase(Locale.ROOT) + ", " + quorum;
    }

    @Override
    public void close() {
        client.close();
    }
}
