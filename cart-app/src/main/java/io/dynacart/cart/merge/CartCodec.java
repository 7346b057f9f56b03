package io.dynacart.cart.merge;

import io.dynacart.cart.ProductId;
import io.dynacart.cart.codec.CartFormatException;
import io.dynacart.store.encoding.ByteReader;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.encoding.DecodingException;
import io.dynacart.store.identity.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The stored form of both cart states. Writer names are listed once and referred to by index, so a
 * tag costs two or three bytes.
 *
 * <pre>
 * cart     = version:u8(=1) policy:u8(1 paper | 2 observed-remove) writers lines [seen]
 * writers  = n:varint name*n                        (strictly ascending)
 * lines    = n:varint (item:name adds)*n            (items strictly ascending)
 * adds     = n:varint(&gt;=1) (writer:varint counter:varint quantity:varint)*n  (tags strictly ascending)
 * seen     = n:varint (writer:varint run:varint)*n  m:varint (writer:varint counter:varint)*m
 * name     = length:varint ascii*length
 * </pre>
 * Decoding accepts exactly the canonical encoding of a valid state, so decode-then-encode gives the
 * same bytes; anything else is a {@link CartFormatException} naming the byte where decoding stopped
 * and why (the project's strict {@link ByteReader} does the bounds and varint checks).
 */
final class CartCodec {

    static final int FORMAT_VERSION = 1;
    static final int PAPER = 1;
    static final int OBSERVED_REMOVE = 2;

    private CartCodec() {}

    static byte[] encode(PaperCart cart) {
        ByteWriter w = header(PAPER);
        List<String> writers = writers(cart.lines(), CausalContext.EMPTY);
        writeLines(w, writers, cart.lines());
        return w.toByteArray();
    }

    static byte[] encode(ObservedRemoveCart cart) {
        ByteWriter w = header(OBSERVED_REMOVE);
        List<String> writers = writers(cart.lines(), cart.seen());
        writeLines(w, writers, cart.lines());
        w.writeVarint(cart.seen().contiguous().size());
        cart.seen().contiguous().forEach((writer, run) ->
                w.writeVarint(writers.indexOf(writer)).writeVarint(run));
        w.writeVarint(cart.seen().beyond().size());
        cart.seen().beyond().forEach(t -> w.writeVarint(writers.indexOf(t.writer())).writeVarint(t.counter()));
        return w.toByteArray();
    }

    /** The policy byte of stored cart bytes ({@link #PAPER} or {@link #OBSERVED_REMOVE}), or -1 if there is none. */
    static int policyOf(byte[] bytes) {
        if (bytes.length < 2 || bytes[0] != FORMAT_VERSION || (bytes[1] != PAPER && bytes[1] != OBSERVED_REMOVE)) {
            return -1;
        }
        return bytes[1];
    }

    static PaperCart decodePaper(byte[] bytes) {
        return decode(bytes, r -> {
            readHeader(r, PAPER);
            List<String> writers = readWriters(r);
            TaggedLines lines = readLines(r, writers);
            r.expectEnd();
            requireAllUsed(writers, writers(lines, CausalContext.EMPTY));
            return build(() -> new PaperCart(lines));
        });
    }

    static ObservedRemoveCart decodeObservedRemove(byte[] bytes) {
        return decode(bytes, r -> {
            readHeader(r, OBSERVED_REMOVE);
            List<String> writers = readWriters(r);
            TaggedLines lines = readLines(r, writers);
            CausalContext seen = readSeen(r, writers);
            r.expectEnd();
            requireAllUsed(writers, writers(lines, seen));
            return build(() -> new ObservedRemoveCart(lines, seen));
        });
    }

    /** Runs {@code body} over {@code bytes}, turning whatever does not decode into a {@link CartFormatException}. */
    private static <T> T decode(byte[] bytes, Function<ByteReader, T> body) {
        ByteReader r = new ByteReader(bytes);
        try {
            return body.apply(r);
        } catch (DecodingException e) {
            throw new CartFormatException("malformed cart at byte " + r.position() + " of " + bytes.length + ": "
                    + e.getMessage(), e);
        }
    }

    private static void requireAllUsed(List<String> listed, List<String> used) {
        if (!listed.equals(used)) {
            throw new DecodingException("writers " + listed + " are listed but only " + used + " are used");
        }
    }

    private static ByteWriter header(int policy) {
        return new ByteWriter(64).writeByte(FORMAT_VERSION).writeByte(policy);
    }

    private static void readHeader(ByteReader r, int policy) {
        int version = r.readByte("format version");
        if (version != FORMAT_VERSION) {
            throw new DecodingException("format version " + version + " is not known; this reader knows " + FORMAT_VERSION);
        }
        int found = r.readByte("policy");
        if (found != policy) {
            throw new DecodingException("policy byte " + found + " is not " + policy + " (" + policyName(policy) + ")");
        }
    }

    private static String policyName(int policy) {
        return policy == PAPER ? "paper" : "observed-remove";
    }

    private static List<String> writers(TaggedLines lines, CausalContext seen) {
        TreeSet<String> names = new TreeSet<>(seen.contiguous().keySet());
        lines.tags().forEach(t -> names.add(t.writer()));
        seen.beyond().forEach(t -> names.add(t.writer()));
        return new ArrayList<>(names);
    }

    private static void writeLines(ByteWriter w, List<String> writers, TaggedLines lines) {
        w.writeVarint(writers.size());
        writers.forEach(w::writeAscii);
        w.writeVarint(lines.items().size());
        lines.items().forEach((item, adds) -> {
            w.writeAscii(item.value()).writeVarint(adds.size());
            adds.forEach((tag, qty) ->
                    w.writeVarint(writers.indexOf(tag.writer())).writeVarint(tag.counter()).writeVarint(qty));
        });
    }

    private static List<String> readWriters(ByteReader r) {
        int n = r.readCount("writer count", 0);
        List<String> writers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = readValidName(r, "writer name");
            if (i > 0 && writers.get(i - 1).compareTo(name) >= 0) {
                throw new DecodingException("writer names are not strictly ascending at \"" + name + "\"");
            }
            writers.add(name);
        }
        return writers;
    }

    private static TaggedLines readLines(ByteReader r, List<String> writers) {
        int n = r.readCount("item count", 0);
        TreeMap<ProductId, SortedMap<Tag, Integer>> items = new TreeMap<>();
        ProductId previous = null;
        for (int i = 0; i < n; i++) {
            ProductId item = new ProductId(readValidName(r, "product id"));
            if (previous != null && previous.compareTo(item) >= 0) {
                throw new DecodingException("items are not strictly ascending at " + item);
            }
            previous = item;
            int adds = r.readCount("add count of " + item, 1);
            TreeMap<Tag, Integer> tagged = new TreeMap<>();
            Tag lastTag = null;
            for (int j = 0; j < adds; j++) {
                Tag tag = readTag(r, writers);
                if (lastTag != null && lastTag.compareTo(tag) >= 0) {
                    throw new DecodingException("tags of " + item + " are not strictly ascending at " + tag);
                }
                lastTag = tag;
                tagged.put(tag, (int) r.readVarint("quantity", 1, CartOp.MAX_QUANTITY));
            }
            items.put(item, tagged);
        }
        return new TaggedLines(items);
    }

    private static CausalContext readSeen(ByteReader r, List<String> writers) {
        int runs = r.readCount("run count", 0);
        TreeMap<String, Long> contiguous = new TreeMap<>();
        for (int i = 0; i < runs; i++) {
            String writer = writers.get((int) r.readVarint("writer index", 0, writers.size() - 1L));
            if (!contiguous.isEmpty() && contiguous.lastKey().compareTo(writer) >= 0) {
                throw new DecodingException("runs are not strictly ascending by writer at \"" + writer + "\"");
            }
            contiguous.put(writer, r.readVarint("run", 1, Long.MAX_VALUE));
        }
        int beyond = r.readCount("seen tag count", 0);
        TreeSet<Tag> tags = new TreeSet<>();
        for (int i = 0; i < beyond; i++) {
            Tag tag = readTag(r, writers);
            if (!tags.isEmpty() && tags.last().compareTo(tag) >= 0) {
                throw new DecodingException("seen tags are not strictly ascending at " + tag);
            }
            tags.add(tag);
        }
        CausalContext canonical = new CausalContext(contiguous, tags);
        if (!canonical.contiguous().equals(contiguous) || !canonical.beyond().equals(tags)) {
            throw new DecodingException("seen tags are not in canonical form (a tag extends or repeats a run)");
        }
        return canonical;
    }

    private static Tag readTag(ByteReader r, List<String> writers) {
        if (writers.isEmpty()) {
            throw new DecodingException("a tag refers to a writer but none are listed");
        }
        String writer = writers.get((int) r.readVarint("writer index", 0, writers.size() - 1L));
        return new Tag(writer, r.readVarint("tag counter", 1, Long.MAX_VALUE));
    }

    private static String readValidName(ByteReader r, String what) {
        String name = r.readAscii(what, Names.MAX_LENGTH);
        String problem = Names.problemWith(what, name);
        if (problem != null) {
            throw new DecodingException(problem);
        }
        return name;
    }

    private static <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new DecodingException("not a valid cart: " + e.getMessage());
        }
    }
}
