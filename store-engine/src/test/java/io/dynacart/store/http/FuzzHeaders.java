package io.dynacart.store.http;

import io.dynacart.store.fuzz.ByteMutator;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Header mutations for the HTTP fuzzer: junk names and values, and a broken header section. */
final class FuzzHeaders {

    private static final String[] NAMES = {"X-Context", "Host", "Content-Length", "Transfer-Encoding", "Connection",
        "Content-Type", "Expect", "Upgrade", "X-Admin-Token", "Cookie", "Accept", "Accept-Encoding", "Range", "TE",
        "Trailer", "HTTP2-Settings", "Content-Encoding", "If-None-Match", "X-Forwarded-For", "Forwarded"};
    private static final String[] VALUES = {"", " ", "close", "keep-alive", "upgrade", "h2c", "websocket",
        "chunked", "gzip", "bytes=0-1", "-1", "0", "99999999999999999999", "*", "\u00ff\u00fe", "a\u0000b",
        "100-continue", "text/html", "x".repeat(100)};

    private FuzzHeaders() {
    }

    /** Adds a header with a known name or a random one, and a value that may be junk. */
    static String junk(FuzzRequest request, Random r) {
        String name = r.nextInt(3) > 0 ? NAMES[r.nextInt(NAMES.length)] : token(r, 1 + r.nextInt(20));
        String value = r.nextBoolean() ? VALUES[r.nextInt(VALUES.length)] : text(r, r.nextInt(60));
        if (r.nextBoolean()) {
            request.set(name, value);
        } else {
            request.add(name, value);
        }
        return "header " + name;
    }

    /** Breaks the header section itself: size, count, syntax. */
    static String structure(FuzzRequest request, Random r) {
        switch (r.nextInt(8)) {
            case 0:
                request.add("X-Long", "v".repeat(4_000 + r.nextInt(40_000)));
                return "a long header";
            case 1:
                int count = 50 + r.nextInt(500);
                for (int i = 0; i < count; i++) {
                    request.add("X-H" + i, Integer.toString(i));
                }
                return count + " headers";
            case 2:
                request.set("Host", r.nextBoolean() ? null : "");
                return "no host";
            case 3:
                request.add("Host", "other.example:80");
                return "two hosts";
            case 4:
                request.add(null, text(r, 1 + r.nextInt(30)).replace(":", "")); // a line with no colon
                return "header without colon";
            case 5:
                request.add("X-Folded", "a");
                request.add(null, " folded continuation"); // obsolete line folding
                return "folded header";
            case 6:
                request.add("Bad Name", "v");
                request.add("Bad\u0001Name", "v");
                return "bad header names";
            default:
                request.add("X-Bytes", new String(ByteMutator.randomBytes(r, 1 + r.nextInt(40)), StandardCharsets.ISO_8859_1));
                return "header of raw bytes";
        }
    }

    private static String token(Random r, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append((char) ('A' + r.nextInt(26)));
        }
        return sb.toString();
    }

    /** Printable and non-ASCII bytes, without CR and LF (those would end the header, which is another mutation). */
    private static String text(Random r, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int c = r.nextInt(8) == 0 ? 0x80 + r.nextInt(0x80) : 0x20 + r.nextInt(0x5F);
            sb.append((char) c);
        }
        return sb.toString();
    }
}
