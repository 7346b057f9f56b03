package io.dynacart.store.coordinator;

import io.dynacart.store.identity.NodeId;
import java.util.HashMap;
import java.util.Map;

/**
 * How long to wait for each peer before asking a stand-in: pure arithmetic over measured round trips
 * (request sent to answer heard), per peer, as TCP estimates its retransmission timeout (RFC 6298):
 * {@code srtt += (sample - srtt) / 8}, {@code rttvar += (|sample - srtt| - rttvar) / 4}, and the wait is
 * {@code srtt + 4 rttvar}, clamped by {@link SloppyQuorum}. Confined to the node's event loop.
 */
final class ReplyTimes {

    private record Estimate(double srtt, double rttvar) {
    }

    private final SloppyQuorum config;
    private final Map<NodeId, Estimate> estimates = new HashMap<>();

    ReplyTimes(SloppyQuorum config) {
        this.config = config;
    }

    /** {@code peer} answered {@code millis} after it was asked. */
    void sample(NodeId peer, long millis) {
        double rtt = Math.max(0, millis);
        Estimate e = estimates.get(peer);
        if (e == null) {
            estimates.put(peer, new Estimate(rtt, rtt / 2));
            return;
        }
        double rttvar = e.rttvar() + (Math.abs(rtt - e.srtt()) - e.rttvar()) / 4;
        double srtt = e.srtt() + (rtt - e.srtt()) / 8;
        estimates.put(peer, new Estimate(srtt, rttvar));
    }

    /** How long to wait for {@code peer}'s answer before asking a stand-in. */
    long waitFor(NodeId peer) {
        Estimate e = estimates.get(peer);
        if (e == null) {
            return config.initialWaitMillis();
        }
        long wait = (long) Math.ceil(e.srtt() + 4 * e.rttvar());
        return Math.max(config.minWaitMillis(), Math.min(config.maxWaitMillis(), wait));
    }
}
