package io.dynacart.store.runtime;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.Member;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.storage.RecordedIncarnation;
import io.dynacart.store.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The incarnation a node process starts under, and whether it must learn it from its peers first.
 *
 * <p>A node whose data directory holds data starts under the higher of its configured incarnation and
 * the one recorded there ({@link RecordedIncarnation}). A node that may learn (one started by
 * {@code dynacart node}) and starts on an empty or missing data directory has lost its data, or never
 * had any: it starts LEARNING ({@link io.dynacart.store.membership.IncarnationLearning}) and takes the
 * next incarnation if its first peer's view knew an earlier life of it. Until it has learnt, a marker
 * file ({@value #MARKER}) says so, so that a node stopped before it learnt learns again at its next
 * start rather than trusting a directory that is no longer empty; once learnt, the incarnation is
 * recorded and the marker deleted.
 *
 * @param floor    the incarnation it runs under at least: the configured one, or the recorded one if higher
 * @param learning whether it learns its incarnation from its peers before taking writes
 */
record StartingIncarnation(Path dataDir, int floor, boolean learning) {

    static final String MARKER = "incarnation.learning";

    /** Whether {@code dataDir} is missing or empty, or a node began learning there and did not finish. Call before opening storage. */
    static boolean isFresh(Path dataDir) {
        if (Files.exists(dataDir.resolve(MARKER))) {
            return true;
        }
        if (!Files.isDirectory(dataDir)) {
            return !Files.exists(dataDir);
        }
        try (Stream<Path> entries = Files.list(dataDir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The start on {@code dataDir} (created by now), given the {@code configured} incarnation and
     * whether it was {@link #isFresh} before the storage opened it.
     */
    static StartingIncarnation settle(Path dataDir, int configured, boolean fresh) {
        if (!fresh) {
            return new StartingIncarnation(dataDir, RecordedIncarnation.settle(dataDir, configured), false);
        }
        int floor = Math.max(configured, RecordedIncarnation.read(dataDir).orElse(0));
        try {
            Files.createDirectories(dataDir);
            Path marker = dataDir.resolve(MARKER);
            if (!Files.exists(marker)) {
                Files.createFile(marker);
            }
        } catch (IOException e) {
            throw new StorageException("cannot mark " + dataDir + " as learning its incarnation: " + e.getMessage(), e);
        }
        return new StartingIncarnation(dataDir, floor, true);
    }

    /**
     * Follows the node's views on its loop and, once the node of id {@code self} has learnt its
     * incarnation, records it in the data directory on {@code worker} and deletes the marker. Does
     * nothing for a node that did not learn.
     */
    Consumer<MembershipView> recorder(NodeId self, Executor worker) {
        boolean[] recorded = {!learning};
        return view -> {
            Member own = view.members().get(self);
            if (recorded[0] || own == null || own.generation() == 0) {
                return;
            }
            recorded[0] = true;
            try {
                worker.execute(() -> record(own.incarnation()));
            } catch (RejectedExecutionException stopping) {
                // stopping before the record: the marker stays, and the next start learns again
            }
        };
    }

    private void record(int incarnation) {
        RecordedIncarnation.write(dataDir, incarnation);
        try {
            Files.deleteIfExists(dataDir.resolve(MARKER));
        } catch (IOException e) {
            throw new StorageException("cannot delete " + dataDir.resolve(MARKER) + ": " + e.getMessage(), e);
        }
    }
}
