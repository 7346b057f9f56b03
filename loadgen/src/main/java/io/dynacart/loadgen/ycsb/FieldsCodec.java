package io.dynacart.loadgen.ycsb;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A YCSB record (field name to bytes) as one compact value: per field, the name's length (2 bytes),
 * the name in UTF-8, the value's length (4 bytes) and the value.
 */
final class FieldsCodec {

    private FieldsCodec() {
    }

    static byte[] encode(Map<String, byte[]> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : fields.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            if (name.length > 0xffff) {
                throw new IllegalArgumentException("a field name has at most 65535 bytes");
            }
            out.writeBytes(ByteBuffer.allocate(2).putShort((short) name.length).array());
            out.writeBytes(name);
            out.writeBytes(ByteBuffer.allocate(4).putInt(e.getValue().length).array());
            out.writeBytes(e.getValue());
        }
        return out.toByteArray();
    }

    /** The fields of {@code bytes}, in stored order. */
    static Map<String, byte[]> decode(byte[] bytes) {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        while (in.hasRemaining()) {
            byte[] name = take(in, Short.toUnsignedInt(take(in, 2, "name length").getShort()));
            byte[] value = take(in, take(in, 4, "value length").getInt());
            fields.put(new String(name, StandardCharsets.UTF_8), value);
        }
        return fields;
    }

    private static ByteBuffer take(ByteBuffer in, int n, String what) {
        if (in.remaining() < n) {
            throw new IllegalArgumentException("not a YCSB record: the " + what + " is cut short");
        }
        byte[] b = new byte[n];
        in.get(b);
        return ByteBuffer.wrap(b);
    }

    private static byte[] take(ByteBuffer in, int n) {
        if (n < 0 || in.remaining() < n) {
            throw new IllegalArgumentException("not a YCSB record: a field is longer than the bytes left");
        }
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }
}
