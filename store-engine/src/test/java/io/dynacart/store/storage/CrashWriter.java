package io.dynacart.store.storage;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.Reconciliation;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The child process of {@code StorageCrashIT}: writes forever and appends to a report file, before
 * each put, the sibling set it expects ({@code INTENT key dots}) and, after the put returns, the
 * acknowledgement ({@code ACK key}), each line ended by {@link #END}. Each line is one write(2) to a
 * file, so what was reported survives the SIGKILL the test sends at a moment of its choosing.
 *
 * <p>One write in eight is a hint for {@link #HINTED_NODE} instead (put, or deleted as if delivered),
 * reported under the name {@link #HINT_PREFIX}{@code key}; the expected state of a deleted hint is
 * the empty sibling set.
 */
public final class CrashWriter {

    /** Ends every report, so that a line cut short by the kill is recognised and ignored. */
    static final String END = " .";
    /** The node every hint is kept for. */
    static final NodeId HINTED_NODE = NodeId.of("down");
    /** Marks a reported name as the hint of {@link #HINTED_NODE} for the key that follows. */
    static final String HINT_PREFIX = "hint/";

    private CrashWriter() {
    }

    public static void main(String[] args) throws IOException {
        Path dataDir = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        int keys = Integer.parseInt(args[2]);
        List<NodeId> nodes = List.of(NodeId.of("a"), NodeId.of("b"), NodeId.of("c"));
        StorageConfig config = StorageConfig.defaults(dataDir).withPartitioner(new Partitioner(16));
        try (FileOutputStream report = new FileOutputStream(args[3], true)) {
            SqliteStorage storage = SqliteStorage.open(config);
            report(report, "READY");
            while (true) {
                Key key = Key.of("k" + random.nextInt(keys));
                if (random.nextInt(8) == 0) {
                    writeHint(storage, key, random, nodes, report);
                    continue;
                }
                List<Versioned<Value>> current = storage.get(key);
                int op = random.nextInt(10);
                Context context = op < 2 ? Context.EMPTY : Context.of(current);
                Value value = op == 9 ? Value.TOMBSTONE : Value.of(new byte[random.nextInt(300)]);
                NodeId node = nodes.get(random.nextInt(nodes.size()));
                DottedVersionVector v = DottedVersionVector.forWrite(node, System.currentTimeMillis(), context, current,
                        VectorClock.DEFAULT_MAX_ENTRIES);
                Versioned<Value> version = new Versioned<>(v, value);
                report(report, "INTENT " + key + " " + dots(Reconciliation.reconcile(current, version)));
                storage.put(key, version);
                report(report, "ACK " + key);
            }
        }
    }

    /** Puts a hint for {@code key}, or (one time in three) deletes the hint as if it had been delivered. */
    private static void writeHint(SqliteStorage storage, Key key, Random random, List<NodeId> nodes,
                                  FileOutputStream report) throws IOException {
        List<Versioned<Value>> current = storage.hints().forKey(key);
        String name = HINT_PREFIX + key;
        if (random.nextInt(3) == 0) {
            report(report, "INTENT " + name + " ");
            storage.hints().delete(HINTED_NODE, key, current);
        } else {
            Context context = random.nextBoolean() ? Context.EMPTY : Context.of(current);
            DottedVersionVector v = DottedVersionVector.forWrite(nodes.get(random.nextInt(nodes.size())),
                    System.currentTimeMillis(), context, current, VectorClock.DEFAULT_MAX_ENTRIES);
            Versioned<Value> version = new Versioned<>(v, Value.of(new byte[random.nextInt(300)]));
            report(report, "INTENT " + name + " " + dots(Reconciliation.reconcile(current, version)));
            storage.hints().put(HINTED_NODE, key, List.of(version));
        }
        report(report, "ACK " + name);
    }

    /** The siblings a reported name stands for: a key's, or its hint's. */
    static List<Versioned<Value>> read(Storage storage, String name) {
        if (name.startsWith(HINT_PREFIX)) {
            return storage.hints().forKey(Key.of(name.substring(HINT_PREFIX.length())));
        }
        return storage.get(Key.of(name));
    }

    private static void report(FileOutputStream out, String line) throws IOException {
        out.write((line + END + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static String dots(List<Versioned<Value>> siblings) {
        return siblings.stream().map(s -> s.dot().node() + ":" + s.dot().counter() + ":" + s.dot().timestampMillis()
                + (s.value() instanceof Value.Tombstone ? ":T" : ":" + ((Value.Bytes) s.value()).length()))
                .collect(Collectors.joining(","));
    }
}
