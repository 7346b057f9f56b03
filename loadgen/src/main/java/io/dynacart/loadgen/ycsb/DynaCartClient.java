package io.dynacart.loadgen.ycsb;

import com.sun.management.OperatingSystemMXBean;
import io.dynacart.loadgen.target.EmbeddedTarget;
import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.cluster.ClusterClient;
import io.dynacart.store.cluster.KvStores;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Context;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Vector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import site.ycsb.ByteArrayByteIterator;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;

/**
 * A YCSB binding: runs the standard workloads A–F against DynaCart.
 *
 * <pre>
 *   java -cp loadgen/target/loadgen.jar site.ycsb.Client -t -db io.dynacart.loadgen.ycsb.DynaCartClient \
 *        -P workloada -p dynacart.nodes=http://127.0.0.1:7101,http://127.0.0.1:7102 -threads 8
 * </pre>
 * Properties: {@code dynacart.nodes} (running nodes; without it an embedded cluster of
 * {@code dynacart.embedded.nodes}, default 5, is started in this JVM and shared by every client
 * thread, its data in {@code dynacart.embedded.dir} — kept, so a load phase and a later run phase
 * share it — or in a temporary directory deleted at the end), {@code dynacart.quorum} (N,R,W,
 * default 3,2,2), {@code dynacart.timeout.ms} (default 5000), {@code dynacart.transport} (how requests
 * reach running nodes: {@code binary}, their client protocol, the default, or {@code http}) and
 * {@code dynacart.client.token} (the nodes' client token, if they require one; default: env
 * {@code DYNACART_CLIENT_TOKEN}). The seeds stay HTTP URLs either way: the ring is learned there.
 *
 * <p>A record is stored under {@code table:key} as its fields in one compact value. An update is the
 * paper's read-modify-write: the record's fields (every sibling's, merged) with the new fields
 * applied, written with the context of what was read. {@code dynacart.update} says where that read
 * comes from: {@code known} (the default) uses what this client last read or wrote of the record,
 * as a Dynamo client keeps the context it was given, and reads first only a record it does not know
 * ({@value #KNOWN_RECORDS} records at most), so an update of a known record is one round trip;
 * {@code read-first} reads before every update, two round trips. A context that is stale (another
 * client wrote since) makes the write a sibling of that write, which the next read merges; the
 * client counts and prints how many reads found more than one version. Scans are not supported: the
 * store has no ordered keys.
 */
public class DynaCartClient extends DB {

    private static final Object LOCK = new Object();
    private static AutoCloseable shared;
    private static KvStore sharedStore;
    private static int users;
    /** Store operations (a YCSB update is a read and a write) and the process's CPU time when the first thread opened the store. */
    private static final LongAdder OPERATIONS = new LongAdder();
    private static long cpuNanosAtOpen;
    /** How many records {@code dynacart.update=known} remembers; past it, updates of others read first. */
    static final int KNOWN_RECORDS = 1_000_000;
    /** What this client last read or wrote of each record, shared by its threads. */
    private static final Map<Key, Known> KNOWN = new ConcurrentHashMap<>();
    private static final LongAdder READS = new LongAdder();
    private static final LongAdder READS_OF_SIBLINGS = new LongAdder();

    /** A record as this client last read or wrote it: the context to write it with, and its fields. */
    private record Known(Context context, Map<String, byte[]> fields) {
    }

    private KvStore store;
    private long timeoutMillis;
    private boolean updateKnown;

    @Override
    public void init() throws DBException {
        Properties p = getProperties();
        timeoutMillis = Long.parseLong(p.getProperty("dynacart.timeout.ms", "5000"));
        String update = p.getProperty("dynacart.update", "known").strip().toLowerCase(Locale.ROOT);
        if (!update.equals("known") && !update.equals("read-first")) {
            throw new DBException("dynacart.update is known or read-first, was '" + update + "'");
        }
        updateKnown = update.equals("known");
        String[] q = p.getProperty("dynacart.quorum", "3,2,2").split(",");
        Quorum quorum;
        try {
            quorum = new Quorum(Integer.parseInt(q[0].trim()), Integer.parseInt(q[1].trim()), Integer.parseInt(q[2].trim()));
        } catch (RuntimeException e) {
            throw new DBException("dynacart.quorum is N,R,W, e.g. 3,2,2: " + e.getMessage());
        }
        synchronized (LOCK) {
            if (users == 0) {
                open(p, quorum);
                OPERATIONS.reset();
                READS.reset();
                READS_OF_SIBLINGS.reset();
                KNOWN.clear();
                cpuNanosAtOpen = processCpuNanos();
            }
            users++;
            store = sharedStore;
        }
    }

    private void open(Properties p, Quorum quorum) throws DBException {
        String nodes = p.getProperty("dynacart.nodes", "").trim();
        try {
            if (nodes.isEmpty()) {
                System.setProperty("chronicle.analytics.disable", "true");
                System.setProperty("chronicle.announcer.disable", "true");
                String dir = p.getProperty("dynacart.embedded.dir", "").trim();
                EmbeddedTarget target = EmbeddedTarget.start(
                        Integer.parseInt(p.getProperty("dynacart.embedded.nodes", "5")), quorum,
                        dir.isEmpty() ? null : Path.of(dir));
                shared = target;
                sharedStore = KvStores.roundRobin(IntStream.range(0, target.coordinators())
                        .mapToObj(target::coordinatedBy).toList());
            } else {
                List<URI> seeds = Arrays.stream(nodes.split(",")).map(String::trim).map(URI::create).toList();
                ClusterClient client = ClusterClient.connect(seeds, quorum, Duration.ofMillis(timeoutMillis), options(p));
                shared = client;
                sharedStore = client;
            }
        } catch (RuntimeException e) {
            throw new DBException("cannot reach DynaCart: " + e.getMessage(), e);
        }
    }

