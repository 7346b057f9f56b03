package io.dynacart.store.transport.tcp;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * WARN lines about connections refused before they authenticated, at most one per interval: a
 * stranger who opens connections as fast as it can must not be able to flood the node's log. The
 * first refusal of an interval is logged in full; the ones suppressed after it are counted and
 * told with the next line.
 */
final class RefusalLog {

    /** Long enough to bound a flood to a few lines a minute, short enough that an operator sees it at once. */
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger log;
    private long lastLogged;
    private boolean loggedAny;
    private long suppressed;

    RefusalLog(Logger log) {
        this.log = log;
    }

    /** Logs {@code "<self>: <message>"} at WARN unless a line was logged within the interval; then counts it. */
    synchronized void warn(Object self, String message) {
        long now = System.nanoTime();
        if (loggedAny && now - lastLogged < INTERVAL_NANOS) {
            suppressed++;
            return;
        }
        String more = suppressed == 0 ? ""
                : " (and " + suppressed + " more connections refused in the last " + TimeUnit.NANOSECONDS.toSeconds(now - lastLogged)
                        + " s, not logged one by one)";
        log.warn("{}: {}{}", self, message, more);
        loggedAny = true;
        lastLogged = now;
        suppressed = 0;
    }
}
