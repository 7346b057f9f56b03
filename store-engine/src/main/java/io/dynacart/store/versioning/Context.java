package io.dynacart.store.versioning;

import java.util.Base64;
import java.util.Collection;
import java.util.Objects;

/**
 * The opaque token a get returns and a put takes back: the merge of the clocks of every sibling the
 * client read. A put with context C supersedes exactly the versions C covers and no other.
 *
 * <p>Clients must treat the token as opaque. It travels as compact bytes ({@link #toBytes()}) or as
 * unpadded base64url text ({@link #toBase64Url()}, the {@code X-Context} header). Decoding is strict
 * and bounded: at most {@value #MAX_ENTRIES} entries and {@value #MAX_BYTES} bytes; anything else
 * raises {@link MalformedContextException} and nothing else.
 */
public record Context(VectorClock clock) {

    /** Most entries a context may carry; merging more keeps the newest (see {@link #of}). */
    public static final int MAX_ENTRIES = 32;
    /** Largest binary context accepted (base64url text: 4/3 of this). */
    public static final int MAX_BYTES = 4096;
    /** Longest base64url context accepted, in characters. */
    public static final int MAX_TEXT_LENGTH = (MAX_BYTES + 2) / 3 * 4;

    /** The context of a blind write: it supersedes nothing. */
    public static final Context EMPTY = new Context(VectorClock.EMPTY);

    public Context {
        Objects.requireNonNull(clock, "clock");
        if (clock.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("a context holds at most " + MAX_ENTRIES + " entries, got " + clock.size());
        }
    }

    /**
     * The context for a read that returned {@code siblings}: the merge of their clocks.
     *
     * <p>Should the merge pass {@value #MAX_ENTRIES} entries, the oldest go. That errs on the safe
     * side: a put with the smaller context supersedes fewer versions, so at worst an already-merged
     * sibling survives as a spurious conflict; no write the client did not see is erased.
     */
    public static Context of(Collection<? extends Versioned<?>> siblings) {
        VectorClock merged = VectorClock.EMPTY;
        for (Versioned<?> sibling : siblings) {
            merged = merged.merge(sibling.version().clock());
        }
        return new Context(merged.truncate(MAX_ENTRIES));
    }

    /** This context merged with {@code other}: what a client that read both has seen. */
    public Context merge(Context other) {
        return new Context(clock.merge(other.clock).truncate(MAX_ENTRIES));
    }

    /** Whether a put with this context supersedes {@code version}. */
    public boolean covers(Versioned<?> version) {
        return clock.covers(version.dot());
    }

    public byte[] toBytes() {
        return ContextCodec.encode(clock);
    }

    public static Context fromBytes(byte[] bytes) {
        return new Context(ContextCodec.decode(bytes));
    }

    public String toBase64Url() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(toBytes());
    }

    /** Decodes a token from {@link #toBase64Url()}; padding is tolerated, other characters are not. */
    public static Context fromBase64Url(String text) {
        if (text == null || text.isEmpty()) {
            throw new MalformedContextException("context is empty; omit it for a blind write");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new MalformedContextException("context is " + text.length() + " characters long; at most "
                    + MAX_TEXT_LENGTH + " are allowed");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedContextException("context is not base64url: " + e.getMessage());
        }
        return fromBytes(bytes);
    }

    @Override
    public String toString() {
        return "Context" + clock;
    }
}
