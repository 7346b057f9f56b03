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

    /**
     * How long to wait for {@code peer}'s answer before asking a stand-in. A peer not measured yet gets
     * the longest wait of the peers measured (nodes of one cluster sit on similar links), or the
     * initial wait when none is.
     */
    long waitFor(NodeId peer) {
        Estimate e = estimates.get(peer);
        if (e != null) {
            return clamp(e);
        }
        long longest = -1;
        for (Estimate other : estimates.values()) {
            longest = Math.max(longest, clamp(other));
        }
        return longest < 0 ? config.initialWaitMillis() : longest;
    }

    private long clamp(Estimate e) {
        long wait = (long) Math.ceil(e.srtt() + 4 * e.rttvar());
        return Math.max(config.minWaitMillis(), Math.min(config.maxWaitMillis(), wait));
    }
}
