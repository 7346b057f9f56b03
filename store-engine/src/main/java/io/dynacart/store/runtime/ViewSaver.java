package io.dynacart.store.runtime;

import io.dynacart.store.membership.MembershipView;
import java.io.UncheckedIOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a node's views (on its loop: every change but heartbeats) and saves the latest to its
 * {@link ViewFile} on the node's worker thread, so the loop never waits for the disk. Changes that
 * come faster than the disk (a ring change marks each partition copy done) are saved as one: a save
 * always writes the latest view.
 */
final class ViewSaver implements Consumer<MembershipView> {

    private static final Logger LOG = LoggerFactory.getLogger(ViewSaver.class);

    private final ViewFile file;
    private final Executor worker;
    private final AtomicReference<MembershipView> pending = new AtomicReference<>();

    ViewSaver(ViewFile file, Executor worker) {
        this.file = file;
        this.worker = worker;
    }

    @Override
    public void accept(MembershipView view) {
        if (pending.getAndSet(view) != null) {
            return; // a save is queued and will write this view
        }
        try {
            worker.execute(this::saveLatest);
        } catch (RejectedExecutionException stopping) {
            // the node is stopping: its runtime saves the last view as it stops
        }
    }

    private void saveLatest() {
        MembershipView latest = pending.getAndSet(null);
        if (latest != null) {
            save(file, latest);
        }
    }

    /** Saves {@code view}; a failure is logged (the node runs on, and its peers have the view). */
    static void save(ViewFile file, MembershipView view) {
        try {
            file.save(view);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            LOG.warn("{}; the node runs on, and its peers know the ring", e.getMessage());
        }
    }
}
