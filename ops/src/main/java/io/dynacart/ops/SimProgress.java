package io.dynacart.ops;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code dynacart sim}'s progress on stderr: on a terminal one line rewritten in place (cleared
 * before anything else is printed), otherwise a line every {@value #QUIET_NANOS_TEXT}.
 */
final class SimProgress {

    private static final String QUIET_NANOS_TEXT = "10 s";
    private static final long QUIET_NANOS = 10_000_000_000L;
    private static final long REDRAW_NANOS = 150_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastShown = started;
    private boolean lineShown;

    SimProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** Shows {@code text} if it is time to (or at once with {@code now}). */
    void show(String text, boolean now) {
        long t = System.nanoTime();
        if (!now && t - lastShown < (terminal ? REDRAW_NANOS : QUIET_NANOS)) {
            return;
        }
        lastShown = t;
        if (terminal) {
            err.print("\r\033[K" + text);
            lineShown = true;
        } else {
            err.println(text);
        }
        err.flush();
    }

    /** Removes the line in place, if any, so that other output starts at the left margin. */
    void clear() {
        if (terminal && lineShown) {
            err.print("\r\033[K");
            err.flush();
            lineShown = false;
        }
    }

    /** Seconds since this progress began. */
    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** {@code 57/200 schedules, 4.2/s, 0 failed, about 34 s left}. */
    static String sweep(int done, int total, int failed, double seconds) {
        double rate = seconds > 0 ? done / seconds : 0;
        String left = rate > 0 && done < total ? String.format(Locale.ROOT, ", about %s left",
                SimReport.span(Math.round((total - done) / rate * 1000))) : "";
        return String.format(Locale.ROOT, "sim: %d/%d schedules, %.1f/s, %d failed%s", done, total, rate, failed, left);
    }
}
