package io.dynacart.store.runtime;

import io.dynacart.store.api.NamespaceTable;
import io.dynacart.store.encoding.DecodingException;
import io.dynacart.store.membership.NamespaceCodec;
import io.dynacart.store.storage.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The namespace table in a backup: each node's snapshot carries the table it knew, as its
 * {@link NamespaceFile}, and a restore gives it back to the node's data directory, merged with any
 * table already there, so that a cluster restored as a whole knows its namespaces again (gossip
 * alone would find none to spread).
 */
public final class BackupNamespaces {

    private BackupNamespaces() {
    }

    /** The node's files a snapshot carries: its namespace table. */
    static Map<String, byte[]> files(NamespaceTable table) {
        return Map.of(NamespaceFile.NAME, NamespaceCodec.encode(table));
    }

    /**
     * Merges the namespace table among {@code files} (a snapshot's node files) into the one kept in
     * {@code dataDir}, if any (none for a lost disk), so the node starts knowing both.
     *
     * @throws StorageException if the backup's table does not decode or cannot be written
     */
    public static void restore(Path dataDir, Map<String, byte[]> files) {
        byte[] encoded = files.get(NamespaceFile.NAME);
        if (encoded == null) {
            return;
        }
        NamespaceTable table;
        try {
            table = NamespaceCodec.decode(encoded);
        } catch (DecodingException e) {
            throw new StorageException("the backup's namespace table for " + dataDir + " does not decode: "
                    + e.getMessage(), e);
        }
        try {
            NamespaceTable merged = new NamespaceFile(dataDir).load().merge(table);
            Path file = dataDir.resolve(NamespaceFile.NAME);
            Path tmp = dataDir.resolve(NamespaceFile.NAME + ".restoring");
            Files.write(tmp, NamespaceCodec.encode(merged));
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            throw new StorageException("cannot give " + dataDir + " its namespaces from the backup: " + e.getMessage(), e);
        }
    }
}
