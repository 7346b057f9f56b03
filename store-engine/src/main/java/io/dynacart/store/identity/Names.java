package io.dynacart.store.identity;

import java.util.Objects;

/**
 * The one rule for names that go into keys, clocks and bytes (node ids, and the cart app's product
 * ids, cart ids and writer names): 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9._-]}.
 * ASCII keeps them one byte per character on the wire and safe in a URL.
 */
public final class Names {

    /** Longest name accepted anywhere, including by the binary decoders. */
    public static final int MAX_LENGTH = 64;

    private Names() {
    }

    /**
     * Why {@code candidate} is not a valid name, phrased after {@code kind} ("node id is empty"), or
     * {@code null} when it is valid.
     */
    public static String problemWith(String kind, String candidate) {
        if (candidate.isEmpty()) {
            return kind + " is empty";
        }
        if (candidate.length() > MAX_LENGTH) {
            return kind + " is " + candidate.length() + " characters long; at most " + MAX_LENGTH + " are allowed";
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return kind + " contains the character " + describe(c) + " at position " + i
                        + "; only letters, digits, '.', '_' and '-' are allowed";
            }
        }
        return null;
    }

    /** Returns {@code value} if it is a valid name; else throws {@link IllegalArgumentException} naming {@code kind}. */
    public static String requireValid(String kind, String value) {
        Objects.requireNonNull(value, kind);
        String problem = problemWith(kind, value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return value;
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
