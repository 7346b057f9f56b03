package io.dynacart.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynacart.store.api.Value;
import io.dynacart.store.cluster.KeyEncoding;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Reconciliation;
import io.dynacart.store.versioning.VersionToken;
import io.dynacart.store.versioning.Versioned;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dynacart admin key KEY}: the key explorer on the command line. Asks the node given by
 * {@code --node} where the key lives ({@code GET /placement/...}), then reads each replica's own copy
 * from that replica's node ({@code GET /replica/...}), and marks the replicas that lack a version the
 * others hold. {@code --repair} runs read repair of the key first ({@code POST /admin/repair/...}).
 */
@Command(name = "key", mixinStandardHelpOptions = true,
        description = {"Where a key lives and what each of its replicas holds: its hash, partition and preference"
                + " list (each node up, suspected or cut off), then each replica's siblings and clocks, read from"
                + " that replica's own node; a replica that lacks a version the others hold is marked.",
                "Example: `dynacart admin key --namespace cart 3f2a9c --repair`."})
final class KeyCommand extends AdminCommand.Sub {

    /** How much of a value a line shows. */
    private static final int SHOWN = 60;

    @Parameters(paramLabel = "KEY", description = "the key's name, as UTF-8 text")
    String key;

    @Option(names = "--namespace", defaultValue = "default", description = "the key's namespace (default: ${DEFAULT-VALUE})")
    String namespace;

    @Option(names = "--repair", description = "read repair of the key now, coordinated by --node: every primary is"
            + " read and those lacking a version are written the merge (needs the admin token)")
    boolean repair;

    @Option(names = "--anti-entropy", description = "with --repair, also queue anti-entropy exchanges of the key's"
            + " partition between --node and the partition's other replicas")
    boolean antiEntropy;

