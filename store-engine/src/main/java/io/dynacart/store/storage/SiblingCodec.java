package io.dynacart.store.storage;

import io.dynacart.store.api.Value;
import io.dynacart.store.encoding.ByteReader;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.encoding.DecodingException;
import io.dynacart.store.versioning.ClockEncoding;
import io.dynacart.store.versioning.ClockLimitException;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a key's sibling set, version 1:
 * <pre>
 *   byte     format = 1
 *   varint   sibling count
 *   sibling* version (see ClockEncoding.writeVersion), then
 *            byte kind: 0 = tombstone, 1 = bytes, followed by varint length and the bytes
 * </pre>
 */
public final class SiblingCodec {

    static final int FORMAT = 1;
    /**
     * The largest encoded sibling set storage writes, in one append-log record: 12 MiB. Chronicle
     * Queue refuses a record over a quarter of its 64 MiB block (16 MiB: measured, see
     * {@code AppendLogRecordLimitIT}), so this leaves 4 MiB for the record's other fields; and it is
     * half again the 8 MiB frame, so a set that arrived in a frame and was merged with what a replica
     * holds still fits. The sibling caps of the request path keep every set far below both (see
     * {@code coordinator.SiblingLimits}); storage refuses a larger set before appending
     * ({@link RecordTooLargeException}).
     */
    public static final int MAX_LOGGED_BYTES = 12 << 20;
    /** Entries a stored version's past may hold; clocks are truncated far below this. */
    static final int MAX_PAST_ENTRIES = 64;

    private SiblingCodec() {
    }

    public static byte[] encode(List<Versioned<Value>> siblings) {
        int size = 2;
        for (Versioned<Value> s : siblings) {
            size += 32 + (s.value() instanceof Value.Bytes b ? b.length() : 0);
        }
        ByteWriter out = new ByteWriter(size);
        out.writeByte(FORMAT).writeVarint(siblings.size());
        for (Versioned<Value> s : siblings) {
            ClockEncoding.writeVersion(out, s.version());
            if (s.value() instanceof Value.Bytes b) {
                b.writeLengthPrefixedTo(out.writeByte(1));
            } else {
                out.writeByte(0);
            }
        }
        return out.toByteArray();
    }

    /** Whether {@code bytes} encode the empty sibling set: in a log record, the removal of a key. */
    static boolean isEmptySet(byte[] bytes) {
        return bytes.length == 2 && bytes[0] == FORMAT && bytes[1] == 0;
    }

    public static List<Versioned<Value>> decode(byte[] bytes) {
        try {
            ByteReader in = new ByteReader(bytes);
            int format = in.readByte("format");
            if (format != FORMAT) {
                throw new DecodingException("format " + format + " is not known (expected " + FORMAT + ")");
            }
            int count = (int) in.readVarint("sibling count", 0, in.remaining());
            List<Versioned<Value>> siblings = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                DottedVersionVector version = ClockEncoding.readVersion(in, MAX_PAST_ENTRIES);
                int kind = in.readByte("kind of sibling " + i);
                Value value;
                if (kind == 0) {
                    value = Value.TOMBSTONE;
                } else if (kind == 1) {
                    value = Value.adopt(in.readLengthPrefixed("value of sibling " + i, Value.MAX_BYTES));
                } else {
                    throw new DecodingException("sibling " + i + " has unknown kind " + kind);
                }
                siblings.add(new Versioned<>(version, value));
            }
            in.expectEnd();
            return siblings;
        } catch (DecodingException e) {
            throw new CorruptDataException("stored siblings " + e.getMessage());
        } catch (ClockLimitException e) {
            throw new CorruptDataException("stored siblings hold a clock past the limits: " + e.getMessage());
        }
    }
}
