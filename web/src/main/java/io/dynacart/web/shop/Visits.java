package io.dynacart.web.shop;

import io.dynacart.cart.CartNamespaces;
import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each browser's session record in the store's {@code session} namespace ({@link CartNamespaces#SESSION}):
 * how many pages it has seen and which page last, under its session id. The namespace keeps the
 * last write (no siblings, no merge) and forgets a session {@link CartNamespaces#SESSION_TTL} after
 * its last page, as the paper's session store does; two tabs loading a page at the same moment may
 * lose one count, which is what last write wins means.
 *
 * <p>A record is one line of UTF-8: {@code v1 PAGES MILLIS PATH}. A record that does not read so
 * (written by something else) counts as a new session.
 */
public final class Visits {

    private static final Logger log = LoggerFactory.getLogger(Visits.class);
    /** The longest page path kept: the record stays small whatever the browser asks for. */
    static final int MAX_PATH = 200;

    /** A session as the store last had it. */
    public record Visit(long pages, long lastMillis, String lastPage) {
    }

    private final KvStore store;
    private final LongSupplier clock;

    public Visits(KvStore store, LongSupplier clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Notes that session {@code id} has just seen {@code page}: read, count one more, write. */
    public CompletableFuture<Visit> record(String id, String page) {
        Key key = key(id);
        return store.get(key).thenCompose(found -> {
            long pages = read(found).map(Visit::pages).orElse(0L) + 1;
            Visit visit = new Visit(pages, clock.getAsLong(), page.length() > MAX_PATH ? page.substring(0, MAX_PATH) : page);
            return store.put(key, found.context(), encode(visit)).thenApply(written -> visit);
        });
    }

    /** Notes a page in the background: a page never waits for, nor fails with, its session record. */
    public void recordLater(String id, String page) {
        record(id, page).exceptionally(e -> {
            log.debug("session {}: could not note {} ({})", id, page, e.toString());
            return null;
        });
    }

    /** The session as the store has it, if it has one (none after its ttl). */
    public CompletableFuture<Optional<Visit>> of(String id) {
        return store.get(key(id)).thenApply(Visits::read);
    }

    static Key key(String id) {
        return Key.of(CartNamespaces.SESSION, id);
    }

    static byte[] encode(Visit v) {
        return ("v1 " + v.pages() + " " + v.lastMillis() + " " + v.lastPage()).getBytes(StandardCharsets.UTF_8);
    }

    /** The live version's visit (last write wins leaves at most one); empty for none or a foreign record. */
    static Optional<Visit> read(GetResult found) {
        return found.siblings().stream()
                .map(v -> v.value())
                .filter(Value.Bytes.class::isInstance)
                .map(v -> decode(((Value.Bytes) v).toByteArray()))
                .flatMap(Optional::stream)
                .max((a, b) -> Long.compare(a.lastMillis(), b.lastMillis()));
    }

    static Optional<Visit> decode(byte[] bytes) {
        String[] parts = new String(bytes, StandardCharsets.UTF_8).split(" ", 4);
        if (parts.length != 4 || !parts[0].equals("v1")) {
            return Optional.empty();
        }
        try {
            long pages = Long.parseLong(parts[1]);
            long millis = Long.parseLong(parts[2]);
            return pages < 1 ? Optional.empty() : Optional.of(new Visit(pages, millis, parts[3]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
