package io.dynacart.loadgen.workload;

import io.dynacart.cart.ProductId;
import io.dynacart.cart.merge.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the load generator knows one cart must hold, from acknowledgements only: every change it
 * started, with when it started and ended (ns, the run's clock) and whether it was acknowledged.
 *
 * <p>The rule that decides which adds must survive: a remove-like change (remove, set-quantity,
 * checkout) can take out only the adds its read held. When an add's tag is known (the device read it
 * off the cart it wrote), the add is owed unless some remove-like change's read held that tag, and
 * the tag must be in the final cart. Otherwise, by time: a change's read finished before the change
 * ended, so an add that began after every remove-like change of its item had ended, or whose item
 * was absent from those changes' reads, cannot have been seen by any, and its units must be in the
 * final cart. Safe for concurrent use (two devices).
 */
public final class CartLedger {

    /**
     * What a change did to an item. A set-quantity is entered twice: as a {@code SET} (it removes
     * what its read held of the item) and as the {@code ADD} of its new quantity.
     */
    public enum Kind { ADD, SET, REMOVE, CHECKOUT }

    /**
     * One change; {@code item} is null for a checkout (it touches every item its read held);
     * {@code saw} is the items the read it was based on held (empty for an add); {@code tags} is,
     * for an add or set, the tag it wrote (empty if unknown), and for a remove-like change the tags
     * its read held.
     */
    record Change(Kind kind, ProductId item, int units, long start, long end, boolean acked, Set<ProductId> saw,
                  Set<Tag> tags) {
        Change {
            saw = Set.copyOf(saw);
            tags = Set.copyOf(tags);
        }

        /** Whether this change may have taken units of {@code p} out of the cart. */
        boolean removesItem(ProductId p) {
            boolean touches = kind == Kind.CHECKOUT || ((kind == Kind.REMOVE || kind == Kind.SET) && item.equals(p));
            return touches && saw.contains(p);
        }
    }

    /** What the final cart is judged to hold; {@code lostLines} counts lost adds found by tag, and lines short of units. */
    record Judgement(long ackedAdds, long checkedAdds, long maybeRemoved, long lostLines, long lostUnits,
                     long removesObserved, long back, List<String> problems) {
    }

    private final List<Change> changes = new ArrayList<>();
    private boolean closed;

    /** Takes no more changes: what is judged is what was entered until now. */
    public synchronized void close() {
        closed = true;
    }

    /** Enters a change; ignored once {@link #close closed}. */
    public synchronized void record(Kind kind, ProductId item, int units, long start, long end, boolean acked,
                                    Set<ProductId> saw) {
        record(kind, item, units, start, end, acked, saw, Set.of());
    }

    /** As above, with the tags the change wrote (add, set) or saw (remove-like); see {@link Change}. */
    public synchronized void record(Kind kind, ProductId item, int units, long start, long end, boolean acked,
                                    Set<ProductId> saw, Set<Tag> tags) {
        if (!closed) {
            changes.add(new Change(kind, item, units, start, end, acked, saw, tags));
        }
    }

    /** Judges {@code held} (item to units, the converged cart) against the changes, by units only. */
    synchronized Judgement judge(String cart, Map<ProductId, Long> held) {
        return judge(cart, held, null);
    }

    /**
     * Judges the converged cart: {@code held} its items' units, {@code finalTags} the tags of its
     * adds (null if unknown). An acknowledged add whose tag is known is owed exactly when no
     * remove-like change's read held that tag: then the tag must be in the final cart. An add whose
     * tag is unknown falls back to the rule by time and units (class comment).
     */
    synchronized Judgement judge(String cart, Map<ProductId, Long> held, Set<Tag> finalTags) {
        Map<ProductId, Long> mustHold = new HashMap<>();
        List<String> lostTags = new ArrayList<>();
        long acked = 0;
        long checked = 0;
        long maybe = 0;
        Set<ProductId> items = new HashSet<>();
        for (Change c : changes) {
            if (c.item() != null) {
                items.add(c.item());
            }
            if (!c.acked() || c.kind() != Kind.ADD) {
                continue;
            }
            acked++;
            if (finalTags != null && !c.tags().isEmpty()) {
                if (tagSeenByARemoval(c)) {
                    maybe++;
                } else {
                    checked++;
                    if (!finalTags.containsAll(c.tags())) {
                        lostTags.add(cart + ": the acknowledged " + c.kind().name().toLowerCase(Locale.ROOT)
                                + " of " + c.units() + " " + c.item() + " (" + c.tags() + ") is gone, and no remove saw it");
                    }
                }
            } else if (seenByARemoval(c)) {
                maybe++;
            } else {
                checked++;
                mustHold.merge(c.item(), (long) c.units(), Long::sum);
            }
        }
        List<String> problems = new ArrayList<>(lostTags);
        long lostLines = lostTags.size();
        long lostUnits = 0;
        for (Map.Entry<ProductId, Long> e : mustHold.entrySet()) {
            long has = held.getOrDefault(e.getKey(), 0L);
            if (has < e.getValue()) {
                lostLines++;
                lostUnits += e.getValue() - has;
                problems.add(cart + ": " + e.getKey() + " holds " + has + " units, acknowledged adds no remove saw: "
                        + e.getValue());
            }
        }
        long observed = 0;
        long back = 0;
        for (ProductId item : items) {
            Change last = lastObservingRemove(item);
            if (last != null) {
                observed++;
                if (held.containsKey(item)) {
                    back++;
                }
            }
        }
        return new Judgement(acked, checked, maybe, lostLines, lostUnits, observed, back, problems);
    }

    /** Whether a remove-like change other than {@code add} based on a read that held {@code add}'s tag. */
    private boolean tagSeenByARemoval(Change add) {
        for (Change c : changes) {
            if (c != add && c.kind() != Kind.ADD && c.removesItem(add.item())
                    && (c.end() == Long.MAX_VALUE || c.tags().stream().anyMatch(add.tags()::contains))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a remove-like change other than {@code add} ended after {@code add} began. */
    private boolean seenByARemoval(Change add) {
        for (Change c : changes) {
            if (c != add && c.removesItem(add.item()) && c.end() > add.start()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The last acknowledged explicit remove of {@code item} that saw it, if no add or set of the item
     * ended after it began and no change of it started after it; otherwise null.
     */
    private Change lastObservingRemove(ProductId item) {
        Change last = null;
        for (Change c : changes) {
            if (c.kind() == Kind.REMOVE && c.item().equals(item) && c.acked() && c.saw().contains(item)
                    && (last == null || c.start() > last.start())) {
                last = c;
            }
        }
        if (last == null) {
            return null;
        }
        for (Change c : changes) {
            boolean touches = c.kind() == Kind.CHECKOUT || item.equals(c.item());
            if (c != last && touches && (c.start() > last.start()
                    || ((c.kind() == Kind.ADD || c.kind() == Kind.SET) && c.end() > last.start()))) {
                return null;
            }
        }
        return last;
    }
}
