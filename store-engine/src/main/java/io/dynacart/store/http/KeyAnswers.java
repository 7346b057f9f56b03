package io.dynacart.store.http;

import io.dynacart.store.api.KeyPlacement;
import io.dynacart.store.api.KeyRepairOutcome;
import io.dynacart.store.api.ReplicaCopy;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.VersionToken;
import io.dynacart.store.versioning.Versioned;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the key explorer's calls ({@link KeyHandlers}):
 *
 * <pre>
 * GET /placement/...
 * {"node":"n1","key":"42","namespace":"cart","hash":"9f0c...","partition":39,"partitionCount":64,
 *  "ringVersion":1,"n":3,
 *  "primaries":[{"id":"n3","zone":"default","state":"up","membership":"up","suspicion":0.0,
 *                "httpAddress":"127.0.0.1:7103"}, ...],
 *  "fallbacks":[...]}
 *
 * GET /replica/...
 * {"node":"n3","key":"42","namespace":"cart","primary":true,
 *  "versions":[{"value":"aGVsbG8=","clock":"([n1,2])","version":"Am4x...","tombstone":false}],
 *  "tombstones":0,"hintedFor":[],"hinted":[]}
 *
 * POST /admin/repair/...
 * {"key":"42","namespace":"cart","coordinator":"n1","partition":39,"versions":1,"repaired":1,
 *  "replicas":[{"node":"n3","result":"repaired","versionsHeld":0,"versionsLacked":1}, ...],
 *  "antiEntropyExchanges":2}
 * </pre>
 * {@code state} is {@code up}, {@code suspected} or {@code cut off}; {@code result} is {@code in sync},
 * {@code repaired}, {@code unreachable} or {@code failed}; {@code antiEntropyExchanges} is there only
 * when asked for. A version's {@code value} is standard base64, {@code null} for a delete (a
 * tombstone); {@code clock} is the paper's notation and {@code version} the exact clock, base64url,
 * as in a get's answer.
 */
final class KeyAnswers {

    private KeyAnswers() {
    }

    /** One stored version. */
    record VersionView(String value, String clock, String version, boolean tombstone) {
    }

    record PlacedView(String id, String zone, String state, String membership, double suspicion, String httpAddress) {
    }

    record PlacementView(String node, String key, String namespace, String hash, int partition, int partitionCount,
                         long ringVersion, int n, List<PlacedView> primaries, List<PlacedView> fallbacks) {
    }

    record ReplicaView(String node, String key, String namespace, boolean primary, List<VersionView> versions,
                       long tombstones, List<String> hintedFor, List<VersionView> hinted) {
    }

    record RepairedView(String node, String result, int versionsHeld, int versionsLacked) {
    }

    static PlacementView placement(KeyPlacement p) {
        return new PlacementView(p.node().value(), KeyPath.text(p.key()), p.key().namespace().name(), p.hash(),
                p.partition(), p.partitionCount(), p.ringVersion(), p.n(), placed(p.primaries()), placed(p.fallbacks()));
    }

    private static List<PlacedView> placed(List<KeyPlacement.Placed> nodes) {
        return nodes.stream().map(n -> new PlacedView(n.id().value(), n.zone().name(), n.state().text(),
                n.membership(), n.suspicion(), n.httpAddress())).toList();
    }

    static ReplicaView replica(ReplicaCopy c) {
        return new ReplicaView(c.node().value(), KeyPath.text(c.key()), c.key().namespace().name(), c.primary(),
                versions(c.stored()), c.stored().stream().filter(v -> v.value() instanceof Value.Tombstone).count(),
                c.hintedFor().stream().map(NodeId::value).toList(), versions(c.hinted()));
    }

    static Map<String, Object> repair(KeyRepairOutcome o) {
        Key key = o.key();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", KeyPath.text(key));
        out.put("namespace", key.namespace().name());
        out.put("coordinator", o.coordinator().value());
        out.put("partition", o.partition());
        out.put("versions", o.merged().size());
        out.put("repaired", o.repairedCount());
        out.put("replicas", o.replicas().stream().map(r -> new RepairedView(r.node().value(), r.result().text(),
                r.versionsHeld(), r.versionsLacked())).toList());
        if (o.antiEntropyExchanges() >= 0) {
            out.put("antiEntropyExchanges", o.antiEntropyExchanges());
        }
        return out;
    }

    private static List<VersionView> versions(List<Versioned<Value>> siblings) {
        return siblings.stream().map(v -> new VersionView(
                v.value() instanceof Value.Bytes b ? Base64.getEncoder().encodeToString(b.toByteArray()) : null,
                v.version().toString(), VersionToken.encode(v.version()), v.value() instanceof Value.Tombstone)).toList();
    }
}
