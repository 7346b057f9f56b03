package io.dynacart.web.pages;

import io.dynacart.store.identity.NodeId;
import io.dynacart.web.control.ClusterControl;
import io.dynacart.web.control.ControlException;
import io.dynacart.web.control.ControlState;
import io.dynacart.web.http.Csrf;
import io.dynacart.web.metrics.StoreMetrics;
import io.dynacart.web.traffic.Shoppers;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster dashboard: the ring, each node's state with its buttons, the partition and heal
 * controls, and the live charts. Buttons are forms that post here (with the CSRF token) and do the
 * same operations as the JSON control API, then redirect back with a notice.
 *
 * <pre>
 *   GET  /cluster                       the page
 *   GET  /cluster/nodes                 the node table alone (the page refreshes it every 2 s)
 *   GET  /cluster/metrics.json          the charts' data (polled every second)
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

    public ClusterPage(ClusterControl control, StoreMetrics metrics, Shoppers shoppers, int shopperRate, Csrf csrf) {
        this.control = control;
        this.metrics = metrics;
        this.shoppers = shoppers;
        this.shopperRate = shopperRate;
        this.csrf = csrf;
    }

    public void register(RoutesConfig routes) {
        routes.get("/cluster", this::page);
        routes.get("/cluster/nodes", ctx -> ctx.render("nodes.jte",
                Map.of("state", control.state(), "csrf", csrf.token(ctx))));
        routes.get("/cluster/metrics.json", ctx -> ctx.json(metrics.charts()));
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
        String notice = ctx.queryParam("notice");
        Map<String, String> zoneOf = new HashMap<>();
        state.nodes().forEach(n -> zoneOf.put(n.id(), n.zone()));
        ClusterView view = new ClusterView(new Frame("Cluster", "cluster", csrf.token(ctx), -1), state,
                RingDrawing.slices(state.owners()), RingDrawing.legend(state.owners()), metrics.divergence(),
                shoppers.running(), shoppers.rate(), notice == null ? "" : notice,
                state.zoned() ? RingDrawing.zoneBand(state.owners(), zoneOf) : List.of(),
                RingDrawing.zoneLegend(state.zones()));
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

    private static void done(Context ctx, String notice) {
        ctx.redirect("/cluster?notice=" + URLEncoder.encode(notice, StandardCharsets.UTF_8));
    }
}
