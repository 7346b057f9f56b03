package io.dynacart.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.testing.Await;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The divergence lab and the paper's example over real HTTP against a real five-node cluster: the lab
 * cart's replicas straddle the cut, each device reads its own writes across it, the siblings are
 * labelled with the device and node that wrote them, and one set of siblings merges both ways; each
 * step of the paper's section 4.4 example returns the paper's clock on this run's nodes.
 */
class LabRoutesIT {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @TempDir
    static Path data;

    static DemoApp app;

    @BeforeAll
    static void start() {
        app = DemoApp.start(DemoApp.Config.forTests(data));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theLabCartStraddlesTheCutEachDeviceReadsItsOwnWritesAndTheSiblingsMergeBothWays() {
        WebClient b = new WebClient(app.address());
        String token = token(b, "/lab");
        String page = b.get("/lab").body();
        assertThat(between(page, "id=\"preference-list\">", "<")).as("the lab cart's replicas").contains("n1", "n4");
        assertThat(page).contains("id=\"lab-node-n1\" data-side=\"A\" data-role=\"replica")
                .contains("id=\"lab-node-n4\" data-side=\"B\" data-role=\"replica");

        post(b, "/lab/devices/A/add", "_csrf", token, "product", "kettle");
        post(b, "/lab/devices/B/add", "_csrf", token, "product", "honey");
        post(b, "/lab/partition", "_csrf", token);
        try {
            post(b, "/lab/devices/A/remove", "_csrf", token, "product", "honey");
            post(b, "/lab/devices/A/add", "_csrf", token, "product", "tent");
            post(b, "/lab/devices/B/add", "_csrf", token, "product", "notebook");
            String cut = b.get("/lab").body();
            assertThat(all(section(cut, "device-A"), "<li data-product=\"([^\"]+)\"")).as("device A's read across the cut")
                    .containsExactlyInAnyOrder("kettle", "tent");
            assertThat(all(section(cut, "device-B"), "<li data-product=\"([^\"]+)\"")).as("device B's read across the cut")
                    .containsExactlyInAnyOrder("kettle", "honey", "notebook");
            assertThat(cut).doesNotContain("fallbacks-only");
        } finally {
            post(b, "/lab/heal", "_csrf", token);
        }
        AtomicReference<String> healed = new AtomicReference<>("");
        Await.until("the lab to read both sides' versions", Duration.ofSeconds(20), () -> {
            healed.set(b.get("/lab").body());
            return healed.get().contains("id=\"sibling-count\"><strong>2<");
        });
        String p = healed.get();
        Map<String, String> siblings = siblings(p);
        assertThat(siblings).containsOnlyKeys("D3", "D4");
        assertThat(siblings.get("D3")).contains("written at n1 (device A)").contains("Two-person tent")
                .doesNotContain("honey");
        assertThat(siblings.get("D4")).contains("written at n4 (device B)").contains("Dotted notebook A5")
                .contains("Wildflower honey");
        assertThat(p).contains("D3 and D4 are concurrent: D3's own write [n1,").contains("D4's own write [n4,");
        assertThat(section(p, "merged-paper")).contains("data-product=\"kettle\"", "data-product=\"tent\"",
                "data-product=\"notebook\"", "data-product=\"honey\"").contains("Removed but back in this merge: Wildflower honey");
        assertThat(section(p, "merged-observed-remove")).contains("data-product=\"kettle\"", "data-product=\"tent\"",
                "data-product=\"notebook\"").doesNotContain("data-product=\"honey\"")
                .contains("Removed and still gone: Wildflower honey");

        HttpResponse<String> bad = b.postForm("/lab/reconcile", "_csrf", token, "policy", "<script>");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("no merge policy").doesNotContain("<script>");
        assertThat(post(b, "/lab/reconcile", "_csrf", token, "policy", "observed-remove"))
                .contains("Device+A+read+2+versions");
        String one = b.get("/lab").body();
        assertThat(one).contains("id=\"sibling-count\"><strong>1<");
        assertThat(siblings(one).values()).singleElement().asString().contains("written at n1 (device A)")
                .doesNotContain("honey").contains("Two-person tent", "Dotted notebook A5");

        post(b, "/lab/reset", "_csrf", token);
        assertThat(b.get("/lab").body()).contains("id=\"sibling-count\"><strong>0<");
    }

    @Test
    void eachStepOfThePaperExampleReturnsThePapersClockOnThisRunsNodes() {
        WebClient b = new WebClient(app.address());
        String token = token(b, "/lab/paper");
        String page = b.get("/lab/paper").body();
        String sx = between(page, "id=\"sx\">", "<");
        String sy = between(page, "id=\"sy\">", "<");
        String sz = between(page, "id=\"sz\">", "<");
        assertThat(List.of(sx, sy, sz)).doesNotHaveDuplicates().allMatch(n -> n.matches("n[1-5]"));
        List<String> expected = List.of(clock(sx, 1), clock(sx, 2), clock(sx, 2, sy, 1), clock(sx, 2, sz, 1),
                clock(sx, 2, sy, 1, sz, 1), clock(sx, 3, sy, 1, sz, 1));
        for (int step = 0; step < expected.size(); step++) {
            String location = post(b, "/lab/paper/next", "_csrf", token);
            assertThat(location).as("step %d", step + 1).doesNotContain("problem=1");
            String shown = b.get("/lab/paper").body();
            List<String> clocks = all(shown, "class=\"clock step-clock\">([^<]*)<");
            assertThat(clocks).as("the clocks of the steps done").hasSize(step + 1);
            assertThat(clocks.get(step)).as("step %d's clock", step + 1).isEqualTo(expected.get(step));
            if (step == 4) {
                assertThat(all(shown, "class=\"read-version\"><strong>(D\\d)<"))
                        .as("the reader finds D3 and D4").containsExactlyInAnyOrder("D2", "D3", "D4");
            }
        }
        String done = b.get("/lab/paper").body();
        assertThat(done).contains("id=\"paper-done\"").doesNotContain("id=\"paper-next\"");
        List<String> held = all(done, "class=\"held-version\"><strong>(D\\d)<");
        assertThat(held.subList(held.size() - 3, held.size())).as("after step 6 each replica holds D5 alone")
                .containsOnly("D5");
        assertThat(post(b, "/lab/paper/next", "_csrf", token)).contains("problem=1");
        String key = between(done, "id=\"paper-key\">", "<");
        post(b, "/lab/paper/restart", "_csrf", token);
        String fresh = b.get("/lab/paper").body();
        assertThat(between(fresh, "id=\"paper-key\">", "<")).isNotEqualTo(key);
        assertThat(fresh).contains("id=\"paper-next\"").doesNotContain("step-clock");
    }

    /** The paper's clock in our notation: entries sorted by node name. */
    private static String clock(Object... nodeCounter) {
        Map<String, Object> sorted = new TreeMap<>();
        for (int i = 0; i + 1 < nodeCounter.length; i += 2) {
            sorted.put((String) nodeCounter[i], nodeCounter[i + 1]);
        }
        List<String> parts = new ArrayList<>();
        sorted.forEach((node, counter) -> parts.add("[" + node + "," + counter + "]"));
        return "(" + String.join(",", parts) + ")";
    }

    /** Posts a form, expects the redirect back, and returns where it goes. */
    private static String post(WebClient b, String path, String... fields) {
        HttpResponse<String> r = b.postForm(path, fields);
        assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(302);
        return r.headers().firstValue("Location").orElse("");
    }

    private static String token(WebClient b, String path) {
        Matcher m = CSRF.matcher(b.get(path).body());
        assertThat(m.find()).as("a CSRF field on " + path).isTrue();
        return m.group(1);
    }

    /** Each sibling's label and its text (clock, writer, contents). */
    private static Map<String, String> siblings(String page) {
        Map<String, String> out = new TreeMap<>();
        Matcher m = Pattern.compile("<div class=\"sibling\" data-label=\"([^\"]*)\">(.*?)</div>\\s*</div>",
                Pattern.DOTALL).matcher(page);
        while (m.find()) {
            out.put(m.group(1).isEmpty() ? "unlabelled-" + out.size() : m.group(1), m.group(2));
        }
        return out;
    }

    /** The element with {@code id} up to the next section's end. */
    private static String section(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as("an element " + id).isNotNegative();
        int end = page.indexOf("</section>", start);
        return page.substring(start, end);
    }

    private static String between(String page, String before, String after) {
        int start = page.indexOf(before);
        assertThat(start).as("the page has " + before).isNotNegative();
        start += before.length();
        return page.substring(start, page.indexOf(after, start));
    }

    private static List<String> all(String page, String regex) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(page);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
