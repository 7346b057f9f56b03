package io.dynacart.store.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * Secrets for a cluster and the files that keep them. Every secret and token comes from
 * {@link SecureRandom}; a file holding one is readable by its owner only (mode 600) from the moment
 * it exists: it is created with that mode and written through the same descriptor, so there is no
 * window in which another user could open it.
 */
public final class ClusterSecrets {

    /** Bytes of a secret or token: 256 bits. */
    public static final int BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClusterSecrets() {
    }

    /** A fresh random secret of {@value #BYTES} bytes, e.g. a cluster secret. */
    public static byte[] randomBytes() {
        byte[] secret = new byte[BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /** A fresh random token: URL-safe base64 of {@value #BYTES} random bytes (43 characters). */
    public static String randomToken() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
    }

    /**
     * Writes {@code content} to a new file {@code file}, readable and writable by its owner only
     * (on a file system without POSIX permissions, with the file system's defaults). A file already
     * there is replaced.
     */
    public static void writePrivate(Path file, byte[] content) throws IOException {
        Files.deleteIfExists(file);
        FileAttribute<?>[] mode = posix(file)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
        try (SeekableByteChannel out = Files.newByteChannel(file,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), mode)) {
            ByteBuffer bytes = ByteBuffer.wrap(content);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        }
    }

    /**
     * Takes every permission but the owner's from an existing {@code file} (one written before its
     * secrets were kept private). Does nothing on a file system without POSIX permissions.
     */
    public static void makePrivate(Path file) throws IOException {
        if (posix(file) && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    private static boolean posix(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        return Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
    }
}
