package io.dynacart.web;

import io.dynacart.store.cluster.ClusterSecrets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The demo's data directory:
 *
 * <pre>
 *   DIR/dynacart-demo.properties   marks the directory as the demo's; the node count; the cluster secret
 *                                  (so readable by its owner only: mode 600)
 *   DIR/cluster/n1 ... nN          each node's data (SQLite, append log), see LocalCluster
 * </pre>
 *
 * Reopening it gives the same cluster back (the same secret, and the ring the nodes kept with their
 * data: joins and leaves included; the node count must match the founders'). {@code --fresh} empties it first, but only a directory that is empty or marked as
 * the demo's: a typo in {@code --data} must not delete someone's files.
 */
public final class DemoData {

    static final String MARKER = "dynacart-demo.properties";

    private final Path dir;
    private final byte[] secret;

    private DemoData(Path dir, byte[] secret) {
        this.dir = dir;
        this.secret = secret;
    }

    /** The default: {@code ~/.dynacart/demo}. */
    public static Path defaultDir() {
        return Path.of(System.getProperty("user.home"), ".dynacart", "demo");
    }

    /**
     * Opens (creating it when missing) the demo data in {@code dir}, emptied first when {@code fresh}.
     *
     * @throws IllegalArgumentException when {@code dir} is not the demo's, or holds a cluster of
     *                                  another size
     */
    public static DemoData open(Path dir, boolean fresh, int nodes) {
        return open(dir, fresh, nodes, List.of());
    }

    /**
     * As {@link #open(Path, boolean, int)}, for a cluster whose nodes take {@code zones} in turn (empty:
     * one zone); a directory holding a demo in other zones is refused, as one of another size is.
     */
    public static DemoData open(Path dir, boolean fresh, int nodes, List<String> zones) {
        Path marker = dir.resolve(MARKER);
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new IllegalArgumentException(dir + " is a file, not a directory");
            }
            if (Files.isDirectory(dir) && !Files.exists(marker) && !isEmpty(dir)) {
                throw new IllegalArgumentException(dir + " is not empty and is not a DynaCart demo directory (no "
                        + MARKER + "); choose another --data");
            }
            if (fresh && Files.exists(marker)) {
                deleteTree(dir);
            }
            Files.createDirectories(dir);
            Properties p = new Properties();
            if (Files.exists(marker)) {
                ClusterSecrets.makePrivate(marker); // written readable by all before secrets were kept private
                try (InputStream in = Files.newInputStream(marker)) {
                    p.load(in);
                }
                String had = p.getProperty("nodes", "");
                if (!had.equals(Integer.toString(nodes))) {
                    throw new IllegalArgumentException(dir + " holds a " + had + "-node demo cluster; run with --nodes "
                            + had + ", or --fresh to start over with " + nodes);
                }
                String hadZones = p.getProperty("zones", "");
                if (!hadZones.equals(String.join(",", zones))) {
                    throw new IllegalArgumentException(dir + " holds a demo cluster " + (hadZones.isEmpty() ? "in one zone"
                            : "in zones " + hadZones) + "; run with " + (hadZones.isEmpty() ? "no --zones" : "--zones "
                            + hadZones) + ", or --fresh to start over");
                }
            } else {
                p.setProperty("nodes", Integer.toString(nodes));
                if (!zones.isEmpty()) {
                    p.setProperty("zones", String.join(",", zones));
                }
                p.setProperty("secret", HexFormat.of().formatHex(ClusterSecrets.randomBytes()));
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                p.store(text, "DynaCart demo data; delete the directory (or run with --fresh) to start over");
                ClusterSecrets.writePrivate(marker, text.toByteArray());
            }
            return new DemoData(dir, HexFormat.of().parseHex(p.getProperty("secret")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + dir + " for the demo's data: " + e.getMessage(), e);
        }
    }

    public Path clusterRoot() {
        return dir.resolve("cluster");
    }

    /** The cluster secret (nodes authenticate each other with it). */
    public byte[] secret() {
        return secret.clone();
    }

    /** The key of the CSRF tokens, derived from the secret, so pages stay valid over a restart. */
    public byte[] csrfKey() {
        return derive("dynacart csrf");
    }

    /** The key cart ids are signed with, derived from the secret, so carts outlive a restart. */
    public byte[] cartIdKey() {
        return derive("dynacart cart ids");
    }

    private byte[] derive(String purpose) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(purpose.getBytes(StandardCharsets.US_ASCII));
            return sha.digest(secret);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
