package io.dynacart.web.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cross-site request forgery defences, one per kind of caller.
 *
 * <ul>
 *   <li>Page forms carry a hidden {@value #FIELD}: an HMAC of the session id under the server's key.
 *       Another site can make a browser post a form, but cannot read the token from our page.</li>
 *   <li>The JSON control API ({@code /control/*}) needs no token: a POST must say
 *       {@code Content-Type: application/json} (a cross-site form cannot; a cross-site script must
 *       first pass a CORS preflight, which this server never grants), and a browser's
 *       {@code Origin}, when sent, must be this server's own. So {@code curl} and scripts work, and
 *       other web pages cannot drive the cluster.</li>
 * </ul>
 * The Origin check compares with {@code Host}, which a DNS-rebinding page controls (its own name,
 * re-pointed at 127.0.0.1, is both); that is why the server first refuses any {@code Host} that is
 * not its own ({@code WebServer}).
 */
public final class Csrf {

    public static final String FIELD = "_csrf";

    private final SecretKeySpec key;

    /** @param key at least 16 bytes, e.g. derived from the cluster secret */
    public Csrf(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("the CSRF key needs at least 16 bytes, had " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** The token a page's forms carry for this request's session. */
    public String token(Context ctx) {
        return token(Sessions.id(ctx));
    }

    String token(String sessionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(sessionId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Before a form post: rejects it (403) unless its token is this session's. */
    public void requireFormToken(Context ctx) {
        String sent = ctx.formParam(FIELD);
        byte[] expected = token(ctx).getBytes(StandardCharsets.US_ASCII);
        if (sent == null || !MessageDigest.isEqual(expected, sent.getBytes(StandardCharsets.US_ASCII))) {
            throw new WebException(403, "This form has expired or did not come from this site (missing or wrong "
                    + "CSRF token). Go back, reload the page and try again.");
        }
    }

    /** Before a JSON control call: rejects it (415 or 403) unless it is JSON from no other origin. */
    public void requireJsonCall(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new WebException(415, "control calls take a JSON body with Content-Type: application/json "
                    + "(an empty object {} where no fields are needed)");
        }
        String origin = ctx.header("Origin");
        if (origin != null) {
            String host = ctx.header("Host");
            if (host == null || !(origin.equals("http://" + host) || origin.equals("https://" + host))) {
                throw new WebException(403, "control calls from another origin (" + origin + ") are refused");
            }
        }
    }
}
