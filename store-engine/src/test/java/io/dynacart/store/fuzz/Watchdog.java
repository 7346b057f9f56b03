package io.dynacart.store.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * What a fuzz run must not cause in the process under test, watched while it runs:
 * <ul>
 *   <li>an exception no one caught (a thread died of it): a default uncaught-exception handler;</li>
 *   <li>an ERROR logged, or a WARN with a stack trace (Netty and our handlers log an unexpected
 *       exception that way before closing a connection): an appender on the root logger;</li>
 *   <li>a thread of the node's gone: the threads named as given, alive when watching began.</li>
 * </ul>
 * Loggers named in {@link #quiet} still reach the watchdog, but not the console: a fuzz run makes
 * the transport log one WARN per refused connection, thousands of them.
 */
public final class Watchdog implements AutoCloseable {

    private static final int KEPT = 50;

    private final Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    private final List<String> uncaught = new ArrayList<>();
    private final List<String> logged = new ArrayList<>();
    private final Map<String, Integer> warnings = new TreeMap<>();
    private final List<Thread> watched = new ArrayList<>();
    private final List<Logger> quieted = new ArrayList<>();
    private final Capture capture = new Capture();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    public Watchdog() {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            StringBuilder where = new StringBuilder(thread.getName() + ": " + e);
            for (StackTraceElement frame : java.util.Arrays.copyOf(e.getStackTrace(), Math.min(4, e.getStackTrace().length))) {
                where.append("\n      at ").append(frame);
            }
            synchronized (this) {
                uncaught.add(where.toString());
            }
        });
        capture.setContext(root.getLoggerContext());
        capture.start();
        root.addAppender(capture);
    }

    /** Keeps the WARNs of logger {@code name} (and below) off the console; the watchdog still sees them. */
    public Watchdog quiet(String name) {
        Logger logger = (Logger) LoggerFactory.getLogger(name);
        logger.setAdditive(false);
        logger.addAppender(capture);
        quieted.add(logger);
        return this;
    }

    /** From now on, the live threads whose names start with one of {@code prefixes} must stay alive. */
    public synchronized Watchdog watchThreads(String... prefixes) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            for (String prefix : prefixes) {
                if (t.getName().startsWith(prefix) && t.isAlive()) {
                    watched.add(t);
                    break;
                }
            }
        }
        return this;
    }

    public synchronized int watchedThreads() {
        return watched.size();
    }

    /** Everything that went wrong so far, one line each; empty when the process stayed healthy. */
    public synchronized List<String> problems() {
        List<String> out = new ArrayList<>();
        uncaught.forEach(u -> out.add("uncaught exception in thread " + u));
        logged.forEach(l -> out.add("logged " + l));
        watched.stream().filter(t -> !t.isAlive()).forEach(t -> out.add("thread " + t.getName() + " died"));
        return out;
    }

    /** How many WARN lines each logger wrote, without a stack trace (expected ones, such as refusals). */
    public synchronized Map<String, Integer> warnings() {
        return new TreeMap<>(warnings);
    }

    private synchronized void record(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        if (event.getLevel().isGreaterOrEqual(Level.ERROR) || (event.getLevel() == Level.WARN && thrown != null)) {
            if (logged.size() < KEPT) {
                logged.add(event.getLevel() + " [" + event.getThreadName() + "] " + event.getLoggerName() + ": "
                        + event.getFormattedMessage() + (thrown == null ? "" : " -- " + thrown.getClassName() + ": "
                        + thrown.getMessage()));
            }
        } else if (event.getLevel() == Level.WARN) {
            warnings.merge(event.getLoggerName(), 1, Integer::sum);
        }
    }

    @Override
    public void close() {
        Thread.setDefaultUncaughtExceptionHandler(previous);
        root.detachAppender(capture);
        for (Logger logger : quieted) {
            logger.detachAppender(capture);
            logger.setAdditive(true);
        }
        capture.stop();
    }

    private final class Capture extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
                record(event);
            }
        }
    }
}
