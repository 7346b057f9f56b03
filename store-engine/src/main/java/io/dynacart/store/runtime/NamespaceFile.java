package io.dynacart.store.runtime;

import io.dynacart.store.api.NamespaceTable;
import io.dynacart.store.encoding.DecodingException;
import io.dynacart.store.membership.NamespaceCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespaces a node knows, kept in {@code namespaces.bin} in its data directory, so that a
 * cluster restarted as a whole comes back with them: gossip alone keeps them only in memory. Written
 * whole, to a temporary file that is forced and then moved over the old one, so a crash leaves the
 * old table or the new one, never half of one.
 */
final class NamespaceFile {

    private static final Logger LOG = LoggerFactory.getLogger(NamespaceFile.class);
    static final String NAME = "namespaces.bin";

    private final Path file;

    NamespaceFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
    }

    /**
     * The table last saved; empty if none was. A file that does not decode is logged and set aside
     * ({@code namespaces.bin.unreadable}): the node then learns the namespaces from its peers.
     */
    NamespaceTable load() {
        if (!Files.exists(file)) {
            return NamespaceTable.EMPTY;
        }
        try {
            return NamespaceCodec.decode(Files.readAllBytes(file));
        } catch (DecodingException e) {
            Path aside = file.resolveSibling(NAME + ".unreadable");
            LOG.warn("{} does not decode ({}); moved to {}, and the node learns its namespaces from its peers",
                    file, e.getMessage(), aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                throw new UncheckedIOException("cannot move aside " + file, moveFailed);
            }
            return NamespaceTable.EMPTY;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Replaces the saved table with {@code table}; a failure is logged (the peers still have it). */
    void save(NamespaceTable table) {
        Path temp = file.resolveSibling(NAME + ".tmp");
        try {
            Files.write(temp, NamespaceCodec.encode(table));
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot save the namespaces to {}: {}; they stay known to the cluster's other nodes", file,
                    e.toString());
        }
    }
}
