package io.dynacart.web.http;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Each browser's session: a random id in an HttpOnly, SameSite=Lax cookie, given on its first
 * request. The id names the browser's cart and keys its CSRF token; the server keeps no session
 * table, so a restart of the demo keeps every browser's cart.
 */
public final class Sessions {

    public static final String COOKIE = "dc_session";
    private static final String ATTRIBUTE = "dynacart.session";
    /** A year: the demo's carts outlive a browser restart. */
    private static final int MAX_AGE_SECONDS = 365 * 24 * 3600;

    private final SecureRandom random = new SecureRandom();

    /** Before every request: reads the cookie, or makes a new id and sets it. */
    public void attach(Context ctx) {
        String id = ctx.cookie(COOKIE);
        if (id == null || !valid(id)) {
            byte[] bytes = new byte[18];
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Cookie cookie = new Cookie(COOKIE, id, "/", MAX_AGE_SECONDS, false, true, null, SameSite.LAX);
            ctx.cookie(cookie);
        }
        ctx.attribute(ATTRIBUTE, id);
    }

    /** The session id of this request (set by {@link #attach}). */
    public static String id(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        if (id == null) {
            throw new IllegalStateException("no session attached to " + ctx.path());
        }
        return id;
    }

    /** 24 base64url characters: what {@link #attach} makes; anything else is replaced. */
    static boolean valid(String id) {
        return id.length() == 24 && id.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9') || c == '-' || c == '_');
    }
}
