package io.dynacart.store.cluster;

import io.dynacart.store.identity.NodeId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The incarnation each node starts under, kept in {@code incarnations.properties} in a cluster's
 * root directory: bumped when its data directory is wiped, raised when its data is restored from a
 * backup. A node with new data starts under a new incarnation, so that the clock entries it writes
 * ({@code <id>.<n>}) never collide with those of its earlier life.
 */
final class Incarnations {

    private final Path file;

    Incarnations(Path root) {
        this.file = root.resolve("incarnations.properties");
    }

    /** The incarnation node {@code id} starts under: 0 until its data is first wiped. */
    int of(NodeId id) {
        return Integer.parseInt(read().getProperty(id.value(), "0"));
    }

    /** Records that node {@code id}'s data was wiped: it starts under the next incarnation. */
    void bump(NodeId id) {
        raiseTo(id, of(id) + 1);
    }

    /** Records that node {@code id} starts under {@code incarnation} (its data was restored), if that is higher. */
    void raiseTo(NodeId id, int incarnation) {
        if (incarnation <= of(id)) {
            return;
        }
        Properties p = read();
        p.setProperty(id.value(), Integer.toString(incarnation));
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "times each node's data directory was wiped; its clocks carry <id>.<n> after a wipe");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the incarnation of " + id, e);
        }
    }

    private Properties read() {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return p;
    }
}
