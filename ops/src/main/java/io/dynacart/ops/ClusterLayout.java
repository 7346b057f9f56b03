package io.dynacart.ops;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.MemberStatus;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.runtime.ViewFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A local cluster's directory:
 *
 * <pre>
 *   DIR/secret          the cluster secret (mode 600), generated on first start
 *   DIR/admin-token     the admin token (mode 600), generated on first start
 *   DIR/n1/node.properties   n1's config file (see {@link NodeCommand}); its HTTP address for status,
 *                            its client protocol address for clients, its zone and weight, its
 *                            incarnation once restored
 *   DIR/n4/node.properties   a node that joined later ({@code dynacart cluster join}): the same, its
 *                            seeds the founders
 *   DIR/n1/data/        n1's data directory
 *   DIR/n1/node.pid     n1's process id while it runs
 *   DIR/n1/node.log     n1's output
 * </pre>
 *
 * @param dir  the cluster's directory
 * @param host the address its nodes bind and advertise
 * @param baseHttp n1's HTTP port; n2 has the next
 * @param baseTcp  n1's TCP port; n2 has the next
 * @param baseClient n1's binary client protocol port; n2 has the next
 */
record ClusterLayout(Path dir, String host, int baseHttp, int baseTcp, int baseClient) {

    Path secret() {
        return dir.resolve("secret");
    }

    Path adminToken() {
        return dir.resolve("admin-token");
    }

    Path nodeDir(String id) {
        return dir.resolve(id);
    }

    Path config(String id) {
        return nodeDir(id).resolve("node.properties");
    }

    Path pidFile(String id) {
        return nodeDir(id).resolve("node.pid");
    }

    Path log(String id) {
        return nodeDir(id).resolve("node.log");
    }

    static String id(int index) {
        return "n" + (index + 1);
    }

    String httpAddress(int index) {
        return host + ":" + (baseHttp + index);
    }

    String tcpAddress(int index) {
        return host + ":" + (baseTcp + index);
    }

    String clientAddress(int index) {
        return host + ":" + (baseClient + index);
    }

    /** Creates the directory and the secrets (once), and writes each of {@code nodes} nodes' config file. */
    void prepare(int nodes) {
        prepare(nodes, List.of());
    }

    /** As {@link #prepare(int, List, List)}, every node of weight 1. */
    void prepare(int nodes, List<String> zones) {
        prepare(nodes, zones, List.of());
    }

