package io.dynacart.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynacart.store.http.ClusterStatus;
import io.dynacart.store.http.ClusterStatusReader;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.Namespace;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dynacart admin}: talks to any node over its HTTP API. */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Inspect and operate a running cluster through any node's HTTP API.",
        subcommands = {AdminCommand.Status.class, AdminCommand.RingCmd.class, AdminCommand.Join.class,
                AdminCommand.Leave.class, AdminCommand.Reweight.class, AdminCommand.Hints.class, AdminCommand.Repair.class, AdminCommand.Get.class,
                AdminCommand.Put.class, AdminCommand.Delete.class, AdminCommand.NamespaceCmd.class,
                AdminCommand.Namespaces.class, BackupCommands.Backup.class, BackupCommands.Restore.class,
                KeyCommand.class})
public final class AdminCommand implements Runnable {

    @Option(names = "--node", defaultValue = "http://127.0.0.1:7101", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "any node's HTTP address (default: ${DEFAULT-VALUE})")
    String node;

    @Option(names = "--token-file", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "file holding the admin token (default: env " + Secrets.TOKEN_ENV + "); join, leave, reweight,"
                    + " repair, namespace, backup and key --repair need it")
    Path tokenFile;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "name a subcommand: status, ring, join, leave, reweight, hints, repair, get, put, delete, namespace,"
                        + " namespaces, backup, restore or key");
    }

    NodeApi api() {
        URI base;
        try {
            base = URI.create(node.contains("://") ? node : "http://" + node);
        } catch (IllegalArgumentException e) {
            throw new OpsException("--node '" + node + "' is not an address; give e.g. http://127.0.0.1:7101");
        }
        String token = null;
        if (tokenFile != null || System.getenv(Secrets.TOKEN_ENV) != null) {
            token = Secrets.read(tokenFile, Secrets.TOKEN_ENV, System.getenv(), "admin token", "--token-file");
        }
        return new NodeApi(base, token);
    }

    /** A subcommand: the parent's options, where to print, and the answer's error as a failure. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        AdminCommand parent;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        static NodeApi.Answer expect(NodeApi.Answer a, int... ok) {
            for (int s : ok) {
                if (a.status() == s) {
                    return a;
                }
            }
            throw new OpsException("the node answered " + a.status() + ": " + a.error());
        }

        ClusterStatus cluster() {
            return ClusterStatusReader.read(expect(parent.api().get("/cluster"), 200).body()
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "The cluster as this node sees it: nodes, their state, hints, transfers, and the space this node gave back.")
    static final class Status extends Sub {
        @Override
        public Integer call() {
            ClusterStatus c = cluster();
            PrintWriter out = out();
            out.printf("answered by %s; ring version %d, %d partitions; %d requests in flight%n", c.node(),
                    c.ringVersion(), c.partitionCount(), c.requestsInFlight());
            out.printf("%-6s %-22s %-22s %-12s %-10s %-10s %-7s %-12s %-10s %s%n", "ID", "HTTP", "TCP", "REACHABLE",
                    "MEMBER", "PARTS", "WEIGHT", "INCARNATION", "SUSPICION", "ZONE");
            for (ClusterStatus.NodeView n : c.nodes()) {
                Integer weight = c.weights().get(n.id());
                out.printf("%-6s %-22s %-22s %-12s %-10s %-10d %-7s %-12d %-10.1f %s%n", n.id(), n.httpAddress(),
                        n.tcpAddress(), n.status().json(), n.membership(), n.partitionsOwned(),
                        weight == null ? "-" : weight.toString(), n.incarnation(), n.suspicion(), n.zone());
            }
            ClusterStatus.Transfers t = c.transfers();
            if (t.targetRingVersion() > 0) {
                out.printf("ring change to version %d: %d copies left cluster-wide; here %d done, %d pulling, %d pending%n",
                        t.targetRingVersion(), t.remaining(), t.done(), t.inFlight(), t.pending());
            }
            out.printf("anti-entropy: %d exchanges completed, %d keys repaired here%n", c.antiEntropy().sessionsCompleted(),
                    c.antiEntropy().keysReceived());
            reclaim(out, c.reclaim());
            return 0;
        }

        /** What this node dropped of partitions it no longer replicates, its database, and what waits. */
        private static void reclaim(PrintWriter out, ClusterStatus.Reclaim r) {
            out.printf("reclaimed here: %d partitions dropped (%d keys, %d bytes), %d bytes given back to the file"
                    + " system%n", r.partitionsDropped(), r.keysDropped(), r.bytesDropped(), r.fileBytesReturned());
            out.printf("database: %d bytes, %d of them free%s; write-ahead log %d bytes%n", r.databaseBytes(),
                    r.freeBytes(), r.returnsFreeSpace() ? "" : " (made before incremental vacuum: reused, not given back)",
                    r.walBytes());
            if (r.pendingPartitions() > 0) {
                Map<String, Integer> why = new TreeMap<>();
                r.pending().forEach(p -> why.merge(p.waitingFor(), 1, Integer::sum));
                StringBuilder reasons = new StringBuilder();
                why.forEach((w, n) -> reasons.append(reasons.length() == 0 ? "" : ", ").append(n).append(' ').append(w));
                out.printf("to drop: %d partitions no longer replicated here (%d keys, %d bytes): %s%n",
                        r.pendingPartitions(), r.pendingKeys(), r.pendingBytes(), reasons);
            }
            if (r.dropsHalted() > 0 || r.dropsFailed() > 0) {
                out.printf("drops halted by a ring change: %d, failed: %d%n", r.dropsHalted(), r.dropsFailed());
            }
        }
    }

    @Command(name = "ring", mixinStandardHelpOptions = true, description = "The ring: how many partitions each node owns, and which.")
    static final class RingCmd extends Sub {
        @Option(names = "--partitions", description = "also list each node's partition numbers")
        boolean list;

        @Override
        public Integer call() {
            ClusterStatus c = cluster();
            Map<String, StringBuilder> owned = new TreeMap<>();
            Map<String, Integer> counts = new TreeMap<>();
            int p = 0;
            for (String o : c.owners()) {
                owned.computeIfAbsent(o, k -> new StringBuilder()).append(owned.get(o).length() == 0 ? "" : ",").append(p);
                counts.merge(o, 1, Integer::sum);
                p++;
            }
            out().printf("ring version %d, %d partitions (owner = first of each preference list)%n",
                    c.ringVersion(), p);
            counts.forEach((n, k) -> out().printf("%-6s %4d partitions, weight %s%s%n", n, k,
                    c.weights().getOrDefault(n, 0) == 0 ? "?" : c.weights().get(n).toString(), list ? ": " + owned.get(n) : ""));
            return 0;
        }
    }

    @Command(name = "join", mixinStandardHelpOptions = true, description = "Add the node given by --node to the ring (run it first, outside the seeds).")
    static final class Join extends Sub {
        @Option(names = "--weight", description = "its share of partitions, 1 to 100 (default: the node's own --weight, else 1)")
        Integer weight;

        @Override
        public Integer call() {
            JsonNode a = expect(parent.api().admin("/admin/join" + (weight == null ? "" : "?weight=" + weight)), 202).json();
            out().println("join started: the ring moves to version " + a.path("targetRingVersion").asLong()
                    + " once its partitions have moved; watch `dynacart admin status`");
            return 0;
        }
    }

    @Command(name = "leave", mixinStandardHelpOptions = true, description = "Move a node's partitions away and take it out of the ring.")
    static final class Leave extends Sub {
        @Parameters(paramLabel = "NODE", description = "the node that leaves, e.g. n3")
        String leaver;

        @Override
        public Integer call() {
            JsonNode a = expect(parent.api().admin("/admin/leave?node=" + leaver), 202).json();
            out().println("leave of " + leaver + " started: the ring moves to version " + a.path("targetRingVersion").asLong()
                    + " once its partitions have moved; stop the node after that");
            return 0;
        }
    }

    @Command(name = "reweight", mixinStandardHelpOptions = true, description = {"Give a node of the ring another weight "
            + "(its share of the partitions relative to the others'): partitions move to or from it as for a join or leave,"
            + " and the ring switches once they have.", "Example: `dynacart admin reweight n2 2`."})
    static final class Reweight extends Sub {
        @Parameters(index = "0", paramLabel = "NODE", description = "the node, e.g. n2")
        String target;

        @Parameters(index = "1", paramLabel = "WEIGHT", description = "its new weight, 1 to 100")
        int weight;

        @Override
        public Integer call() {
            JsonNode a = expect(parent.api().admin("/admin/reweight?node=" + target + "&weight=" + weight), 202).json();
            out().println("reweight of " + target + " to " + weight + " started: the ring moves to version "
                    + a.path("targetRingVersion").asLong() + " once its partitions have moved; watch `dynacart admin status`");
            return 0;
        }
    }

    @Command(name = "hints", mixinStandardHelpOptions = true, description = "Hints this node holds for unreachable nodes.")
    static final class Hints extends Sub {
        @Override
        public Integer call() {
            ClusterStatus c = cluster();
            if (c.hintsPending().isEmpty()) {
                out().println("no hints held on " + c.node());
            }
            c.hintsPending().forEach((node, keys) -> out().printf("%-6s %d keys waiting%n", node, keys));
            return 0;
        }
    }

    @Command(name = "repair", mixinStandardHelpOptions = true, description = "Run anti-entropy for a partition now, with each of its other replicas.")
    static final class Repair extends Sub {
        @Parameters(paramLabel = "PARTITION", description = "the partition number (see `dynacart admin ring --partitions`)")
        int partition;

        @Override
        public Integer call() {
            JsonNode a = expect(parent.api().admin("/admin/repair?partition=" + partition), 202).json();
            out().println("partition " + partition + ": " + a.path("exchanges").asInt() + " exchanges queued");
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Read a key: every sibling and the context to write back with.")
    static final class Get extends Sub {
        @Parameters(paramLabel = "KEY")
        String key;

        @Option(names = "--namespace", defaultValue = "default", description = "the key's namespace (default: ${DEFAULT-VALUE})")
        String namespace;

        @Option(names = "--r", description = "read quorum for this call: 1..N, or local (a majority of the key's "
                + "replicas in the answering node's zone)")
        String r;

        @Override
        public Integer call() {
            NodeApi.Answer a = expect(parent.api().getValue(key(namespace, key), r), 200, 404);
            JsonNode body = a.json();
            if (a.status() == 404 && body.has("error")) {
                throw new OpsException("the node answered 404: " + a.error()); // an unknown namespace
            }
            PrintWriter out = out();
            out.println("context: " + body.path("context").asText());
            if (a.status() == 404) {
                out.println("not found");
                return 0;
            }
            out.println(body.path("siblings").size() + " sibling(s):");
            for (JsonNode v : body.path("versions")) {
                out.println("  " + v.path("clock").asText() + "  " + (v.path("value").isNull() ? "(deleted)"
                        : show(Base64.getDecoder().decode(v.path("value").asText()))));
            }
            return 0;
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true, description = "Write a value; prints the new version's context.")
    static final class Put extends Sub {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE", description = "the value, as UTF-8 text")
        String value;

        @Option(names = "--namespace", defaultValue = "default", description = "the key's namespace (default: ${DEFAULT-VALUE})")
        String namespace;

        @Option(names = "--context", description = "the context of what you read (absent: a blind write, which may add a sibling)")
        String context;

        @Option(names = "--w", description = "write quorum for this call: 1..N, or local")
        String w;

        @Override
        public Integer call() {
            NodeApi.Answer a = expect(parent.api().putValue(key(namespace, key), value.getBytes(StandardCharsets.UTF_8), context, w), 204);
            out().println("context: " + a.context());
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete what a context names (get the key first for its context).")
    static final class Delete extends Sub {
        @Parameters(paramLabel = "KEY")
        String key;

        @Option(names = "--namespace", defaultValue = "default", description = "the key's namespace (default: ${DEFAULT-VALUE})")
        String namespace;

        @Option(names = "--context", required = true, description = "the context a get printed")
        String context;

        @Override
        public Integer call() {
            NodeApi.Answer a = expect(parent.api().delete(key(namespace, key), context), 204);
            out().println("deleted; context: " + a.context());
            return 0;
        }
    }

    static Key key(String namespace, String text) {
        Namespace ns;
        try {
            ns = Namespace.of(namespace);
        } catch (IllegalArgumentException e) {
            throw new OpsException("bad --namespace: " + e.getMessage());
        }
        try {
            return Key.of(ns, text);
        } catch (IllegalArgumentException e) {
            throw new OpsException("bad key: " + e.getMessage());
        }
    }

    @Command(name = "namespace", mixinStandardHelpOptions = true,
            description = {"Make a namespace, or change the settings named; the rest stay as they are.",
                    "A new one starts with the cluster's N, R and W, siblings, no expiry.",
                    "Example: `dynacart admin namespace session --reconcile last-write-wins --ttl 12h`."})
    static final class NamespaceCmd extends Sub {
        @Parameters(paramLabel = "NAME", description = "letters, digits, '.', '_' or '-'; at most 32")
        String name;

        @Option(names = "--n", description = "replicas of each key (at most the cluster's N)")
        Integer n;

        @Option(names = "--r", description = "replicas a read waits for when it names none")
        Integer r;

        @Option(names = "--w", description = "replicas a write waits for when it names none")
        Integer w;

        @Option(names = "--reconcile", description = "siblings (the client merges) or last-write-wins")
        String reconcile;

        @Option(names = "--ttl", description = "how long a key lives after its last write: 90s, 15m, 12h, 30d, or none")
        String ttl;

        @Option(names = "--max-siblings", description = "cap on a key's siblings (0: the cluster's)")
        Integer maxSiblings;

        @Option(names = "--max-sibling-bytes", description = "cap on a key's sibling bytes, at least 1 MiB (0: the cluster's)")
        Long maxSiblingBytes;

        @Override
        public Integer call() {
            ObjectNode body = NodeApi.MAPPER.createObjectNode().put("name", name);
            if (n != null) {
                body.put("n", n);
            }
            if (r != null) {
                body.put("r", r);
            }
            if (w != null) {
                body.put("w", w);
            }
            if (reconcile != null) {
                body.put("reconcile", reconcile);
            }
            if (ttl != null) {
                body.put("ttl", ttl);
            }
            if (maxSiblings != null) {
                body.put("maxSiblings", maxSiblings);
            }
            if (maxSiblingBytes != null) {
                body.put("maxSiblingBytes", maxSiblingBytes);
            }
            JsonNode made = expect(parent.api().adminJson("/admin/namespaces", body.toString()), 200).json();
            out().println("namespace " + describe(made) + "; gossip takes it to every node within seconds");
            return 0;
        }
    }

    @Command(name = "namespaces", mixinStandardHelpOptions = true, description = "The namespaces this node knows, with their settings.")
    static final class Namespaces extends Sub {
        @Override
        public Integer call() {
            for (JsonNode ns : expect(parent.api().get("/namespaces"), 200).json().path("namespaces")) {
                out().println(describe(ns));
            }
            return 0;
        }
    }

    /** Seconds as the largest whole unit: 30d, 12h, 15m or 90s. */
    static String ttlText(long seconds) {
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    /** One line for a namespace: {@code cart: N=3 R=2 W=2, siblings, ttl 30d (version 1)}. */
    static String describe(JsonNode ns) {
        long ttl = ns.path("ttlSeconds").asLong();
        String caps = ns.path("maxSiblings").asInt() == 0 && ns.path("maxSiblingBytes").asLong() == 0 ? ""
                : ", caps " + ns.path("maxSiblings").asInt() + " siblings / " + ns.path("maxSiblingBytes").asLong() + " bytes";
        return ns.path("name").asText() + ": N=" + ns.path("n").asInt() + " R=" + ns.path("r").asInt() + " W="
                + ns.path("w").asInt() + ", " + ns.path("reconcile").asText() + ", "
                + (ttl == 0 ? "no expiry" : "ttl " + ttlText(ttl)) + caps + " (version " + ns.path("version").asLong() + ")";
    }

    /** UTF-8 text when the bytes are that, else base64. */
    static String show(byte[] value) {
        try {
            return "\"" + StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)) + "\"";
        } catch (CharacterCodingException e) {
            return "base64:" + Base64.getEncoder().encodeToString(value);
        }
    }
}
