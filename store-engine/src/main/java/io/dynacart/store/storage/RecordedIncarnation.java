package io.dynacart.store.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incarnation a data directory's data belongs to, in its file {@code incarnation}: written by a
 * node when it starts, and by a restore (which raises it). A node starts under at least the recorded
 * one, so that a restored directory cannot be started under the clock actor whose later versions
 * other replicas hold (see {@link DataDirectoryRestore}).
 */
public final class RecordedIncarnation {

    private static final Logger LOG = LoggerFactory.getLogger(RecordedIncarnation.class);
    static final String FILE = "incarnation";

    private RecordedIncarnation() {
    }

    /**
     * The incarnation a node with {@code configured} starts under on {@code dataDir}: the configured
     * one, or the recorded one if higher; recorded there for next time.
     */
    public static int settle(Path dataDir, int configured) {
        OptionalInt recorded = read(dataDir);
        int chosen = Math.max(configured, recorded.orElse(0));
        if (chosen != configured) {
            LOG.info("{} holds data of incarnation {} (a restore raised it): the node starts under it, not the"
                    + " configured {}", dataDir, chosen, configured);
        }
        if (recorded.isEmpty() || recorded.getAsInt() != chosen) {
            write(dataDir, chosen);
        }
        return chosen;
    }

    /** The incarnation recorded in {@code dataDir}, if any. */
    public static OptionalInt read(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return OptionalInt.empty();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new StorageException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 0) {
                return OptionalInt.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StorageException(file + " holds '" + text + "', not an incarnation (a whole number >= 0); put the"
                + " node's incarnation in it");
    }

    /** Records {@code incarnation} in {@code dataDir}, atomically and durably. */
    public static void write(Path dataDir, int incarnation) {
        if (incarnation < 0) {
            throw new IllegalArgumentException("incarnation must be >= 0, was " + incarnation);
        }
        Path file = dataDir.resolve(FILE);
        Path tmp = dataDir.resolve(FILE + ".tmp");
        try {
            Files.writeString(tmp, incarnation + "\n", StandardCharsets.US_ASCII);
            FileSync.file(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            FileSync.directory(dataDir);
        } catch (IOException e) {
            throw new StorageException("cannot record incarnation " + incarnation + " in " + file + ": " + e.getMessage(), e);
        }
    }
}
