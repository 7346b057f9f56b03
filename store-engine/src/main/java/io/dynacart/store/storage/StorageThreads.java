package io.dynacart.store.storage;

import java.util.Map;
import org.slf4j.MDC;

/** The storage's own threads log as the thread that opened the storage did (its MDC, such as the node's id). */
final class StorageThreads {

    private StorageThreads() {
    }

    /** {@code body}, to run on a new thread with the calling thread's MDC. */
    static Runnable withCallersMdc(Runnable body) {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        if (mdc == null || mdc.isEmpty()) {
            return body;
        }
        return () -> {
            MDC.setContextMap(mdc);
            body.run();
        };
    }
}
