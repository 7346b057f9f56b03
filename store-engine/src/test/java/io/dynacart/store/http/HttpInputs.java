package io.dynacart.store.http;

import io.dynacart.store.api.Value;
import io.dynacart.store.fuzz.ByteMutator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP fuzzer's inputs. Input {@code i} is drawn from its own random source:
 * <ul>
 *   <li>8%: garbage for the HTTP parser: random bytes, or random printable lines;</li>
 *   <li>4%: two to five requests on one connection, some mutated (pipelining);</li>
 *   <li>12%: a valid request whose bytes were mutated (bits flipped, bytes inserted, cut short);</li>
 *   <li>76%: a request built field by field (GET/PUT/DELETE on {@code /kv/{key}}, or another route)
 *       and then mutated field by field by 0 to 4 of {@link HttpMutations}.</li>
 * </ul>
 * Keys come from a small pool that moves on every 256 inputs, so that gets, puts and deletes meet
 * the same keys (and their siblings) without piling up versions forever; bodies over 64 KiB go to
 * keys of their own.
 */
final class HttpInputs {

    /** One input: the bytes to send, what the request meant to be, and the known issue it hits, if any. */
    record Input(long index, String description, byte[] bytes, boolean head, String knownIssue) {
    }

    private static final Pattern CONTEXT_LINE = Pattern.compile("(?i)x-context[ \\t]*:([^\\r\\n]*)");

    private final String host;
    private final FuzzContexts contexts;
    private final HttpMutations mutations;

    /** Requests to the node at {@code host} (for the {@code Host} header), whose admin token is {@code adminToken}. */
    HttpInputs(String host, String adminToken, FuzzContexts contexts) {
        this.host = host;
        this.contexts = contexts;
        this.mutations = new HttpMutations(adminToken, contexts);
    }

    Input input(long index, Random r) {
        Input drawn = draw(index, r);
        return new Input(index, drawn.description(), drawn.bytes(), drawn.head(),
                contexts.knownIssue(contextHeaders(drawn.bytes())));
    }

    private Input draw(long index, Random r) {
        int pick = r.nextInt(100);
        if (pick < 8) {
            return new Input(index, "garbage", garbage(r), false, null);
        }
        if (pick < 12) {
            return pipelined(index, r);
        }
        FuzzRequest request = base(index, r);
        if (pick < 24) {
            byte[] bytes = ByteMutator.mutate(request.render(), 1 + r.nextInt(6), r);
            return new Input(index, "bytes of " + request.method + " " + shown(request.target) + " mutated", bytes,
                    request.method.equals("HEAD"), null);
        }
        List<String> applied = new ArrayList<>();
        int count = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(4);
        for (int i = 0; i < count; i++) {
            applied.add(mutations.apply(request, index, r));
        }
        String description = request.method + " " + shown(request.target) + " " + (applied.isEmpty() ? "(valid)" : applied);
        return new Input(index, description, request.render(), request.method.equals("HEAD"), null);
    }

    /** The value of every line of {@code bytes} that looks like an {@code X-Context} header, however mangled the rest. */
    static List<String> contextHeaders(byte[] bytes) {
        Matcher m = CONTEXT_LINE.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
        List<String> values = new ArrayList<>();
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    private Input pipelined(long index, Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> parts = new ArrayList<>();
        int count = 2 + r.nextInt(4);
        for (int i = 0; i < count; i++) {
            FuzzRequest request = base(index, r);
            request.set("Connection", null);
            String mutation = r.nextInt(3) == 0 ? mutations.apply(request, index, r) : "valid";
            if (request.method.equals("HEAD")) {
                request.method = "GET"; // the answer to a HEAD has no body: the answers after it could not be told apart
            }
            parts.add(request.method + " " + mutation);
            out.writeBytes(request.render());
        }
        return new Input(index, "pipelined " + parts, out.toByteArray(), false, null);
    }

    /** A valid request: mostly the key-value API, sometimes another route. */
    private FuzzRequest base(long index, Random r) {
        int op = r.nextInt(100);
        FuzzRequest request;
        if (op < 30) {
            request = new FuzzRequest("GET", kvTarget(index, r) + (r.nextInt(4) == 0 ? "?r=" + (1 + r.nextInt(3)) : ""));
        } else if (op < 70) {
            request = put(index, r);
        } else if (op < 85) {
            request = new FuzzRequest("DELETE", kvTarget(index, r) + (r.nextInt(4) == 0 ? "?w=" + (1 + r.nextInt(3)) : ""));
            if (r.nextBoolean()) {
                request.add(KvHandlers.CONTEXT_HEADER, contexts.validHeader(r));
            }
        } else {
            request = mutations.otherRoute(r);
        }
        request.headers.add(0, new String[] {"Host", host});
        if (r.nextBoolean()) {
            request.add("Connection", "close");
        }
        return request;
    }

    private FuzzRequest put(long index, Random r) {
        int size = bodySize(r);
        String target = size > 64 * 1024 ? "/kv/fuzz-big-" + index : kvTarget(index, r);
        FuzzRequest request = new FuzzRequest("PUT", target + (r.nextInt(4) == 0 ? "?w=" + (1 + r.nextInt(3)) : ""));
        if (r.nextBoolean()) {
            request.add(KvHandlers.CONTEXT_HEADER, contexts.validHeader(r));
        }
        if (r.nextBoolean()) {
            request.add("Content-Type", "application/octet-stream");
        }
        return request.body(ByteMutator.randomBytes(r, size));
    }

    /** Mostly small; now and then at the 1 MiB limit or past it. */
    static int bodySize(Random r) {
        int pick = r.nextInt(100);
        if (pick < 10) {
            return 0;
        } else if (pick < 70) {
            return 1 + r.nextInt(100);
        } else if (pick < 95) {
            return 100 + r.nextInt(64 * 1024);
        } else if (pick < 98) {
            return Value.MAX_BYTES - 2 + r.nextInt(5);
        }
        return Value.MAX_BYTES + r.nextInt(Value.MAX_BYTES);
    }

    /** {@code /kv/} and a key of the current pool (70%) or a random one, percent-encoded. */
    static String kvTarget(long index, Random r) {
        if (r.nextInt(10) < 7) {
            return "/kv/fuzz-" + (index / 256) + "-" + r.nextInt(16);
        }
        return "/kv/" + FuzzKeys.encoded(FuzzKeys.randomKey(r), r);
    }

    private static byte[] garbage(Random r) {
        if (r.nextBoolean()) {
            return ByteMutator.randomBytes(r, r.nextInt(2000));
        }
        StringBuilder sb = new StringBuilder();
        int lines = r.nextInt(12);
        for (int i = 0; i < lines; i++) {
            int length = r.nextInt(80);
            for (int j = 0; j < length; j++) {
                sb.append((char) (0x20 + r.nextInt(0x5F)));
            }
            sb.append(r.nextInt(4) == 0 ? "\n" : "\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String shown(String target) {
        return ByteMutator.show(target.getBytes(StandardCharsets.ISO_8859_1), 80);
    }
}
