package io.dynacart.store.cluster;

import io.dynacart.store.identity.Key;

/**
 * A key as a path segment of {@code /kv/{key}}: every byte percent-encoded except the unreserved
 * {@code A-Z a-z 0-9 - _ ~} (dots too, so no client normalises them away). The node decodes
 * {@code %XX} back to bytes.
 */
public final class KeyEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private KeyEncoding() {
    }

    public static String encode(Key key) {
        StringBuilder sb = new StringBuilder(key.length() * 3);
        for (int i = 0; i < key.length(); i++) {
            int b = key.byteAt(i) & 0xFF;
            boolean plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || b == '-' || b == '_' || b == '~';
            if (plain) {
                sb.append((char) b);
            } else {
                sb.append('%').append(HEX[b >> 4]).append(HEX[b & 15]);
            }
        }
        return sb.toString();
    }
}