    /**
     * As {@link #prepare(int)}, the nodes taking {@code zones} in turn (n1 the first, n2 the second,
     * ..., wrapping round; none: every node in the default zone), and {@code weights} likewise (none:
     * every node of weight 1). A node already prepared keeps its zone and weight: asking for others is
     * an error, as for ports (a running cluster changes a weight with {@code dynacart admin reweight}).
     */
    void prepare(int nodes, List<String> zones, List<Integer> weights) {
        try {
            Files.createDirectories(dir);
            if (!Files.exists(secret())) {
                Secrets.writePrivate(secret(), Secrets.generate());
            }
            if (!Files.exists(adminToken())) {
                Secrets.writePrivate(adminToken(), Secrets.generate());
            }
            List<String> seeds = new ArrayList<>();
            List<String> seedZones = new ArrayList<>();
            List<String> seedWeights = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                seeds.add(id(i) + "@" + tcpAddress(i));
                if (!zones.isEmpty()) {
                    seedZones.add(id(i) + "=" + zones.get(i % zones.size()));
                }
                if (!weights.isEmpty()) {
                    seedWeights.add(id(i) + "=" + weights.get(i % weights.size()));
                }
            }
            for (int i = 0; i < nodes; i++) {
                String id = id(i);
                if (Files.exists(config(id))) {
                    requireSamePorts(id, i);
                    requireSameZone(id, zones.isEmpty() ? null : zones.get(i % zones.size()));
                    requireSameWeight(id, weights.isEmpty() ? null : weights.get(i % weights.size()));
                    addClientPort(id, i); // a directory made before the client protocol existed
                    continue; // the cluster's own record: a later start never moves a node
                }
                Files.createDirectories(nodeDir(id));
                Properties p = new Properties();
                p.setProperty("id", id);
                p.setProperty("listen", tcpAddress(i));
                p.setProperty("http", httpAddress(i));
                p.setProperty("client", clientAddress(i));
                p.setProperty("seeds", String.join(",", seeds));
                if (!zones.isEmpty()) {
                    p.setProperty("zone", zones.get(i % zones.size()));
                    p.setProperty("seed-zones", String.join(",", seedZones));
                }
                if (!weights.isEmpty()) {
                    p.setProperty("weight", Integer.toString(weights.get(i % weights.size())));
                    p.setProperty("seed-weights", String.join(",", seedWeights));
                }
                writeNode(id, p);
            }
        } catch (IOException e) {
            throw new OpsException("cannot prepare cluster directory " + dir + " (" + e + "); give a writable --dir");
        }
    }

    /**
     * Writes the config file of a node that joins the prepared cluster: the next id after every node
     * here, the next ports, the founders' seeds (with their zones and weights, so it computes their
     * first ring alike), in {@code zone} (null: the default) with {@code weight}. Answers its id.
     */
    String prepareJoiner(String zone, int weight) {
        List<String> present = nodes();
        if (present.isEmpty()) {
            throw new OpsException("no cluster in " + dir + "; start one with `dynacart cluster start --dir " + dir + "`");
        }
        int index = Integer.parseInt(present.get(present.size() - 1).substring(1));
        String id = id(index);
        Properties founder = properties(present.get(0));
        Properties p = new Properties();
        p.setProperty("id", id);
        p.setProperty("listen", tcpAddress(index));
        p.setProperty("http", httpAddress(index));
        p.setProperty("client", clientAddress(index));
        p.setProperty("seeds", founder.getProperty("seeds"));
        for (String key : List.of("seed-zones", "seed-weights")) {
            if (founder.getProperty(key) != null) {
                p.setProperty(key, founder.getProperty(key));
            }
        }
        if (zone != null) {
            p.setProperty("zone", zone);
        }
        p.setProperty("weight", Integer.toString(weight));
        try {
            Files.createDirectories(nodeDir(id));
            writeNode(id, p);
        } catch (IOException e) {
            throw new OpsException("cannot prepare " + nodeDir(id) + " (" + e + "); give a writable --dir");
        }
        return id;
    }

    private void writeNode(String id, Properties p) throws IOException {
        p.setProperty("data", nodeDir(id).resolve("data").toAbsolutePath().toString());
        p.setProperty("secret-file", secret().toAbsolutePath().toString());
        p.setProperty("admin-token-file", adminToken().toAbsolutePath().toString());
        try (Writer out = Files.newBufferedWriter(config(id), StandardCharsets.UTF_8)) {
            p.store(out, "written by `dynacart cluster start`; keys are `dynacart node` options");
        }
    }

    /** The founding nodes: those the seeds in n1's config file name (every node but those that joined later). */
    List<String> founders() {
        List<String> present = nodes();
        if (present.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String seed : properties(present.get(0)).getProperty("seeds", "").split(",")) {
            int at = seed.indexOf('@');
            if (at > 0) {
                out.add(seed.substring(0, at).strip());
            }
        }
        return out;
    }

    /**
     * Why {@code id} is not to be started, if it is not: it is outside the latest ring the nodes kept
     * in their data directories (their views merged, as gossip would merge them), a ring that has
     * changed since the first: it left. A node that is in that ring or the ring it moves to, or when
     * no node kept a view, is started; so is one whose view cannot be read (it then says why itself).
     */
    Optional<String> leftRing(String id) {
        return keptView().filter(view -> view.ring().version() > 1 && view.status(NodeId.of(id)) == MemberStatus.LEFT)
                .map(view -> id + " is not in the ring (version " + view.ring().version() + "): it left");
    }

    /** The views the nodes kept in their data directories, merged; those that cannot be read left out. */
    private Optional<MembershipView> keptView() {
        MembershipView merged = null;
        for (String node : nodes()) {
            try {
                MembershipView kept = ViewFile.read(dataOf(node)).orElse(null);
                if (kept != null) {
                    merged = merged == null ? kept : merged.merge(kept);
                }
            } catch (RuntimeException unreadable) {
                // that node refuses to start, saying why
            }
        }
        return Optional.ofNullable(merged);
    }

    private void requireSameWeight(String id, Integer weight) {
        if (weight != null && weight != weightOf(id)) {
            throw new OpsException(id + " in " + dir + " has weight " + weightOf(id) + ", not " + weight
                    + "; a node keeps the weight of its first start: give that --weights (or none), or change it in the"
                    + " running cluster with `dynacart admin reweight " + id + " " + weight + "`");
        }
    }

    /** The weight in {@code id}'s config file (1 when it names none). */
    int weightOf(String id) {
        try {
            return Integer.parseInt(properties(id).getProperty("weight", "1").strip());
        } catch (NumberFormatException e) {
            throw new OpsException(config(id) + " has a weight that is not a number; put a whole number from 1 to 100");
        }
    }

    private void requireSamePorts(String id, int index) {
        String http = httpOf(id);
        if (!http.equals(httpAddress(index))) {
            throw new OpsException(id + " in " + dir + " serves HTTP on " + http + ", not " + httpAddress(index)
                    + "; give the --host/--base-http/--base-tcp of its first start, or use another --dir");
        }
    }

    private void requireSameZone(String id, String zone) {
        if (zone != null && !zone.equals(zoneOf(id))) {
            throw new OpsException(id + " in " + dir + " is in zone " + zoneOf(id) + ", not " + zone
                    + "; a node keeps the zone of its first start: give that --zones (or none), or use another --dir");
        }
    }

    /** Gives {@code id}'s config file a client protocol address if it has none. */
    private void addClientPort(String id, int index) throws IOException {
        Properties p = properties(id);
        if (p.getProperty("client") == null) {
            Files.writeString(config(id), "client=" + clientAddress(index) + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        }
    }

    /** The nodes that have a config file here, n1 first. */
    List<String> nodes() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.exists(p.resolve("node.properties")))
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("n[0-9]+"))
                    .sorted((a, b) -> Integer.compare(Integer.parseInt(a.substring(1)), Integer.parseInt(b.substring(1))))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HTTP address in {@code id}'s config file. */
    String httpOf(String id) {
        return properties(id).getProperty("http", "");
    }

    /** The zone in {@code id}'s config file ("default" when it names none). */
    String zoneOf(String id) {
        return properties(id).getProperty("zone", "default");
    }

    /** The data directory in {@code id}'s config file. */
    Path dataOf(String id) {
        String data = properties(id).getProperty("data");
        return data == null ? nodeDir(id).resolve("data") : Path.of(data);
    }

    /** The incarnation in {@code id}'s config file (raised by a restore), 0 if none. */
    int incarnationOf(String id) {
        try {
            return Integer.parseInt(properties(id).getProperty("incarnation", "0").strip());
        } catch (NumberFormatException e) {
            throw new OpsException(config(id) + " has an incarnation that is not a number; put the node's incarnation"
                    + " (times its data was replaced) there");
        }
    }

    /** Records in {@code id}'s config file that it starts under {@code incarnation}, so that a lost data directory does not forget it. */
    void setIncarnation(String id, int incarnation) {
        Properties p = properties(id);
        p.setProperty("incarnation", Integer.toString(incarnation));
        try (Writer out = Files.newBufferedWriter(config(id), StandardCharsets.UTF_8)) {
            p.store(out, "written by `dynacart cluster start`, incarnation by `restore`; keys are `dynacart node` options");
        } catch (IOException e) {
            throw new OpsException("cannot write " + config(id) + " (" + e + ")");
        }
    }

    /** The client protocol address in {@code id}'s config file. */
    String clientOf(String id) {
        return properties(id).getProperty("client", "");
    }

    private Properties properties(String id) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(config(id), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new OpsException("cannot read " + config(id) + " (" + e + ")");
        }
        return p;
    }

    /** The pid recorded for {@code id}, if any. */
    Optional<Long> pid(String id) {
        try {
            return Files.exists(pidFile(id)) ? Optional.of(Long.parseLong(Files.readString(pidFile(id)).strip()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
