package io.dynacart.store.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

/**
 * Byte-level mutations of a valid input, the kind a byte-oriented fuzzer applies: flipped bits,
 * "interesting" bytes (0, 0x7F, 0x80, 0xFF), inserted, deleted, duplicated and cut-off stretches.
 * Each call applies one; apply several for a heavier mutation.
 */
public final class ByteMutator {

    private static final byte[] INTERESTING = {0, 1, 0x7F, (byte) 0x80, (byte) 0xFF, (byte) 0xFE, 0x20, 0x0A, 0x0D, '%'};

    private ByteMutator() {
    }

    /** {@code input} with {@code count} mutations applied, each drawn from {@code random}. */
    public static byte[] mutate(byte[] input, int count, Random random) {
        byte[] out = input;
        for (int i = 0; i < count; i++) {
            out = once(out, random);
        }
        return out;
    }

    /** One mutation; an empty input only grows. */
    public static byte[] once(byte[] input, Random random) {
        if (input.length == 0) {
            return randomBytes(random, 1 + random.nextInt(16));
        }
        byte[] out = input.clone();
        int at = random.nextInt(out.length);
        switch (random.nextInt(8)) {
            case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> out[at] = INTERESTING[random.nextInt(INTERESTING.length)];
            case 2 -> out[at] = (byte) random.nextInt(256);
            case 3 -> out = splice(out, at, 0, randomBytes(random, 1 + random.nextInt(8)));
            case 4 -> out = splice(out, at, Math.min(out.length - at, 1 + random.nextInt(8)), new byte[0]);
            case 5 -> out = splice(out, at, 0, Arrays.copyOfRange(out, at, Math.min(out.length, at + 1 + random.nextInt(32))));
            case 6 -> out = Arrays.copyOf(out, at);
            default -> {
                int other = random.nextInt(out.length);
                byte b = out[at];
                out[at] = out[other];
                out[other] = b;
            }
        }
        return out;
    }

    /** {@code length} random bytes. */
    public static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** {@code input} with {@code removed} bytes at {@code at} replaced by {@code inserted}. */
    public static byte[] splice(byte[] input, int at, int removed, byte[] inserted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length + inserted.length);
        out.write(input, 0, at);
        out.writeBytes(inserted);
        out.write(input, at + removed, input.length - at - removed);
        return out.toByteArray();
    }

    /** Printable: ASCII as is, CR and LF as {@code \r \n}, other bytes as {@code \xNN}; cut after {@code max} bytes. */
    public static String show(byte[] bytes, int max) {
        StringBuilder sb = new StringBuilder();
        int shown = Math.min(bytes.length, max);
        for (int i = 0; i < shown; i++) {
            int b = bytes[i] & 0xFF;
            if (b == '\r') {
                sb.append("\\r");
            } else if (b == '\n') {
                sb.append("\\n");
            } else if (b == '\\') {
                sb.append("\\\\");
            } else if (b >= 0x20 && b < 0x7F) {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02X", b));
            }
        }
        if (shown < bytes.length) {
            sb.append("... (").append(bytes.length).append(" bytes in all)");
        }
        return sb.toString();
    }
}
