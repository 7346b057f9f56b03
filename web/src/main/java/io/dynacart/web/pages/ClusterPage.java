package io.dynacart.web.pages;

import io.dynacart.store.identity.NodeId;
import io.dynacart.web.control.ClusterControl;
import io.dynacart.web.control.ControlException;
import io.dynacart.web.control.ControlState;
import io.dynacart.web.control.Timeline;
import io.dynacart.web.http.Csrf;
import io.dynacart.web.http.Flash;
import io.dynacart.web.metrics.StoreMetrics;
import io.dynacart.web.traffic.Shoppers;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cluster dashboard, read as a timeline: the ring and each node's state with its buttons (both
 * from one snapshot, refreshed together), the partition and heal controls, and the live charts with
 * a marker at every action taken. Buttons are forms that post here (with the CSRF token) and do the
 * same operations as the JSON control API, then redirect back to a notice kept server-side.
 *
 * <pre>
 *   GET  /cluster                       the page
 *   GET  /cluster/nodes                 the ring and the node table alone (the page refreshes them every 2 s)
 *   GET  /cluster/metrics.json          the charts' data and the actions taken (polled every second)
 *   POST /cluster/nodes/{id}/{action}   stop, start, wipe, leave
 *   POST /cluster/partition             side=n1&side=n2: those nodes against the rest
 *   POST /cluster/zones/{zone}/cut      the zone's nodes against the rest
 *   POST /cluster/heal | /cluster/join
 *   POST /cluster/shoppers              state=on|off
 * </pre>
 */
public final class ClusterPage {

    private final ClusterControl control;
    private final StoreMetrics metrics;
    private final Shoppers shoppers;
    private final int shopperRate;
    private final Csrf csrf;
    private final Flash flash;
    private final CartBadge badge;

    public ClusterPage(ClusterControl control, StoreMetrics metrics, Shoppers shoppers, int shopperRate, Csrf csrf,
                       Flash flash, CartBadge badge) {
        this.control = control;
        this.metrics = metrics;
        this.shoppers = shoppers;
        this.shopperRate = shopperRate;
        this.csrf = csrf;
        this.flash = flash;
        this.badge = badge;
    }

    /**
     * What {@code /cluster/metrics.json} answers: {@link StoreMetrics.Charts}'s columns, the actions
     * taken ({@code events}) and the background work each second ({@code background}).
     */
    public record ChartsJson(long[] time, Map<String, StoreMetrics.Series> operations, StoreMetrics.Reads reads,
                             StoreMetrics.Divergence divergence, StoreMetrics.Divergence sinceStart,
                             List<Timeline.Event> events, Background background) {
    }

    /** Hints held and partitions still to move, a point a second (columns aligned with {@code time}). */
    public record Background(long[] time, long[] hints, long[] transfers) {
    }

    static ChartsJson chartsJson(StoreMetrics.Charts c, Timeline.Snapshot t) {
        return new ChartsJson(c.time(), c.operations(), c.reads(), c.divergence(), c.sinceStart(), t.events(),
                new Background(t.time(), t.hints(), t.transfers()));
    }

    public void register(RoutesConfig routes) {
        routes.get("/cluster", this::page);
        routes.get("/cluster/nodes", ctx -> {
            ControlState state = control.state();
            ctx.render("clusterlive.jte", Map.of("state", state, "ring", RingDrawing.of(state), "csrf", csrf.token(ctx)));
        });
        routes.get("/cluster/metrics.json", ctx -> ctx.json(chartsJson(metrics.charts(), control.timeline().snapshot())));
        routes.post("/cluster/nodes/{id}/{action}", this::nodeAction);
        routes.post("/cluster/partition", this::partition);
        routes.post("/cluster/heal", ctx -> {
            control.heal();
            control.awaitDetectors(Duration.ofSeconds(15));
            done(ctx, "Healed: every node reaches every other again.");
        });
        routes.post("/cluster/join", ctx -> done(ctx, "Node " + control.join() + " is joining; partitions move to it"
                + " in the background."));
        routes.post("/cluster/zones/{zone}/cut", ctx -> {
            String zone = ctx.pathParam("zone");
            control.cutZone(zone);
            control.awaitDetectors(Duration.ofSeconds(15));
            done(ctx, "Zone " + zone + " is cut off: every key still has replicas in the other zones, which go on"
                    + " serving it.");
        });
        routes.post("/cluster/shoppers", this::toggleShoppers);
    }

    private void page(Context ctx) {
        ControlState state = control.state();
        Frame frame = new Frame("Cluster", "cluster", csrf.token(ctx), badge.items(ctx));
        ClusterView view = new ClusterView(frame, state, RingDrawing.of(state), metrics.divergence(),
                metrics.sinceStart(), shoppers.running(), shoppers.rate(), flash.take(ctx));
        ctx.render("cluster.jte", Map.of("view", view));
    }

    private void nodeAction(Context ctx) {
        String id = ctx.pathParam("id");
        String action = ctx.pathParam("action");
        switch (action) {
            case "stop" -> {
                control.stop(id);
                done(ctx, "Node " + id + " stopped. Its data stays on disk; writes meant for it leave hints.");
            }
            case "start" -> {
                control.start(id);
                done(ctx, "Node " + id + " started on its data; hints and anti-entropy bring it up to date.");
            }
            case "wipe" -> {
                control.wipe(id);
                done(ctx, "Node " + id + " wiped and restarted empty; anti-entropy refills it.");
            }
            case "leave" -> {
                control.leave(id);
                done(ctx, "Node " + id + " is leaving: its partitions move away, then it stops.");
            }
            default -> throw ControlException.badRequest("no action \"" + action + "\" on a node");
        }
    }

    private void partition(Context ctx) {
        List<String> sideA = ctx.formParams("side");
        List<String> sideB = new ArrayList<>();
        for (NodeId id : control.members()) {
            if (!sideA.contains(id.value())) {
                sideB.add(id.value());
            }
        }
        if (sideA.isEmpty() || sideB.isEmpty()) {
            throw ControlException.badRequest("Tick some nodes for side A, and leave some for side B.");
        }
        control.partition(List.of(sideA, sideB));
        control.awaitDetectors(Duration.ofSeconds(15));
        done(ctx, "Partitioned: {" + String.join(", ", sideA) + "} | {" + String.join(", ", sideB) + "}.");
    }

    private void toggleShoppers(Context ctx) {
        if ("on".equals(ctx.formParam("state"))) {
            shoppers.start(shopperRate);
            done(ctx, "Background shoppers on, " + shopperRate + " visits a second.");
        } else {
            shoppers.stop();
            done(ctx, "Background shoppers off.");
        }
    }

    private void done(Context ctx, String notice) {
        flash.add(ctx, notice);
        ctx.redirect("/cluster");
    }
}
