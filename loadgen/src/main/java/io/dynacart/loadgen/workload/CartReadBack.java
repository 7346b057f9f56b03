package io.dynacart.loadgen.workload;

import io.dynacart.cart.CartView;
import io.dynacart.cart.ProductId;
import io.dynacart.cart.merge.CartMerge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The end of a cart run: reads every cart through both of its devices, round after round, until
 * both read the same items from a single version and the cart holds every add its ledger says it
 * must; or the deadline passes. Each read merges and writes back, and hinted handoff and
 * anti-entropy run meanwhile, so a cart that is short early may be whole later: only what is still
 * short at the deadline is lost.
 */
final class CartReadBack {

    private final List<Device[]> devices;
    private final List<CartLedger> ledgers;
    private final Map<Integer, Map<ProductId, Long>> held = new HashMap<>();
    private final Map<Integer, CartLedger.Judgement> judged = new HashMap<>();
    private final List<Integer> open = new ArrayList<>();
    private final CartMerge<?> policy;

    CartReadBack(List<Device[]> devices, List<CartLedger> ledgers, CartMerge<?> policy) {
        this.devices = devices;
        this.ledgers = ledgers;
        this.policy = policy;
        for (int i = 0; i < devices.size(); i++) {
            open.add(i);
        }
    }

    void run(long deadlineNanos) {
        while (!open.isEmpty()) {
            round(deadlineNanos);
            if (open.isEmpty() || System.nanoTime() > deadlineNanos) {
                return;
            }
            Waiting.sleep(250);
        }
    }

    private void round(long deadlineNanos) {
        Map<Integer, CompletableFuture<CartView[]>> reads = new HashMap<>();
        for (int i : open) {
            Device[] pair = devices.get(i);
            // Bounded: a request the store never answers must not hold up the read-back.
            reads.put(i, pair[0].service.view(pair[0].cart)
                    .thenCombine(pair[1].service.view(pair[1].cart), (a, b) -> new CartView[] {a, b})
                    .orTimeout(5, TimeUnit.SECONDS));
        }
        List<Integer> still = new ArrayList<>();
        for (int i : open) {
            CartView[] views;
            try {
                long left = Math.max(1, deadlineNanos - System.nanoTime());
                views = reads.get(i).get(Math.min(left, TimeUnit.SECONDS.toNanos(10)), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                still.add(i);
                continue;
            }
            Map<ProductId, Long> a = quantities(views[0]);
            Map<ProductId, Long> b = quantities(views[1]);
            held.put(i, a);
            // Device A is idle now, so its last read is the one this view made: the final cart's adds.
            CartLedger.Judgement j = ledgers.get(i).judge(devices.get(i)[0].cart.value(), a,
                    devices.get(i)[0].tagsInLastRead(policy));
            judged.put(i, j);
            boolean agreed = a.equals(b) && views[0].versionsMerged() <= 1 && views[1].versionsMerged() <= 1;
            if (!agreed || j.lostLines() > 0) {
                still.add(i);
            }
        }
        open.clear();
        open.addAll(still);
    }

    CartCorrectness result(String policy, long millis, int unfinished) {
        long acked = 0;
        long checked = 0;
        long maybe = 0;
        long lostLines = 0;
        long lostUnits = 0;
        long observed = 0;
        long back = 0;
        List<String> examples = new ArrayList<>();
        int unconverged = 0;
        for (int i = 0; i < devices.size(); i++) {
            CartLedger.Judgement j = judged.get(i);
            if (j == null) {
                j = ledgers.get(i).judge(devices.get(i)[0].cart.value(), Map.of());
                examples.add(devices.get(i)[0].cart.value() + ": could not be read before the deadline");
            }
            if (open.contains(i)) {
                unconverged++;
            }
            acked += j.ackedAdds();
            checked += j.checkedAdds();
            maybe += j.maybeRemoved();
            lostLines += j.lostLines();
            lostUnits += j.lostUnits();
            observed += j.removesObserved();
            back += j.back();
            j.problems().stream().limit(Math.max(0, 10 - examples.size())).forEach(examples::add);
        }
        if (unfinished > 0) {
            examples.add(0, unfinished + " requests were still unanswered by the store when the read-back began"
                    + " (counted as in doubt)");
        }
        return new CartCorrectness(policy, devices.size(), acked, checked, maybe, lostLines, lostUnits, observed, back,
                unconverged, unfinished, millis, examples);
    }

    private static Map<ProductId, Long> quantities(CartView view) {
        return view.lines().stream().collect(Collectors.toMap(l -> l.product().id(), CartView.Line::quantity));
    }
}
