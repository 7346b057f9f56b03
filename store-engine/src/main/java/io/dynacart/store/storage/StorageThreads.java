package io.dynacart.store.storage;

import java.util.Map;
import org.slf4j.MDC;

/**
 * The storage's own threads: they log as the thread that opened the storage did (its MDC, such as
 * the node's id), and a thread that dies of anything, an {@code Error} included, fails the storage
 * loudly ({@link StorageFailure}) rather than leaving writers to wait for it.
 */
final class StorageThreads {

    private StorageThreads() {
    }

    /** Starts a daemon thread named {@code name} running {@code body}; its death by any throwable fails the storage. */
    static Thread start(String name, Runnable body, StorageFailure failure) {
        Runnable guarded = () -> {
            try {
                body.run();
            } catch (Throwable t) { // any death must be reported, an Error first of all
                failure.threadDied(name, t);
            }
        };
        Thread thread = new Thread(withCallersMdc(guarded), name);
        thread.setDaemon(true);
        thread.start();
        return thread;
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
