package io.dynacart.store.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one of the storage's threads has died, and of what. The first death is logged at ERROR
 * with its cause and told to the listeners; from then on every write, and every writer waiting for
 * that thread, fails with {@link StorageFailedException} instead of waiting for a thread that will
 * never answer.
 */
final class StorageFailure {

    private static final Logger LOG = LoggerFactory.getLogger(StorageFailure.class);

    private final Path dataDir;
    private final AtomicReference<StorageFailedException> failure = new AtomicReference<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    StorageFailure(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** {@code thread} died of {@code cause}: the storage has failed. Only the first death counts. */
    void threadDied(String thread, Throwable cause) {
        StorageFailedException e = new StorageFailedException("the storage in " + dataDir + " has failed: its thread "
                + thread + " died of " + cause + "; this node takes no writes until it is restarted (every write"
                + " it acknowledged is in its append log and is replayed on restart)", cause);
        if (!failure.compareAndSet(null, e)) {
            LOG.error("storage thread {} died too", thread, cause);
            return;
        }
        LOG.error("STORAGE FAILED: thread {} died; this node refuses writes until restarted", thread, cause);
        for (Consumer<String> l : listeners) {
            tell(l, e.getMessage());
        }
    }

    /** Throws {@link StorageFailedException} once a thread has died. */
    void check() {
        StorageFailedException e = failure.get();
        if (e != null) {
            throw new StorageFailedException(e.getMessage(), e.getCause());
        }
    }

    /** What failed, once something has. */
    Optional<String> problem() {
        StorageFailedException e = failure.get();
        return e == null ? Optional.empty() : Optional.of(e.getMessage());
    }

    /** Calls {@code listener} with the problem when the storage fails, at once if it has already. */
    void onFailure(Consumer<String> listener) {
        listeners.add(listener);
        StorageFailedException e = failure.get();
        if (e != null && listeners.remove(listener)) {
            tell(listener, e.getMessage());
        }
    }

    private static void tell(Consumer<String> listener, String problem) {
        try {
            listener.accept(problem);
        } catch (RuntimeException ex) {
            LOG.error("a listener failed on hearing that the storage failed", ex);
        }
    }
}
