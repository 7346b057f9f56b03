package io.dynacart.store.cluster;

import io.dynacart.store.identity.Key;

/**
 * A key's name as a path segment of {@code /kv/{key}}: every byte percent-encoded except the unreserved
 * {@code A-Z a-z 0-9 - _ ~} (dots too, so no client normalises them away). The node decodes
 * {@code %XX} back to bytes.
 */
public final class KeyEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private KeyEncoding() {
    }

    /** The key's name, encoded as the class comment says (its namespace is not part of it). */
    public static String encode(Key key) {
        byte[] name = key.name();
        StringBuilder sb = new StringBuilder(name.length * 3);
        for (byte value : name) {
            int b = value & 0xFF;
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

    /** The HTTP path of {@code key}: {@code /kv/{key}}, or {@code /ns/{namespace}/kv/{key}} outside the default namespace. */
    public static String path(Key key) {
        String kv = "/kv/" + encode(key);
        return key.namespace().isDefault() ? kv : "/ns/" + key.namespace().name() + kv;
    }
}
