package io.dynacart.store.membership;

import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.NamespaceTable;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Reconcile;
import io.dynacart.store.encoding.ByteReader;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.encoding.DecodingException;
import io.dynacart.store.identity.Namespace;
import java.util.ArrayList;
import java.util.List;

/**
 * The namespace table in a gossiped view: a varint count, then per namespace its name (ASCII,
 * length first), varints N, R, W, a byte for the reconciliation (0 siblings, 1 last write wins), and
 * varints ttl seconds, max siblings, max sibling bytes and version.
 */
public final class NamespaceCodec {

    /** The format byte of a table kept on its own ({@link #encode}), as a node keeps it on disk. */
    private static final int FILE_FORMAT = 1;

    /** More namespaces than any store needs; a count past it is a corrupt message. */
    static final int MAX_NAMESPACES = 1024;

    private NamespaceCodec() {
    }

    /** {@code table} on its own: a format byte, then the table. */
    public static byte[] encode(NamespaceTable table) {
        ByteWriter out = new ByteWriter(64).writeByte(FILE_FORMAT);
        write(out, table);
        return out.toByteArray();
    }

    /** The table {@link #encode} made; anything else is a {@link DecodingException}. */
    public static NamespaceTable decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        int format = in.readByte("format");
        if (format != FILE_FORMAT) {
            throw new DecodingException("namespace table format " + format + " is not known");
        }
        NamespaceTable table = read(in);
        in.expectEnd();
        return table;
    }

    static void write(ByteWriter out, NamespaceTable table) {
        out.writeVarint(table.size());
        for (NamespaceConfig c : table.all()) {
            out.writeAscii(c.namespace().name());
            out.writeVarint(c.quorum().n()).writeVarint(c.quorum().r()).writeVarint(c.quorum().w());
            out.writeByte(c.reconcile().ordinal());
            out.writeVarint(c.ttlSeconds()).writeVarint(c.maxSiblings()).writeVarint(c.maxSiblingBytes())
                    .writeVarint(c.version());
        }
    }

    static NamespaceTable read(ByteReader in) {
        int count = (int) in.readVarint("namespace count", 0, MAX_NAMESPACES);
        List<NamespaceConfig> configs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = in.readAscii("namespace " + i, Namespace.MAX_LENGTH);
            String problem = Namespace.problemWith(name);
            if (problem != null || name.equals(Namespace.DEFAULT.name())) {
                throw new DecodingException("namespace " + i + ": " + (problem != null ? problem : "is the default one"));
            }
            int n = (int) in.readVarint("N of " + name, 1, ViewCodec.MAX_REPLICAS);
            int r = (int) in.readVarint("R of " + name, 1, n);
            int w = (int) in.readVarint("W of " + name, 1, n);
            int mode = in.readByte("reconcile of " + name);
            if (mode >= Reconcile.values().length) {
                throw new DecodingException("reconcile of " + name + " is " + mode + "; 0 or 1 are known");
            }
            long ttl = in.readVarint("ttl of " + name, 0, NamespaceConfig.MAX_TTL_SECONDS);
            int maxSiblings = (int) in.readVarint("max siblings of " + name, 0, Integer.MAX_VALUE);
            long maxBytes = in.readVarint("max sibling bytes of " + name, 0, Long.MAX_VALUE);
            long version = in.readVarint("version of " + name, 0, Long.MAX_VALUE);
            try {
                configs.add(new NamespaceConfig(Namespace.of(name), new Quorum(n, r, w), Reconcile.values()[mode], ttl,
                        maxSiblings, maxBytes, version));
            } catch (IllegalArgumentException e) {
                throw new DecodingException("namespace " + name + ": " + e.getMessage());
            }
        }
        return NamespaceTable.of(configs);
    }
}
