package io.dynacart.store.transport.tcp;

import io.dynacart.store.fuzz.ByteMutator;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.tcp.HandshakeFrames.Hello;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The TCP fuzzer's inputs: what one connection to the endpoint says. Input {@code i} is drawn from
 * its own random source:
 * <ul>
 *   <li>15%, {@code RAW}: random bytes where the HELLO should be, framed or not;</li>
 *   <li>15%, {@code HELLO}: a valid HELLO, mutated (its bytes, its length prefix, its version);</li>
 *   <li>10%, {@code PROOF}: a valid HELLO, then the answer to the server's CHALLENGE mutated, or
 *       another frame in its place;</li>
 *   <li>55%, {@code FRAMES}: the whole handshake done right, then 1 to 30 frames: valid messages
 *       (every message type's sample and messages drawn from the codec's arbitraries), mutated ones,
 *       random bodies, handshake frames out of turn; and, to end some, a length prefix that lies
 *       (longer or shorter than the body), one over the frame limit, or a cut-off prefix;</li>
 *   <li>5%, {@code FAKE_SERVER}: the other direction: the endpoint dials a peer whose address leads
 *       to the fuzzer, which answers its HELLO with garbage or a mutated CHALLENGE (see
 *       {@link FakePeer}).</li>
 * </ul>
 * The bytes after the opening are sent in random pieces, so that frames straddle reads.
 */
final class TcpInputs {

    enum Kind { RAW, HELLO, PROOF, FRAMES, FAKE_SERVER }

    /** How many of an input's frames are bad, in percent: none, a few, many. */
    private static final int[] CORRUPTION = {0, 0, 0, 5, 5, 5, 40, 40, 40, 40};

    /** How the fuzzer leaves: shut its side and wait for the server to close, reset, or just close. */
    enum Ending { WAIT, RESET, CLOSE }

    /**
     * One connection's script.
     *
     * @param claimed   the node id it says HELLO as (unique per input, so deliveries can be told apart)
     * @param opening   for RAW and HELLO: the bytes sent first, in place of a HELLO frame
     * @param proofSeed for PROOF: seeds the mutation of the proof, which depends on the server's nonce
     * @param after     the bytes sent after the handshake (or after the bad proof)
     * @param pieces    where {@code after} is split into separate writes
     */
    record Input(long index, Kind kind, String description, NodeId claimed, byte[] opening, long proofSeed, byte[] after,
                 List<Integer> pieces, Ending ending) {
    }

    private final List<byte[]> messages;
    private final int frameLimit;

    /** Inputs whose valid frames are drawn from {@code messages} (encoded), for an endpoint accepting {@code frameLimit}. */
    TcpInputs(List<byte[]> messages, int frameLimit) {
        this.messages = List.copyOf(messages);
        this.frameLimit = frameLimit;
    }

    Input input(long index, Random r) {
        NodeId claimed = NodeId.of("fuzz-" + index);
        Ending ending = Ending.values()[r.nextInt(Ending.values().length)];
        int pick = r.nextInt(100);
        if (pick < 15) {
            byte[] raw = r.nextBoolean() ? ByteMutator.randomBytes(r, r.nextInt(600)) : frame(ByteMutator.randomBytes(r, r.nextInt(300)));
            return input(index, Kind.RAW, "random bytes", claimed, raw, 0, new byte[0], ending, r);
        }
        if (pick < 30) {
            byte[] hello = frame(HandshakeFrames.encode(new Hello(claimed, ByteMutator.randomBytes(r, ClusterAuth.NONCE_BYTES))));
            byte[] mutated = ByteMutator.mutate(hello, 1 + r.nextInt(4), r);
            byte[] after = r.nextBoolean() ? new byte[0] : frames(r, 1 + r.nextInt(3), 40).toByteArray();
            return input(index, Kind.HELLO, "mutated HELLO", claimed, mutated, 0, after, ending, r);
        }
        if (pick < 40) {
            return input(index, Kind.PROOF, "mutated PROOF", claimed, new byte[0], r.nextLong(),
                    frames(r, r.nextInt(4), 40).toByteArray(), ending, r);
        }
        if (pick < 95) {
            int corrupt = CORRUPTION[r.nextInt(CORRUPTION.length)];
            ByteArrayOutputStream after = frames(r, 1 + r.nextInt(30), corrupt);
            String end = endFrames(after, r);
            return input(index, Kind.FRAMES, "authenticated frames, " + corrupt + "% bad" + end, claimed, new byte[0], 0, after.toByteArray(), ending, r);
        }
        return input(index, Kind.FAKE_SERVER, "fake server", claimed, new byte[0], r.nextLong(), new byte[0], ending, r);
    }