    @Override
    public Integer call() {
        Key k = AdminCommand.key(namespace, key);
        if (antiEntropy && !repair) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--anti-entropy goes with --repair");
        }
        String path = KeyEncoding.path(k);
        NodeApi api = parent.api();
        JsonNode placement = expect(api.get("/placement" + path), 200).json();
        PrintWriter out = out();
        printPlacement(out, placement);
        List<Copy> before = readReplicas(placement, path, api);
        out.println();
        out.println("replicas, each read from its own node:");
        printReplicas(out, before);
        if (repair) {
            JsonNode done = expect(api.admin("/admin/repair" + path + (antiEntropy ? "?antiEntropy=true" : "")), 200)
                    .json();
            out.println();
            printRepair(out, done);
            out.println();
            out.println("replicas after the repair:");
            printReplicas(out, readReplicas(placement, path, api));
        }
        return 0;
    }

    private static void printPlacement(PrintWriter out, JsonNode p) {
        String ns = p.path("namespace").asText();
        out.printf("key %s%s, as %s sees it%n", p.path("key").asText(), ns.equals("default") ? "" : " in namespace " + ns,
                p.path("node").asText());
        out.printf("hash %s (%.4f of the way round the ring), partition %d of %d, ring version %d, N=%d%n",
                p.path("hash").asText(), position(p.path("hash").asText()), p.path("partition").asInt(),
                p.path("partitionCount").asInt(), p.path("ringVersion").asLong(), p.path("n").asInt());
        out.println();
        out.println("preference list (primaries, then fallbacks in the order they stand in):");
        out.printf("  %-3s %-8s %-10s %-12s %s%n", "#", "NODE", "ROLE", "ZONE", "STATE");
        int i = 1;
        for (JsonNode n : p.path("primaries")) {
            out.printf("  %-3d %-8s %-10s %-12s %s%n", i++, n.path("id").asText(), "primary", n.path("zone").asText(),
                    n.path("state").asText());
        }
        for (JsonNode n : p.path("fallbacks")) {
            out.printf("  %-3d %-8s %-10s %-12s %s%n", i++, n.path("id").asText(), "fallback", n.path("zone").asText(),
                    n.path("state").asText());
        }
    }

    /** The hash as a fraction of the ring: its top 53 bits over 2^53. */
    static double position(String hexHash) {
        if (hexHash.length() < 16) {
            return 0;
        }
        long high = Long.parseUnsignedLong(hexHash.substring(0, 16), 16);
        return (high >>> 11) / (double) (1L << 53);
    }

    /** One node's copy as it answered, or why it did not. */
    private record Copy(String node, boolean primary, List<Versioned<Value>> stored, List<String> hintedFor,
                        List<Versioned<Value>> hinted, String problem) {
    }

    /** Every primary's copy, and each fallback's that holds hints of the key, read from its own node. */
    private List<Copy> readReplicas(JsonNode placement, String path, NodeApi via) {
        List<Copy> copies = new ArrayList<>();
        for (String role : List.of("primaries", "fallbacks")) {
            for (JsonNode n : placement.path(role)) {
                Copy c = read(n, path, via);
                if (role.equals("primaries") || (c.problem() == null && (!c.hinted().isEmpty() || !c.stored().isEmpty()))) {
                    copies.add(new Copy(c.node(), role.equals("primaries"), c.stored(), c.hintedFor(), c.hinted(),
                            c.problem()));
                }
            }
        }
        return copies;
    }

    private Copy read(JsonNode placed, String path, NodeApi via) {
        String id = placed.path("id").asText();
        String address = placed.path("httpAddress").asText();
        if (address.isEmpty()) {
            return new Copy(id, false, List.of(), List.of(), List.of(), "its address is not known yet");
        }
        NodeApi node = new NodeApi(URI.create("http://" + address), via.token());
        try {
            NodeApi.Answer a = node.get("/replica" + path);
            if (a.status() != 200) {
                return new Copy(id, false, List.of(), List.of(), List.of(), "it answered " + a.status() + ": " + a.error());
            }
            JsonNode copy = a.json();
            List<String> hintedFor = new ArrayList<>();
            copy.path("hintedFor").forEach(h -> hintedFor.add(h.asText()));
            return new Copy(id, false, versions(copy.path("versions")), hintedFor, versions(copy.path("hinted")), null);
        } catch (OpsException e) {
            return new Copy(id, false, List.of(), List.of(), List.of(), "no answer at " + address);
        }
    }

    private static List<Versioned<Value>> versions(JsonNode list) {
        List<Versioned<Value>> out = new ArrayList<>();
        for (JsonNode v : list) {
            Value value = v.path("value").isNull() ? Value.TOMBSTONE
                    : Value.of(Base64.getDecoder().decode(v.path("value").asText()));
            out.add(new Versioned<>(VersionToken.decode(v.path("version").asText()), value));
        }
        return out;
    }

    private static void printReplicas(PrintWriter out, List<Copy> copies) {
        List<Versioned<Value>> together = List.of();
        int answered = 0;
        for (Copy c : copies) {
            if (c.primary() && c.problem() == null) {
                together = Reconciliation.reconcile(together, c.stored());
                answered++;
            }
        }
        int differing = 0;
        for (Copy c : copies) {
            String role = c.primary() ? "primary" : "fallback";
            if (c.problem() != null) {
                out.printf("  %-6s %-9s cannot be read: %s%n", c.node(), role, c.problem());
                continue;
            }
            int lacking = c.primary() ? Reconciliation.lacking(c.stored(), together) : 0;
            differing += lacking > 0 ? 1 : 0;
            out.printf("  %-6s %-9s %s%s%n", c.node(), role, count(c.stored().size()), lacking == 0 ? ""
                    : "   DIFFERS: lacks " + lacking + " of the " + count(together.size())
                    + " the replicas hold together");
            c.stored().forEach(v -> out.println("         " + line(v)));
            if (!c.hintedFor().isEmpty()) {
                out.printf("         hints for %s: %s%n", String.join(", ", c.hintedFor()), count(c.hinted().size()));
                c.hinted().forEach(v -> out.println("           " + line(v)));
            }
        }
        if (answered > 0 && differing == 0) {
            out.printf("  the %d primaries that answered agree%n", answered);
        }
    }

    private static void printRepair(PrintWriter out, JsonNode done) {
        long repaired = done.path("repaired").asLong();
        out.printf("read repair coordinated by %s: %s, %s in the merge%n", done.path("coordinator").asText(),
                repaired == 0 ? "nothing to repair" : repaired + (repaired == 1 ? " replica repaired" : " replicas repaired"),
                count(done.path("versions").asInt()));
        for (JsonNode r : done.path("replicas")) {
            String result = r.path("result").asText();
            String detail = switch (result) {
                case "repaired" -> " (held " + count(r.path("versionsHeld").asInt()) + ", lacked "
                        + r.path("versionsLacked").asInt() + ")";
                case "unreachable" -> " (did not answer; not repaired)";
                case "failed" -> " (could not read or store the key; not repaired)";
                default -> "";
            };
            out.printf("  %-6s %s%s%n", r.path("node").asText(), result, detail);
        }
        if (done.has("antiEntropyExchanges")) {
            out.printf("anti-entropy: %d exchanges of partition %d queued on %s%n",
                    done.path("antiEntropyExchanges").asInt(), done.path("partition").asInt(),
                    done.path("coordinator").asText());
        }
    }

    private static String count(int versions) {
        return versions + (versions == 1 ? " version" : " versions");
    }

    /** UTF-8 text in quotes when the bytes are that and hold no control characters, else base64. */
    private static String printable(byte[] value) {
        String shown = AdminCommand.show(value);
        if (shown.startsWith("\"") && shown.codePoints().anyMatch(Character::isISOControl)) {
            return "base64:" + Base64.getEncoder().encodeToString(value);
        }
        return shown;
    }

    /** One version: its clock, then its value (or that it is a delete), cut to a line. */
    private static String line(Versioned<Value> v) {
        String shown = v.value() instanceof Value.Bytes b ? printable(b.toByteArray()) : "(deleted: a tombstone)";
        if (shown.length() > SHOWN) {
            int bytes = v.value() instanceof Value.Bytes b ? b.toByteArray().length : 0;
            shown = shown.substring(0, SHOWN) + "... (" + bytes + " bytes)";
        }
        return String.format(Locale.ROOT, "%-28s %s", v.version(), shown);
    }
}
