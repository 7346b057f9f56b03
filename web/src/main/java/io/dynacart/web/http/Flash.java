package io.dynacart.web.http;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Notices kept on the server for a browser's next page: a form posts, the server does the work,
 * notes what it did here, and redirects; the page the browser then loads shows the notice once. So
 * a notice is always the server's own words: no query parameter can put text in the banner.
 *
 * <p>Keyed by session id; at most {@value #MAX_SESSIONS} sessions' notices are kept (the oldest
 * dropped first), each for {@value #MAX_AGE_MILLIS} ms, and a few notices per session.
 */
public final class Flash {

    static final int MAX_SESSIONS = 10_000;
    static final long MAX_AGE_MILLIS = 5 * 60_000;
    private static final int MAX_PER_SESSION = 4;

    /**
     * What a page shows: the notices joined, and whether one of them reports a problem (shown as a
     * warning rather than as news).
     */
    public record Notice(String text, boolean problem) {

        static final Notice NONE = new Notice("", false);
    }

    private static final class Notices {
        final long since;
        final List<String> texts = new ArrayList<>();
        boolean problem;

        Notices(long since) {
            this.since = since;
        }
    }

    private final Map<String, Notices> bySession = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Notices> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    /** Adds {@code text} to what this browser's next page shows. */
    public void add(Context ctx, String text) {
        add(Sessions.id(ctx), text, false, System.currentTimeMillis());
    }

    /** Adds {@code text}, which reports a problem, to what this browser's next page shows. */
    public void problem(Context ctx, String text) {
        add(Sessions.id(ctx), text, true, System.currentTimeMillis());
    }

    /** What this browser's page shows now, joined into one notice ("" for none); shown once. */
    public String take(Context ctx) {
        return takeNotice(ctx).text();
    }

    /** As {@link #take}, saying whether a problem is among the notices. */
    public Notice takeNotice(Context ctx) {
        return take(Sessions.id(ctx), System.currentTimeMillis());
    }

    synchronized void add(String session, String text, boolean problem, long now) {
        Notices n = bySession.get(session);
        if (n == null || now - n.since > MAX_AGE_MILLIS) {
            n = new Notices(now);
            bySession.put(session, n);
        }
        if (!n.texts.contains(text) && n.texts.size() < MAX_PER_SESSION) {
            n.texts.add(text);
            n.problem |= problem;
        }
    }

    synchronized Notice take(String session, long now) {
        Notices n = bySession.remove(session);
        if (n == null || now - n.since > MAX_AGE_MILLIS) {
            return Notice.NONE;
        }
        return new Notice(String.join(" ", n.texts), n.problem);
    }
}
