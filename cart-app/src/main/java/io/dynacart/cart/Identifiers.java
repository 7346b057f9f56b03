package io.dynacart.cart;

import java.util.Objects;

/**
 * The one rule for names that end up in store keys and in cart bytes (product ids, cart ids, replica
 * names): 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9._-]}. Keeping them ASCII keeps
 * them one byte per character in the codec and safe in a URL.
 */
public final class Identifiers {

    public static final int MAX_LENGTH = 64;

    private Identifiers() {}

    /** Returns {@code value} if it is a valid name, or throws naming {@code kind}. */
    public static String requireValid(String kind, String value) {
        Objects.requireNonNull(value, kind);
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(kind + " " + problem);
        }
        return value;
    }

    /** Why {@code value} is not a valid name, or null if it is. */
    public static String problem(String value) {
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            return "must be 1 to " + MAX_LENGTH + " characters, was " + value.length();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return "may hold only [A-Za-z0-9._-], found '" + c + "' in \"" + value + "\"";
            }
        }
        return null;
    }
}
