package io.dynacart.store.storage;

import io.dynacart.store.encoding.ByteReader;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.encoding.DecodingException;
import io.dynacart.store.identity.InvalidKeyException;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * One mutation as the append log holds it. Each record is self-contained: a put carries the key's
 * whole resulting sibling set, so replaying a record twice, or skipping a damaged one whose key is
 * written again later, still ends in the right state. Hint records follow the same rule: a hint put
 * carries the hint's whole reconciled sibling set, a hint delete names what it removes.
 *
 * <pre>
 *   u32          CRC32C of everything after it
 *   byte         type: 1 = put, 2 = drop partition, 3 = hint put, 4 = hint delete
 *   put:         varint partition, long hash high, long hash low, key (varint length + bytes),
 *                signed varint key-count delta, signed varint byte delta, siblings (varint length + bytes)
 *   drop:        varint partition
 *   hint put:    intended node (varint length + ASCII), key (varint length + bytes),
 *                siblings (varint length + bytes)
 *   hint delete: intended node (varint length + ASCII), key (varint length + bytes)
 * </pre>
 */
sealed interface LogRecord permits LogRecord.Put, LogRecord.Drop, LogRecord.HintPut, LogRecord.HintDelete {

    /** The key's new sibling set, and how the partition's statistics change with it. */
    record Put(Key key, KeyHash hash, PartitionId partition, byte[] siblings, long keysDelta, long bytesDelta)
            implements LogRecord {
    }

    /** Every key of a partition forgotten. */
    record Drop(PartitionId partition) implements LogRecord {
    }

    /** The hint held for {@code intendedFor} and {@code key} is now exactly {@code siblings} (encoded). */
    record HintPut(NodeId intendedFor, Key key, byte[] siblings) implements LogRecord {
    }

    /** No hint is held any more for {@code intendedFor} and {@code key}. */
    record HintDelete(NodeId intendedFor, Key key) implements LogRecord {
    }

    int PUT = 1;
    int DROP = 2;
    int HINT_PUT = 3;
    int HINT_DELETE = 4;
    /** The largest encoded sibling set a record holds ({@link SiblingCodec#MAX_LOGGED_BYTES}: 12 MiB, why there). */
    int MAX_SIBLINGS_BYTES = SiblingCodec.MAX_LOGGED_BYTES;

    /** The record's bytes; a sibling set over {@link #MAX_SIBLINGS_BYTES} is refused, since replay could not read it. */
    static byte[] encode(LogRecord record) {
        byte[] siblings = record instanceof Put p ? p.siblings() : record instanceof HintPut h ? h.siblings() : null;
        if (siblings != null && siblings.length > MAX_SIBLINGS_BYTES) {
            throw new RecordTooLargeException(siblings.length);
        }
        ByteWriter out = new ByteWriter(record instanceof Put p ? p.siblings().length + p.key().length() + 48
                : record instanceof HintPut h ? h.siblings().length + h.key().length() + 80 : 1100);
        if (record instanceof Put p) {
            out.writeByte(PUT).writeVarint(p.partition().index())
                    .writeLong(p.hash().high()).writeLong(p.hash().low())
                    .writeLengthPrefixed(p.key().toByteArray())
                    .writeSignedVarint(p.keysDelta()).writeSignedVarint(p.bytesDelta())
                    .writeLengthPrefixed(p.siblings());
        } else if (record instanceof Drop d) {
            out.writeByte(DROP).writeVarint(d.partition().index());
        } else if (record instanceof HintPut h) {
            writeHintTarget(out.writeByte(HINT_PUT), h.intendedFor(), h.key()).writeLengthPrefixed(h.siblings());
        } else if (record instanceof HintDelete h) {
            writeHintTarget(out.writeByte(HINT_DELETE), h.intendedFor(), h.key());
        } else {
            throw new IllegalArgumentException("unknown log record " + record);
        }
        byte[] body = out.toByteArray();
        byte[] framed = new byte[body.length + 4];
        System.arraycopy(body, 0, framed, 4, body.length);
        int crc = crc(body, 0, body.length);
        framed[0] = (byte) (crc >>> 24);
        framed[1] = (byte) (crc >>> 16);
        framed[2] = (byte) (crc >>> 8);
        framed[3] = (byte) crc;
        return framed;
    }

    /** Decodes a record, or fails with {@link CorruptDataException} naming what is wrong. */
    static LogRecord decode(byte[] bytes) {
        if (bytes.length < 5) {
            throw new CorruptDataException("log record of " + bytes.length + " bytes is too short");
        }
        int stored = ((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
        if (stored != crc(bytes, 4, bytes.length - 4)) {
            throw new CorruptDataException("log record fails its checksum");
        }
        try {
            ByteReader in = new ByteReader(bytes, 4, bytes.length - 4);
            int type = in.readByte("type");
            LogRecord record;
            if (type == PUT) {
                PartitionId partition = new PartitionId((int) in.readVarint("partition", 0, Integer.MAX_VALUE));
                KeyHash hash = new KeyHash(in.readLong("hash"), in.readLong("hash"));
                Key key = readKey(in);
                long keysDelta = in.readSignedVarint("key delta");
                long bytesDelta = in.readSignedVarint("byte delta");
                byte[] siblings = in.readLengthPrefixed("siblings", MAX_SIBLINGS_BYTES);
                record = new Put(key, hash, partition, siblings, keysDelta, bytesDelta);
            } else if (type == DROP) {
                record = new Drop(new PartitionId((int) in.readVarint("partition", 0, Integer.MAX_VALUE)));
            } else if (type == HINT_PUT) {
                NodeId node = readNode(in);
                Key key = readKey(in);
                record = new HintPut(node, key, in.readLengthPrefixed("siblings", MAX_SIBLINGS_BYTES));
            } else if (type == HINT_DELETE) {
                record = new HintDelete(readNode(in), readKey(in));
            } else {
                throw new DecodingException("has unknown type " + type);
            }
            in.expectEnd();
            return record;
        } catch (DecodingException | IllegalArgumentException e) {
            throw new CorruptDataException("log record " + e.getMessage());
        }
    }

    private static ByteWriter writeHintTarget(ByteWriter out, NodeId node, Key key) {
        return out.writeLengthPrefixed(node.value().getBytes(StandardCharsets.US_ASCII))
                .writeLengthPrefixed(key.toByteArray());
    }

    private static Key readKey(ByteReader in) {
        byte[] bytes = in.readLengthPrefixed("key", Key.MAX_STORED_LENGTH);
        try {
            return Key.of(bytes);
        } catch (InvalidKeyException e) {
            throw new DecodingException(e.getMessage());
        }
    }

    private static NodeId readNode(ByteReader in) {
        String id = new String(in.readLengthPrefixed("intended node", NodeId.MAX_LENGTH), StandardCharsets.US_ASCII);
        String problem = NodeId.problemWith(id);
        if (problem != null) {
            throw new DecodingException("names an invalid intended node: " + problem);
        }
        return new NodeId(id);
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
