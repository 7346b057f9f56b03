package io.dynacart.store.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Forcing files and directory entries to disk, so that a rename is durable once made. */
public final class FileSync {

    private FileSync() {
    }

    public static void file(Path file) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.force(true);
        }
    }

    /** Forces the directory's entries (creations, renames, deletions in it); Linux needs it for a durable rename. */
    public static void directory(Path dir) throws IOException {
        try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
            c.force(true);
        }
    }
}
