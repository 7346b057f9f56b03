package io.dynacart.loadgen.target;

import io.dynacart.loadgen.fault.FaultAction;
import io.dynacart.loadgen.fault.FaultTarget;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.cluster.ClusterClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Running nodes reached over HTTP through a {@link ClusterClient}, which routes each request to a
 * node of the key's preference list itself. Fault actions are refused: stopping node processes
 * arrives with the launcher's cluster commands.
 */
public final class RemoteTarget implements Target, FaultTarget {

    private final ClusterClient client;
    private final List<URI> seeds;
    private final Quorum quorum;

    private RemoteTarget(ClusterClient client, List<URI> seeds, Quorum quorum) {
        this.client = client;
        this.seeds = seeds;
        this.quorum = quorum;
    }

    public static RemoteTarget connect(List<URI> seeds, Quorum quorum, Duration requestTimeout) {
        return new RemoteTarget(ClusterClient.connect(seeds, quorum, requestTimeout), List.copyOf(seeds), quorum);
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
        return "running nodes at " + seeds + ", " + quorum;
    }

    @Override
    public void close() {
        client.close();
    }
}
