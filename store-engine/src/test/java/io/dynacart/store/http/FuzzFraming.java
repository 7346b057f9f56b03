package io.dynacart.store.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Body framing mutations for the HTTP fuzzer: {@code Content-Length} that lies or does not parse,
 * and chunked bodies, well-formed or broken.
 */
final class FuzzFraming {

    private static final String[] CHUNKED_VARIANTS = {"", " (sizes may lie)", " (extensions)", " (bad size)",
        " (huge size)", " (no last chunk)", " (trailer)", " (negative size)", " (8 MiB chunk, cut)", "", ""};

    private FuzzFraming() {
    }

    static String contentLength(FuzzRequest request, Random r) {
        int actual = request.wire.length;
        String[] lies = {Integer.toString(actual + 1 + r.nextInt(1000)),
            Integer.toString(Math.max(0, actual - 1 - r.nextInt(50))), "-1", "abc", "", "+" + actual, "0" + actual, actual + " ", "1e3", "9223372036854775807", "9223372036854775808",
            "18446744073709551616", Integer.toString(8 << 20), Long.toString(1L << 31), actual + ", " + actual};
        String lie = lies[r.nextInt(lies.length)];
        if (r.nextInt(5) == 0) {
            request.add("Content-Length", lie); // two Content-Length headers
            return "second content length";
        }
        request.set("Content-Length", lie);
        return "content length " + (lie.length() > 12 ? lie.substring(0, 12) + "..." : lie);
    }

    /** Sends the body chunked, with a possibly odd {@code Transfer-Encoding}, well-formed or broken. */
    static String chunked(FuzzRequest request, Random r, String[] encodings) {
        byte[] body = request.wire;
        request.set("Transfer-Encoding", r.nextInt(3) > 0 ? "chunked" : encodings[r.nextInt(encodings.length)]);
        if (r.nextInt(3) > 0) {
            request.set("Content-Length", null);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        int broken = r.nextInt(10);
        int at = 0;
        while (at < body.length) {
            int size = Math.min(body.length - at, 1 + r.nextInt(Math.max(1, Math.min(body.length, 70_000))));
            String header = Integer.toHexString(size);
            if (broken == 1 && r.nextInt(4) == 0) {
                header = Integer.toHexString(size + 1 + r.nextInt(10)); // a chunk size that lies
            }
            if (broken == 2) {
                header += ";ext=" + r.nextInt(100);
            }
            write(out, header + "\r\n");
            out.write(body, at, size);
            write(out, "\r\n");
            at += size;
        }
        switch (broken) {
            case 3 -> write(out, "zz\r\n");
            case 4 -> write(out, "FFFFFFFFFFFFFFFFFF\r\nab");
            case 5 -> { } // no last chunk
            case 6 -> write(out, "0\r\nX-Trailer: t\r\n\r\n");
            case 7 -> write(out, "-5\r\n");
            case 8 -> write(out, Integer.toHexString(8 << 20) + "\r\n" + "x".repeat(1000));
            default -> write(out, "0\r\n\r\n");
        }
        request.wire = out.toByteArray();
        return "chunked" + CHUNKED_VARIANTS[broken];
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
