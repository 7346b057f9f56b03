package io.dynacart.store.runtime;

import io.dynacart.store.api.NamespaceTable;
import io.dynacart.store.membership.MembershipView;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Follows a node's views (on its loop) and saves the namespace table to its {@link NamespaceFile}
 * whenever it changes, on the node's worker thread so the loop never waits for the disk.
 */
final class NamespaceSaver implements Consumer<MembershipView> {

    private final NamespaceFile file;
    private final Executor worker;
    private NamespaceTable saved;

    NamespaceSaver(NamespaceFile file, Executor worker) {
        this.file = file;
        this.worker = worker;
    }

    @Override
    public void accept(MembershipView view) {
        NamespaceTable now = view.namespaces();
        if (now.equals(saved)) {
            return;
        }
        saved = now;
        try {
            worker.execute(() -> file.save(now));
        } catch (RejectedExecutionException stopping) {
            // the node is stopping; the table is saved the next time it changes, and peers have it
        }
    }
}
