package io.dynacart.web.pages;

import io.dynacart.store.api.KvStoreException;
import io.dynacart.web.control.ClusterControl;
import io.dynacart.web.http.Csrf;
import io.dynacart.web.http.Sessions;
import io.dynacart.web.shop.PaperExample;
import io.dynacart.web.shop.PaperExamples;
import io.dynacart.web.shop.StoreWait;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The paper's vector-clock example (section 4.4, figure 3) played on the running nodes, one step per
 * press of "next": each step's real request through its node and the clock it returned, beside the
 * paper's sentence and clock.
 *
 * <pre>
 *   GET  /lab/paper
 *   POST /lab/paper/next      the next step
 *   POST /lab/paper/restart   a new run on a new key
 * </pre>
 */
public final class PaperPage {

    private final PaperExamples examples;
    private final ClusterControl control;
    private final Csrf csrf;

    public PaperPage(PaperExamples examples, ClusterControl control, Csrf csrf) {
        this.examples = examples;
        this.control = control;
        this.csrf = csrf;
    }

    /** The page's model: the run's nodes, the steps done, the next one. */
    public record View(Frame frame, String key, String sx, String sy, String sz, List<PaperExample.Done> done,
                       PaperExample.Script upcoming, String upcomingClock, String upcomingNode, String example,
                       String notice, boolean problem) {
    }

    public void register(RoutesConfig routes) {
        routes.get("/lab/paper", this::page);
        routes.post("/lab/paper/next", ctx -> {
            PaperExample run = examples.of(Sessions.id(ctx));
            if (run.upcoming() == null) {
                back(ctx, "The example is over: D5 superseded D3 and D4. Start over to play it again.", true);
                return;
            }
            if (control.partitioned()) {
                back(ctx, "The example needs the whole network: heal the partition first (on the lab or the"
                        + " cluster page), then press next.", true);
                return;
            }
            try {
                PaperExample.Done step = run.next();
                back(ctx, "Step " + (run.done().size()) + ": " + step.script().title() + ".", false);
            } catch (KvStoreException | StoreWait.StoreTimeoutException e) {
                back(ctx, "This step failed and the example did not move on: " + e.getMessage() + ". If a node is"
                        + " stopped, start it on the cluster page. A write may have landed anyway; start over for a"
                        + " clean run.", true);
            }
        });
        routes.post("/lab/paper/restart", ctx -> {
            examples.restart(Sessions.id(ctx));
            back(ctx, "A new run, on a new key.", false);
        });
    }

    private void page(Context ctx) {
        PaperExample run = examples.of(Sessions.id(ctx));
        PaperExample.Script upcoming = run.upcoming();
        String notice = ctx.queryParam("notice");
        View view = new View(new Frame("The paper's example", "lab", csrf.token(ctx), -1), run.key().toString(),
                run.sx().value(), run.sy().value(), run.sz().value(), run.done(), upcoming,
                upcoming == null ? "" : run.withNodes(upcoming.paperClock()),
                upcoming == null ? "" : run.node(upcoming.server()).value(), exampleClock(run),
                notice == null ? "" : notice, "1".equals(ctx.queryParam("problem")));
        ctx.render("paper.jte", Map.of("view", view));
    }

    /** How the page prints the paper's [(Sx, 2), (Sy, 1)] for this run: entries in node-name order. */
    private static String exampleClock(PaperExample run) {
        String x = "[" + run.sx() + ",2]";
        String y = "[" + run.sy() + ",1]";
        return run.sx().compareTo(run.sy()) < 0 ? "(" + x + "," + y + ")" : "(" + y + "," + x + ")";
    }

    private static void back(Context ctx, String notice, boolean problem) {
        ctx.redirect("/lab/paper?notice=" + URLEncoder.encode(notice, StandardCharsets.UTF_8)
                + (problem ? "&problem=1" : ""));
    }
}
