package io.dynacart.loadgen;

import io.dynacart.loadgen.arrival.Arrivals;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.cluster.FaultSchedule;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.runtime.BackgroundWorkConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A run, validated: what {@link LoadgenCommand} builds from the command line and {@link LoadRun}
 * carries out.
 *
 * @param warmup     how long to send requests before measuring (they count in no figure, but in the
 *                   cart ledger)
 * @param duration   how long to send requests; zero when {@code operations} bounds the run
 * @param operations how many requests to send; zero when {@code duration} bounds the run
 * @param nodesAt    running nodes to drive; empty for an embedded cluster of {@code nodes}
 * @param settle     how long the read-back after the load may wait for the cluster to converge
 * @param background the embedded nodes' anti-entropy and admission control of background work
 * @param zones      the zones the embedded nodes take in turn (n1 the first, ...); empty: one zone
 */
public record RunConfig(String workload, Arrivals arrivals, Duration warmup, Duration duration, long operations, int maxInFlight,
                          Duration requestTimeout, int nodes, List<URI> nodesAt, Quorum quorum, FaultSchedule faults,
                          int shoppers, String policy, int keys, int valueSize, double readShare, String keyDistribution,
                          double slaMs, double slaPercentile, Path out, Path dataDir, Duration settle, long seed,
                          boolean progress, BackgroundWorkConfig background, List<Zone> zones) {

    public RunConfig {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(arrivals, "arrivals");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(duration, "duration");
        nodesAt = List.copyOf(nodesAt);
        Objects.requireNonNull(quorum, "quorum");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(settle, "settle");
        Objects.requireNonNull(background, "background");
        zones = List.copyOf(zones);
    }

    /** A run whose embedded nodes are all in one zone. */
    public RunConfig(String workload, Arrivals arrivals, Duration warmup, Duration duration, long operations, int maxInFlight,
                     Duration requestTimeout, int nodes, List<URI> nodesAt, Quorum quorum, FaultSchedule faults,
                     int shoppers, String policy, int keys, int valueSize, double readShare, String keyDistribution,
                     double slaMs, double slaPercentile, Path out, Path dataDir, Duration settle, long seed,
                     boolean progress, BackgroundWorkConfig background) {
        this(workload, arrivals, warmup, duration, operations, maxInFlight, requestTimeout, nodes, nodesAt, quorum, faults,
                shoppers, policy, keys, valueSize, readShare, keyDistribution, slaMs, slaPercentile, out, dataDir, settle,
                seed, progress, background, List.of());
    }

    public boolean embedded() {
        return nodesAt.isEmpty();
    }

    /** The settings by name, as the report lists them. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", workload);
        m.put("rate", arrivals.rate());
        m.put("arrivals", arrivals instanceof Arrivals.Poisson ? "poisson" : "uniform");
        m.put("warmup_s", warmup.toMillis() / 1000.0);
        // Only the bound the run had: a zero duration or count means "not this one".
        if (!duration.isZero()) {
            m.put("duration_s", duration.toMillis() / 1000.0);
        }
        if (operations > 0) {
            m.put("operations", operations);
        }
        m.put("max_in_flight", maxInFlight);
        m.put("request_timeout_ms", requestTimeout.toMillis());
        m.put("quorum", quorum.n() + "," + quorum.r() + "," + quorum.w());
        m.put(embedded() ? "nodes" : "nodes_at", embedded() ? (Object) nodes : nodesAt.toString());
        if (!zones.isEmpty()) {
            m.put("zones", String.join(",", zones.stream().map(Zone::name).toList()));
        }
        m.put("faults", faults.text());
        if (workload.equals("cart")) {
            m.put("shoppers", shoppers);
            m.put("policy", policy);
        } else {
            m.put("keys", keys);
            m.put("value_size", valueSize);
            m.put("read_share", readShare);
            m.put("key_distribution", keyDistribution);
        }
        m.put("sla_ms", slaMs);
        m.put("sla_percentile", slaPercentile);
        if (embedded()) {
            m.putAll(BackgroundOptions.describe(background));
        }
        m.put("settle_s", settle.toSeconds());
        m.put("seed", seed);
        return m;
    }
}
