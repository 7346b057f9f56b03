package io.dynacart.store.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.store.identity.Zone;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads a {@code GET /cluster} document into a {@link ClusterStatus}: the one reader of it, for
 * routing clients and tools. Lenient where older releases differ (a field they do not send reads as
 * its empty value: no client address, no weights, no transfer or reclaim figures, the default zone); strict about what the record
 * requires (a bad document is an {@link IllegalArgumentException} naming the problem).
 */
public final class ClusterStatusReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterStatusReader() {
    }

    /**
     * The status in {@code body}.
     *
     * @throws IllegalArgumentException when it is not JSON or not a valid status
     */
    public static ClusterStatus read(byte[] body) {
        JsonNode c;
        try {
            c = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the cluster document is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("the cluster document cannot be read: " + e.getMessage(), e);
        }
        if (c == null || !c.isObject()) {
            throw new IllegalArgumentException("the cluster document is not a JSON object");
        }
        List<ClusterStatus.NodeView> nodes = new ArrayList<>();
        c.path("nodes").forEach(n -> nodes.add(node(n)));
        TreeMap<String, Long> hints = new TreeMap<>();
        c.path("hintsPending").fields().forEachRemaining(e -> hints.put(e.getKey(), e.getValue().asLong()));
        List<String> owners = new ArrayList<>();
        c.path("owners").forEach(o -> owners.add(o.asText()));
        TreeMap<String, Integer> weights = new TreeMap<>();
        c.path("weights").fields().forEachRemaining(e -> weights.put(e.getKey(), e.getValue().asInt()));
        return new ClusterStatus(c.path("node").asText(), c.path("ringVersion").asLong(), c.path("partitionCount").asInt(),
                nodes, hints, c.path("requestsInFlight").asInt(), owners, transfers(c.path("transfers")),
                antiEntropy(c.path("antiEntropy")), load(c.path("load")), weights, reclaim(c.path("reclaim")));
    }

    private static ClusterStatus.Reclaim reclaim(JsonNode r) {
        if (!r.isObject()) {
            return ClusterStatus.Reclaim.NONE;
        }
        List<ClusterStatus.PendingPartition> pending = new ArrayList<>();
        r.path("pending").forEach(p -> pending.add(new ClusterStatus.PendingPartition(p.path("partition").asInt(),
                p.path("keys").asLong(), p.path("bytes").asLong(), p.path("waitingFor").asText())));
        return new ClusterStatus.Reclaim(r.path("partitionsDropped").asInt(), r.path("keysDropped").asLong(),
                r.path("bytesDropped").asLong(), r.path("dropsHalted").asInt(), r.path("dropsFailed").asInt(),
                r.path("fileBytesReturned").asLong(), r.path("databaseBytes").asLong(), r.path("walBytes").asLong(),
                r.path("freeBytes").asLong(), r.path("returnsFreeSpace").asBoolean(), r.path("pendingPartitions").asInt(),
                r.path("pendingKeys").asLong(), r.path("pendingBytes").asLong(), pending);
    }

    private static ClusterStatus.NodeView node(JsonNode n) {
        ClusterStatus.Reachability status = "unreachable".equalsIgnoreCase(n.path("status").asText())
                ? ClusterStatus.Reachability.UNREACHABLE : ClusterStatus.Reachability.REACHABLE;
        return new ClusterStatus.NodeView(n.path("id").asText(), n.path("httpAddress").asText(),
                n.path("tcpAddress").asText(), n.path("clientAddress").asText(), status, n.path("partitionsOwned").asInt(),
                n.path("membership").asText("up"), Math.max(0.0, n.path("suspicion").asDouble()),
                n.path("zone").asText(Zone.DEFAULT.name()), Math.max(0, n.path("incarnation").asInt()));
    }

    private static ClusterStatus.Transfers transfers(JsonNode t) {
        return t.isObject() ? new ClusterStatus.Transfers(t.path("targetRingVersion").asLong(), t.path("remaining").asInt(),
                t.path("pending").asInt(), t.path("inFlight").asInt(), t.path("done").asInt(), t.path("failed").asInt(),
                t.path("bytesMoved").asLong(), t.path("keysMoved").asLong(), t.path("secondsLeft").asLong())
                : ClusterStatus.Transfers.NONE;
    }

    private static ClusterStatus.AntiEntropy antiEntropy(JsonNode a) {
        return a.isObject() ? new ClusterStatus.AntiEntropy(a.path("sessionsCompleted").asLong(),
                a.path("sessionsAborted").asLong(), a.path("keysSent").asLong(), a.path("keysReceived").asLong(),
                a.path("bytesSent").asLong(), a.path("tombstonesCollected").asLong()) : ClusterStatus.AntiEntropy.NONE;
    }

    private static ClusterStatus.Load load(JsonNode l) {
        return l.isObject() ? new ClusterStatus.Load(l.path("bytesInFlight").asLong(), l.path("bytesInFlightLimit").asLong(),
                l.path("refusals").asLong()) : ClusterStatus.Load.NONE;
    }
}
