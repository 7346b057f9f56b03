package io.dynacart.store.runtime;

import io.dynacart.store.encoding.DecodingException;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.membership.ViewCodec;
import io.dynacart.store.storage.FileSync;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The membership view a node last held (members, ring, a ring change under way, namespaces), kept in
 * {@code view.bin} in its data directory so that a node, and a cluster restarted as a whole, starts
 * from the ring it had rather than from the founders' first one: joins, leaves and weights survive
 * restarts. Gossip alone keeps them only in memory.
 *
 * <pre>
 *   8 bytes  "DCVIEW\r\n"        int  format (1)
 *   int      length of the view  int  CRC-32 of the view
 *   the view, as gossip carries it ({@link ViewCodec})
 * </pre>
 * Written whole, to a temporary file that is forced and then moved over the old one, so a crash
 * leaves the old view or the new one, never half of one. A file that does not read back (wrong
 * header, length or checksum, or a view that does not decode) is an error naming the file: the node
 * does not start from a view it cannot trust, nor silently from the founders' ring.
 */
public final class ViewFile {

    /** The file's name in a data directory. */
    public static final String NAME = "view.bin";
    private static final byte[] MAGIC = "DCVIEW\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT = 1;
    private static final int HEADER_BYTES = MAGIC.length + 12;

    private final Path dataDir;
    private final Path file;

    public ViewFile(Path dataDir) {
        this.dataDir = dataDir;
        this.file = dataDir.resolve(NAME);
    }

    /** The view kept in {@code dataDir}, if any; see {@link #load}. */
    public static Optional<MembershipView> read(Path dataDir) {
        return new ViewFile(dataDir).load();
    }

    public Path path() {
        return file;
    }

    /**
     * The view last saved; empty if none was.
     *
     * @throws IllegalStateException naming the file and what to do, if it does not read back
     * @throws UncheckedIOException  if it cannot be read
     */
    public Optional<MembershipView> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(decode(bytes));
        } catch (DecodingException e) {
            throw new IllegalStateException(file + " is not a membership view this node can read (" + e.getMessage()
                    + "); it is written whole, so it was damaged or replaced. Move it aside to start the node from the"
                    + " ring its configuration gives: it then learns the cluster's current ring from its peers", e);
        }
    }

    /**
     * Replaces the saved view with {@code view}, atomically and durably. Thread-safe: saves never
     * interleave.
     *
     * @throws UncheckedIOException if it cannot be written (the old file then stays as it was)
     */
    public synchronized void save(MembershipView view) {
        Path temp = file.resolveSibling(NAME + ".tmp");
        try {
            Files.write(temp, encode(view));
            FileSync.file(temp);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            FileSync.directory(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the membership view to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file's bytes for {@code view}. */
    static byte[] encode(MembershipView view) {
        byte[] body = ViewCodec.encode(view);
        CRC32 crc = new CRC32();
        crc.update(body);
        return ByteBuffer.allocate(HEADER_BYTES + body.length).put(MAGIC).putInt(FORMAT).putInt(body.length)
                .putInt((int) crc.getValue()).put(body).array();
    }

    /** The view in a file's {@code bytes}; {@link DecodingException} saying what is wrong with them. */
    static MembershipView decode(byte[] bytes) {
        if (bytes.length < HEADER_BYTES || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new DecodingException("it does not begin with the header of a view file");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, MAGIC.length, bytes.length - MAGIC.length);
        int format = in.getInt();
        if (format != FORMAT) {
            throw new DecodingException("view file format " + format + " is not known; this node reads format " + FORMAT);
        }
        int length = in.getInt();
        int expectedCrc = in.getInt();
        if (length != bytes.length - HEADER_BYTES) {
            throw new DecodingException("it says the view is " + length + " bytes long, but " + (bytes.length - HEADER_BYTES)
                    + " follow the header");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, HEADER_BYTES, length);
        if ((int) crc.getValue() != expectedCrc) {
            throw new DecodingException("the view's checksum does not match");
        }
        return ViewCodec.decode(Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length));
    }
}