    private static ClusterClient.Config options(Properties p) throws DBException {
        String transport = p.getProperty("dynacart.transport", "binary").strip().toLowerCase(Locale.ROOT);
        if (!transport.equals("binary") && !transport.equals("http")) {
            throw new DBException("dynacart.transport is binary or http, was '" + transport + "'");
        }
        String token = p.getProperty("dynacart.client.token", System.getenv().getOrDefault("DYNACART_CLIENT_TOKEN", ""));
        return new ClusterClient.Config(transport.equals("http") ? ClusterClient.Transport.HTTP
                : ClusterClient.Transport.BINARY, token.strip());
    }

    @Override
    public void cleanup() throws DBException {
        synchronized (LOCK) {
            if (--users == 0 && shared != null) {
                reportCpu();
                try {
                    shared.close();
                } catch (Exception e) {
                    throw new DBException("closing the store failed: " + e.getMessage(), e);
                } finally {
                    shared = null;
                    sharedStore = null;
                }
            }
        }
    }

    /**
     * Prints this process's CPU time since the store was opened, per store operation, on stderr: with
     * running nodes it is the client's share of the cost of an operation (the nodes' is measured on them).
     */
    private static void reportCpu() {
        double seconds = (processCpuNanos() - cpuNanosAtOpen) / 1e9;
        long ops = OPERATIONS.sum();
        System.err.printf(Locale.ROOT, "[DynaCart] client process CPU: %.2f s for %d store operations (%.0f us each; "
                + "an update of a record this client does not know is a read and a write)%n", seconds, ops,
                ops == 0 ? 0.0 : seconds * 1e6 / ops);
        long reads = READS.sum();
        System.err.printf(Locale.ROOT, "[DynaCart] reads that found more than one version: %d of %d (%.3f%%)%n",
                READS_OF_SIBLINGS.sum(), reads, reads == 0 ? 0.0 : 100.0 * READS_OF_SIBLINGS.sum() / reads);
    }

    /** Reads since the store was opened that found more than one version (tests). */
    static long readsOfSiblings() {
        return READS_OF_SIBLINGS.sum();
    }

    /** Reads {@code k}, counting reads that found siblings, and remembers what it found. */
    private GetResult readAndRemember(Key k) throws Exception {
        GetResult r = await(store.get(k));
        READS.increment();
        if (r.values().size() > 1) {
            READS_OF_SIBLINGS.increment();
        }
        if (r.found()) {
            remember(k, r.context(), merged(r));
        }
        return r;
    }

    private static void remember(Key k, Context context, Map<String, byte[]> fields) {
        if (KNOWN.size() < KNOWN_RECORDS || KNOWN.containsKey(k)) {
            KNOWN.put(k, new Known(context, fields));
        }
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Key key(String table, String key) {
        return Key.of(table + ":" + key);
    }

    private <T> T await(CompletableFuture<T> f) throws Exception {
        OPERATIONS.increment();
        return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Every sibling's fields merged; where siblings differ on a field, the first sibling's value. */
    private static Map<String, byte[]> merged(GetResult r) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (byte[] v : r.values()) {
            FieldsCodec.decode(v).forEach(out::putIfAbsent);
        }
        return out;
    }

    @Override
    public Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
        try {
            GetResult r = readAndRemember(key(table, key));
            if (!r.found()) {
                return Status.NOT_FOUND;
            }
            merged(r).forEach((name, value) -> {
                if (fields == null || fields.contains(name)) {
                    result.put(name, new ByteArrayByteIterator(value));
                }
            });
            return Status.OK;
        } catch (Exception e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status scan(String table, String startkey, int recordcount, Set<String> fields,
                       Vector<HashMap<String, ByteIterator>> result) {
        return Status.NOT_IMPLEMENTED;
    }

    @Override
    public Status update(String table, String key, Map<String, ByteIterator> values) {
        try {
            Key k = key(table, key);
            Known known = updateKnown ? KNOWN.get(k) : null;
            if (known == null) {
                GetResult r = readAndRemember(k);
                known = new Known(r.context(), merged(r));
            }
            Map<String, byte[]> fields = new LinkedHashMap<>(known.fields());
            values.forEach((name, value) -> fields.put(name, value.toArray()));
            Context written = await(store.put(k, known.context(), FieldsCodec.encode(fields)));
            remember(k, written, fields);
            return Status.OK;
        } catch (Exception e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status insert(String table, String key, Map<String, ByteIterator> values) {
        try {
            Map<String, byte[]> fields = new LinkedHashMap<>();
            values.forEach((name, value) -> fields.put(name, value.toArray()));
            Key k = key(table, key);
            GetResult r = await(store.get(k));
            remember(k, await(store.put(k, r.context(), FieldsCodec.encode(fields))), fields);
            return Status.OK;
        } catch (Exception e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status delete(String table, String key) {
        try {
            Key k = key(table, key);
            GetResult r = await(store.get(k));
            if (!r.found()) {
                return Status.NOT_FOUND;
            }
            await(store.delete(k, r.context()));
            KNOWN.remove(k);
            return Status.OK;
        } catch (Exception e) {
            return Status.ERROR;
        }
    }
}
