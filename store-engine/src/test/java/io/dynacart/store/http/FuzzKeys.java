package io.dynacart.store.http;

import io.dynacart.store.fuzz.ByteMutator;
import io.dynacart.store.identity.Key;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Keys for the HTTP fuzzer: valid and not (over-long, not UTF-8, empty), and ways to put them in a path. */
final class FuzzKeys {

    /** Byte sequences that are not UTF-8: overlong forms, surrogates, stray continuation bytes, 0xFF. */
    private static final byte[][] NOT_UTF8 = {
        {(byte) 0xC0, (byte) 0x80}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xFF}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};
    private static final String[] SPECIAL = {"/", "?", "#", "%", "+", " ", ".", "..", ";", "&", "=", "\\", "\u0000", "~"};

    private FuzzKeys() {
    }

    static byte[] randomKey(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> ascii(r, 1 + r.nextInt(40));
            case 1 -> unicode(r, 1 + r.nextInt(30)).getBytes(StandardCharsets.UTF_8);
            case 2 -> ByteMutator.splice(ascii(r, 1 + r.nextInt(10)), 0, 0, NOT_UTF8[r.nextInt(NOT_UTF8.length)]);
            case 3 -> ascii(r, Key.MAX_LENGTH - 1 + r.nextInt(3));
            case 4 -> ascii(r, Key.MAX_LENGTH + 1 + r.nextInt(4000));
            case 5 -> (SPECIAL[r.nextInt(SPECIAL.length)] + new String(ascii(r, r.nextInt(5)), StandardCharsets.ISO_8859_1)
                    + SPECIAL[r.nextInt(SPECIAL.length)]).getBytes(StandardCharsets.UTF_8);
            default -> ByteMutator.randomBytes(r, 1 + r.nextInt(20));
        };
    }

    /** {@code key} in a path: percent-encoded in one of several ways, or partly raw. */
    static String encoded(byte[] key, Random r) {
        StringBuilder sb = new StringBuilder();
        int style = r.nextInt(10);
        for (byte b : key) {
            int c = b & 0xFF;
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~';
            if (style < 5 && !unreserved || style == 5) {
                sb.append(String.format("%%%02X", c));
            } else if (style == 6 && !unreserved) {
                sb.append(String.format("%%%02x", c));
            } else if (style == 7 && c < 0x21) {
                sb.append(String.format("%%%02X", c));
            } else {
                sb.append((char) c); // raw, as one ISO-8859-1 char per byte: may be a space, a '?', a control byte
            }
        }
        return sb.toString();
    }

    private static byte[] ascii(Random r, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + r.nextInt(26));
        }
        return bytes;
    }

    private static String unicode(Random r, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int cp;
            do {
                cp = r.nextInt(4) == 0 ? 0x10000 + r.nextInt(0x100000 - 0x10000) : 0x80 + r.nextInt(0xFFFF - 0x80);
            } while (cp >= 0xD800 && cp <= 0xDFFF);
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }
}