    private static Input input(long index, Kind kind, String description, NodeId claimed, byte[] opening, long proofSeed,
                               byte[] after, Ending ending, Random r) {
        List<Integer> pieces = new ArrayList<>();
        int at = 0;
        while (after.length > 0 && r.nextInt(3) > 0 && pieces.size() < 20) {
            at += 1 + r.nextInt(Math.max(1, after.length - at));
            if (at >= after.length) {
                break;
            }
            pieces.add(at);
        }
        return new Input(index, kind, description + ", " + ending, claimed, opening, proofSeed, after, pieces, ending);
    }

    /**
     * {@code count} frames: valid messages, but for about {@code corruptPercent}% mutated or otherwise
     * wrong ones (so that some inputs carry long runs of valid frames, and others die early).
     */
    private ByteArrayOutputStream frames(Random r, int count, int corruptPercent) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            byte[] valid = messages.get(r.nextInt(messages.size()));
            int pick = r.nextInt(100) < corruptPercent ? r.nextInt(40) : -1;
            byte[] body;
            if (pick < 0) {
                body = valid;
            } else if (pick < 28) {
                body = ByteMutator.mutate(valid, 1 + r.nextInt(3), r);
            } else if (pick < 34) {
                body = ByteMutator.randomBytes(r, r.nextInt(200));
            } else if (pick < 37) {
                body = new byte[0];
            } else {
                body = HandshakeFrames.encode(new Hello(NodeId.of("again"), new byte[ClusterAuth.NONCE_BYTES]));
            }
            out.writeBytes(frame(body));
        }
        return out;
    }

    /** Maybe ends the frames with a framing fault; returns its name, or "" for none. */
    private String endFrames(ByteArrayOutputStream out, Random r) {
        int pick = r.nextInt(100);
        byte[] body = ByteMutator.randomBytes(r, r.nextInt(100));
        if (pick < 6) {
            out.writeBytes(prefix(body.length + 1 + r.nextInt(10_000)));
            out.writeBytes(body);
            return ", then a length longer than its body";
        } else if (pick < 10) {
            out.writeBytes(prefix(Math.max(0, body.length - 1 - r.nextInt(10))));
            out.writeBytes(body);
            return ", then a length shorter than its body";
        } else if (pick < 14) {
            long[] over = {frameLimit + 1L, frameLimit + 4L, Integer.MAX_VALUE, 0x80000000L, 0xFFFFFFFFL};
            out.writeBytes(prefix(over[r.nextInt(over.length)]));
            out.writeBytes(body);
            return ", then a length over the limit";
        } else if (pick < 16) {
            out.writeBytes(java.util.Arrays.copyOf(prefix(r.nextInt(1000)), 1 + r.nextInt(3)));
            return ", then a cut-off length";
        } else if (pick < 17) {
            int size = frameLimit - r.nextInt(16);
            out.writeBytes(frame(ByteMutator.randomBytes(r, size)));
            return ", then a random frame of " + size + " bytes";
        }
        return "";
    }

    static byte[] frame(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    private static byte[] prefix(long length) {
        return ByteBuffer.allocate(4).putInt((int) length).array();
    }
}
