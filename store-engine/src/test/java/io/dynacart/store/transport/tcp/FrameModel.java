package io.dynacart.store.transport.tcp;

import io.dynacart.store.transport.MalformedFrameException;
import io.dynacart.store.transport.MessageCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * What an authenticated connection must deliver, worked out from the bytes alone (the TCP fuzzer's
 * oracle): frames are read in order; the first whose length passes the limit, whose body does not
 * decode, or that the stream ends inside, ends the connection, and nothing after it is delivered.
 * Every frame before it is delivered, exactly once, in order.
 */
final class FrameModel {

    private FrameModel() {
    }

    /**
     * The fingerprints ({@link #fingerprint}) of the messages an endpoint accepting frames up to
     * {@code limit} delivers from {@code bytes}: every frame up to the first malformed one, but for
     * those refused for their clocks, which are dropped alone.
     */
    static List<Long> delivered(byte[] bytes, int limit) {
        List<Long> out = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        while (in.remaining() >= Frames.LENGTH_BYTES) {
            long length = Integer.toUnsignedLong(in.getInt());
            if (length > limit || length > in.remaining()) {
                break;
            }
            byte[] body = new byte[(int) length];
            in.get(body);
            try {
                MessageCodec.decode(body);
            } catch (io.dynacart.store.transport.RefusedFrameException e) {
                continue; // well formed but its clocks are past the limits: dropped alone, the stream goes on
            } catch (MalformedFrameException e) {
                break;
            }
            out.add(fingerprint(body));
        }
        return out;
    }

    /**
     * A message body in 64 bits (its length, its CRC-32C, its array hash): a run keeps what it expects
     * of thousands of connections, some of megabytes, until they settle, and must not hold the bytes.
     */
    static long fingerprint(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return ((long) Arrays.hashCode(body) << 32 | crc.getValue()) ^ ((long) body.length << 40);
    }

    /** Whether {@code shorter} is {@code longer} or a prefix of it. */
    static boolean isPrefix(List<Long> shorter, List<Long> longer) {
        return shorter.size() <= longer.size() && shorter.equals(longer.subList(0, shorter.size()));
    }
}
