package io.dynacart.store.clientserver;

import io.dynacart.store.clientwire.ClientProtocol;
import io.dynacart.store.clientwire.ClientRequest;
import io.dynacart.store.clientwire.RequestCodec;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.fuzz.ByteMutator;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.VectorClock;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * What {@link ClientFuzzIT} sends on one connection: a byte stream drawn from the input's own
 * {@link Random}, of one of these kinds:
 * <ul>
 *   <li>{@code valid}: HELLO and a few well-formed requests (the baseline: all must be served);</li>
 *   <li>{@code mutated}: that stream with a few bytes flipped, inserted or removed, anywhere,
 *       length prefixes included;</li>
 *   <li>{@code bodies}: HELLO, then frames whose lengths are right but whose bodies are random or
 *       mutated requests;</li>
 *   <li>{@code fields}: HELLO, then requests built field by field with hostile values: keys of
 *       every length and no UTF-8, contexts of random bytes, R and W up to 64, ids at the ends of
 *       their range, values up to past 1 MiB;</li>
 *   <li>{@code lengths}: frame lengths that lie (too long, past the limit, zero);</li>
 *   <li>{@code noise}: random bytes, with or without a HELLO first.</li>
 * </ul>
 */
final class ClientInputs {

    private static final String[] KINDS = {"valid", "mutated", "bodies", "fields", "lengths", "noise"};

    record Input(String kind, byte[] bytes) {
    }

    Input input(long index, Random random) {
        String kind = KINDS[random.nextInt(KINDS.length)];
        ByteWriter out = new ByteWriter(256);
        switch (kind) {
            case "valid" -> valid(out, random);
            case "mutated" -> {
                valid(out, random);
                byte[] mutated = ByteMutator.mutate(out.toByteArray(), 1 + random.nextInt(4), random);
                return new Input(kind, mutated);
            }
            case "bodies" -> {
                frame(out, hello());
                for (int i = 0, n = 1 + random.nextInt(5); i < n; i++) {
                    byte[] body = random.nextBoolean() ? ByteMutator.randomBytes(random, random.nextInt(64))
                            : ByteMutator.mutate(RequestCodec.encode(request(random)), 1 + random.nextInt(3), random);
                    frame(out, body);
                }
            }
            case "fields" -> {
                frame(out, hello());
                for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                    frame(out, hostile(random));
                }
            }
            case "lengths" -> {
                frame(out, hello());
                byte[] body = RequestCodec.encode(request(random));
                int[] lies = {body.length + 1 + random.nextInt(100), ClientProtocol.REQUEST_FRAME_LIMIT + 1, 0,
                        Integer.MAX_VALUE, -1, body.length - 1};
                out.writeBytes(ByteBuffer.allocate(4).putInt(lies[random.nextInt(lies.length)]).array()).writeBytes(body);
            }
            default -> {
                if (random.nextBoolean()) {
                    frame(out, hello());
                }
                out.writeBytes(ByteMutator.randomBytes(random, random.nextInt(300)));
            }
        }
        return new Input(kind, out.toByteArray());
    }

    private static byte[] hello() {
        return RequestCodec.encode(new ClientRequest.Hello(ClientProtocol.MIN_ID, ClientProtocol.VERSION, ""));
    }

    private static void valid(ByteWriter out, Random random) {
        frame(out, hello());
        for (int i = 0, n = 1 + random.nextInt(5); i < n; i++) {
            frame(out, RequestCodec.encode(request(random)));
        }
    }

    private static ClientRequest request(Random random) {
        long id = 2 + random.nextInt(1000);
        Key key = Key.of("fuzz/" + random.nextInt(50));
        Context context = random.nextBoolean() ? Context.EMPTY
                : new Context(VectorClock.EMPTY.increment(NodeId.of("n" + (1 + random.nextInt(3))), 1_700_000_000_000L));
        switch (random.nextInt(3)) {
            case 0:
                return new ClientRequest.Get(id, key, random.nextInt(4));
            case 1:
                return new ClientRequest.Put(id, key, context, ByteMutator.randomBytes(random, random.nextInt(200)),
                        random.nextInt(4));
            default:
                return new ClientRequest.Delete(id, key, context, random.nextInt(4));
        }
    }

    /** A request with hostile fields, written by hand so that the codec's own checks do not stop it. */
    private static byte[] hostile(Random random) {
        ByteWriter body = new ByteWriter(64);
        int type = random.nextInt(6);
        long[] ids = {0, 1, 2, Long.MAX_VALUE, random.nextLong() & Long.MAX_VALUE};
        body.writeByte(type).writeVarint(ids[random.nextInt(ids.length)]);
        int[] keyLengths = {0, 1, 1023, 1024, 1025, 4000};
        body.writeLengthPrefixed(ByteMutator.randomBytes(random, keyLengths[random.nextInt(keyLengths.length)]));
        if (type == 3 || type == 4) {
            body.writeLengthPrefixed(ByteMutator.randomBytes(random, random.nextInt(3) == 0 ? 5000 : random.nextInt(40)));
        }
        if (type == 3) {
            int[] valueLengths = {0, 10, 1 << 20, (1 << 20) + 1};
            int length = valueLengths[random.nextInt(valueLengths.length)];
            body.writeVarint(length).writeBytes(new byte[Math.min(length, 1 << 20)]);
        }
        body.writeVarint(random.nextInt(66));
        return body.toByteArray();
    }

    private static void frame(ByteWriter out, byte[] body) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(body.length).array()).writeBytes(body);
    }
}
