package io.dynacart.store.storage;

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
 */
public final class CrashWriter {

    /** Ends every report, so that a line cut short by the kill is recognised and ignored. */
    static final String END = " .";

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

    private static void report(FileOutputStream out, String line) throws IOException {
        out.write((line + END + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static String dots(List<Versioned<Value>> siblings) {
        return siblings.stream().map(s -> s.dot().node() + ":" + s.dot().counter() + ":" + s.dot().timestampMillis()
                + (s.value() instanceof Value.Tombstone ? ":T" : ":" + ((Value.Bytes) s.value()).length()))
                .collect(Collectors.joining(","));
    }
}
