package io.dynacart.store.versioning;

import io.dynacart.store.encoding.ByteReader;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.encoding.DecodingException;

/**
 * The binary form of a context, version 1:
 * <pre>
 *   byte     format = 1
 *   varint   entry count (0..32)
 *   entry*   sorted by node id, no repeats:
 *     byte     node id length (1..64), then that many ASCII bytes
 *     varint   counter (1 to 2^62, see ClockLimits)
 *     varint   timestamp in ms (0 to the end of the year 9999)
 * </pre>
 * Varints are shortest-form, so each clock has exactly one encoding. Decoding checks every bound
 * before it allocates.
 */
final class ContextCodec {

    static final int FORMAT = 1;

    private ContextCodec() {
    }

    static byte[] encode(VectorClock clock) {
        ByteWriter out = new ByteWriter(2 + clock.size() * 16);
        out.writeByte(FORMAT).writeVarint(clock.size());
        ClockEncoding.writeEntries(out, clock);
        return out.toByteArray();
    }

    static VectorClock decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedContextException("context is empty");
        }
        if (bytes.length > Context.MAX_BYTES) {
            throw new MalformedContextException("context is " + bytes.length + " bytes; at most " + Context.MAX_BYTES
                    + " are allowed");
        }
        try {
            ByteReader in = new ByteReader(bytes);
            int format = in.readByte("format");
            if (format != FORMAT) {
                throw new DecodingException("format " + format + " is not known (expected " + FORMAT + ")");
            }
            long count = in.readVarint("entry count");
            if (count > Context.MAX_ENTRIES) {
                throw new DecodingException("claims " + count + " entries; at most " + Context.MAX_ENTRIES
                        + " are allowed");
            }
            VectorClock clock = ClockEncoding.readEntries(in, (int) count);
            in.expectEnd();
            return clock;
        } catch (DecodingException e) {
            throw new MalformedContextException("context " + e.getMessage());
        } catch (ClockLimitException e) {
            throw new MalformedContextException("context is refused: " + e.getMessage(), e);
        }
    }
}
