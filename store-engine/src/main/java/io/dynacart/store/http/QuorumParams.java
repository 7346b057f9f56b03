package io.dynacart.store.http;

import io.dynacart.store.api.Quorum;

/**
 * The per-request {@code r} and {@code w} query parameters: absent means the node's default; present
 * must be a whole number from 1 to N (N is the node's, not the client's to change), or {@code local}:
 * a quorum of the key's replicas in the zone of the node that coordinates ({@link Quorum#LOCAL}).
 * Anything else is a 400 that names the parameter, so a typo never silently falls back to the default.
 */
final class QuorumParams {

    private QuorumParams() {
    }

    /** {@code defaults} with R taken from {@code r} when given. */
    static Quorum withR(Quorum defaults, String r) {
        return r == null ? defaults : defaults.withR(parse("r", r, defaults.n()));
    }

    /** {@code defaults} with W taken from {@code w} when given. */
    static Quorum withW(Quorum defaults, String w) {
        return w == null ? defaults : defaults.withW(parse("w", w, defaults.n()));
    }

    private static int parse(String name, String text, int n) {
        if (text.strip().equals("local")) {
            return Quorum.LOCAL;
        }
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw outOfRange(name, text, n);
        }
        if (value < 1 || value > n) {
            throw outOfRange(name, text, n);
        }
        return value;
    }

    private static ApiException outOfRange(String name, String text, int n) {
        String shown = text.length() > 20 ? text.substring(0, 20) + "..." : text;
        return ApiException.badRequest("query parameter " + name + " must be a whole number from 1 to N=" + n
                + " or local, was '" + shown + "'");
    }
}
