package io.dynacart.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.testing.Browser;
import io.dynacart.testing.Chromium;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo in a real browser (tag {@code browser}), its five nodes in zones a, b, c: a shopper fills a
 * cart; the lab's scenario (partition, concurrent edits, heal) ends the same way ten times on fresh carts,
 * with both devices' versions as siblings merged both ways; the paper's example plays its six steps; the
 * cluster page stops a node while the shop goes on, and cuts a whole zone off while the shop goes on; the
 * cluster page follows a stop, restart and join made from a script while it stays open (the ring redrawn
 * with the table, a marker for each on every chart). A failed test leaves a screenshot under
 * {@code target/screenshots/}; the tests take the pictures of the shop, the cart, the lab, the paper's example
 * and the cluster page in {@code docs/images/} at the moment they show what the docs say.
 */
@Browser
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class DemoBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path data;
    @TempDir
    static Path profile;

    static DemoApp app;
    static WebDriver driver;

    @RegisterExtension
    final TestWatcher screenshots = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (driver != null) {
                Chromium.screenshot(driver, "DemoBrowserIT-" + context.getRequiredTestMethod().getName());
            }
        }
    };

    @BeforeAll
    static void start() {
        Chromium.requireInstalled();
        app = DemoApp.start(DemoApp.Config.forTests(data).withZones(List.of("a", "b", "c")));
        driver = Chromium.start(profile);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    private static void open(String path) {
        driver.get(app.address() + path);
    }

    /**
     * A wait that also rides out the page changing under a lookup: the cluster page replaces its node
     * table every two seconds, and a form post loads a new page. Chromium reports an element of the
     * old page either as stale or, when the page goes between finding and reading it, as "Node with
     * given id does not belong to the document"; both mean "look again".
     */
    private static PageWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        return new PageWait(wait);
    }

    /** {@link WebDriverWait#until}, with an element detached from the document taken as stale. */
    private record PageWait(WebDriverWait inner) {
        <T> T until(java.util.function.Function<? super org.openqa.selenium.WebDriver, T> condition) {
            return inner.until(d -> {
                try {
                    return condition.apply(d);
                } catch (StaleElementReferenceException e) {
                    throw e;
                } catch (org.openqa.selenium.WebDriverException e) {
                    if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                        throw new StaleElementReferenceException("the page changed under the lookup", e);
                    }
                    throw e;
                }
            });
        }
    }

    private static String statusOf(String node) {
        return driver.findElement(By.id("node-" + node)).getAttribute("data-status");
    }

    @Test
    @Order(1)
    void aShopperAddsThreeProductsAndSeesThemInTheCart() {
        for (String product : List.of("kettle", "honey", "notebook")) {
            open("/shop");
            driver.findElement(By.id("add-" + product)).click();
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Added 1 ×"));
            assertThat(driver.getCurrentUrl()).as("back at the product, not the top of the shop")
                    .endsWith("/shop#product-" + product);
            assertThat(inView("product-" + product)).as("the product's card is in view").isTrue();
            assertThat(inView("notice")).as("and so is the notice").isTrue();
            assertThat(driver.findElement(By.id("in-cart-" + product)).getText()).isEqualTo("1 in your cart");
        }
        assertThat(driver.findElement(By.id("cart-badge")).getText()).isEqualTo("3");
        Chromium.docsScreenshot(driver, "shop", null);
        driver.findElement(By.id("cart-link")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("cart-lines")));
        List<String> names = driver.findElements(By.cssSelector("#cart-lines td.name")).stream()
                .map(WebElement::getText).toList();
        assertThat(names).containsExactlyInAnyOrder("Stovetop kettle", "Wildflower honey", "Dotted notebook A5");
        Chromium.docsScreenshot(driver, "cart", null);
    }

    /**
     * The lab's scenario, ten times on fresh carts, with the same outcome each time: both devices add
     * before the cut, across it A removes what B added and each adds one more, and after the heal the
     * store holds D3 (A's, written at A's node) and D4 (B's), which the paper's merge unites (the
     * removed item comes back) and observed-remove merges without the removed item.
     */
    @Test
    @Order(2)
    @Timeout(240)
    void theLabScenarioEndsTheSameWayTenTimesOnFreshCarts() {
        open("/lab");
        String a = driver.findElement(By.cssSelector("#device-A h2 small")).getText();
        String b = driver.findElement(By.cssSelector("#device-B h2 small")).getText();
        assertThat(a).as("device A's node is a replica of the lab cart").contains("through n1: replica");
        assertThat(b).as("device B's node, in another zone than A's, is a replica").contains("through n5: replica");
        long started = System.nanoTime();
        for (int run = 1; run <= 10; run++) {
            String what = "run " + run;
            submit("lab-reset");
            assertThat(text("sibling-count")).as(what).startsWith("0");
            labEdit("A", "add", "kettle");
            labEdit("B", "add", "honey");
            submit("lab-partition");
            assertThat(text("network")).as(what).contains("partitioned");
            labEdit("A", "remove", "honey");
            labEdit("A", "add", "tent");
            labEdit("B", "add", "notebook");
            assertThat(lines("#device-A")).as(what + ": device A reads its own writes across the cut")
                    .containsExactlyInAnyOrder("kettle", "tent");
            assertThat(lines("#device-B")).as(what + ": device B reads its own writes across the cut")
                    .containsExactlyInAnyOrder("kettle", "honey", "notebook");
            assertThat(driver.findElements(By.cssSelector(".fallbacks-only"))).as(what).isEmpty();
            submit("lab-heal");
            assertThat(text("network")).as(what).contains("whole");
            // Right after the heal a replica may still be catching up; reload until both versions show.
            waiting().until(d -> {
                open("/lab");
                return text("sibling-count").startsWith("2");
            });
            List<WebElement> siblings = driver.findElements(By.cssSelector("#siblings .sibling"));
            assertThat(siblings).extracting(e -> e.getAttribute("data-label")).as(what).containsExactly("D3", "D4");
            assertThat(siblings.get(0).findElement(By.className("writer")).getText()).as(what)
                    .startsWith("written at n1 (device A)");
            assertThat(siblings.get(1).findElement(By.className("writer")).getText()).as(what)
                    .startsWith("written at n5 (device B)");
            assertThat(text("why-concurrent")).as(what).startsWith("D3 and D4 are concurrent");
            assertThat(lines("#merged-paper")).as(what + ": the paper's merge brings the removed honey back")
                    .containsExactlyInAnyOrder("kettle", "honey", "notebook", "tent");
            assertThat(lines("#merged-observed-remove")).as(what + ": observed-remove keeps it removed")
                    .containsExactlyInAnyOrder("kettle", "notebook", "tent");
        }
        System.err.printf("the lab's scenario ran ten times in %d s%n", (System.nanoTime() - started) / 1_000_000_000);
        Chromium.docsScreenshot(driver, "lab", "#sibling-count"); // D3 and D4, why, and both merges

        submit("reconcile-observed-remove");
        assertThat(text("sibling-count")).startsWith("1");
        assertThat(lines("#merged-paper")).containsExactlyInAnyOrder("kettle", "notebook", "tent");
        assertThat(lines("#merged-observed-remove")).containsExactlyInAnyOrder("kettle", "notebook", "tent");
    }

    /** The paper's example from the lab's link: six presses of next, each step's clock as the paper's. */
    @Test
    @Order(3)
    void thePaperExamplePlaysSixStepsWithThePapersClocks() {
        open("/lab");
        submit("paper-link");
        assertThat(driver.getCurrentUrl()).endsWith("/lab/paper");
        for (int step = 1; step <= 6; step++) {
            submit("paper-next");
            assertThat(driver.findElements(By.cssSelector(".step-clock"))).as("steps done").hasSize(step);
        }
        assertThat(driver.findElements(By.cssSelector("[data-matches]"))).hasSize(6)
                .allSatisfy(e -> assertThat(e.getAttribute("data-matches")).isEqualTo("true"));
        String sx = text("sx");
        assertThat(driver.findElements(By.cssSelector(".step-clock")).get(5).getText())
                .as("D5's clock").contains("[" + sx + ",3]");
        assertThat(driver.findElements(By.id("paper-done"))).hasSize(1);
        Chromium.docsScreenshot(driver, "paper", "#paper-steps > li:nth-child(4)"); // D4, concurrent with D3, to D5
    }

    @Test
    @Order(4)
    void theClusterPageShowsFiveNodesUpAndAStoppedNodeDownWhileTheShopWorks() {
        open("/cluster");
        waiting().until(d -> java.util.stream.IntStream.rangeClosed(1, 5).allMatch(i -> "up".equals(statusOf("n" + i))));
        waiting().until(d -> {
            d.findElement(By.cssSelector("#node-n3 button.stop")).click();
            return true;
        });
        waiting().until(d -> "down".equals(statusOf("n3")));
        assertThat(driver.findElement(By.id("notice")).getText()).contains("n3 stopped");

        open("/shop");
        driver.findElement(By.id("add-tent")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Added 1 × Two-person tent"));

        open("/cluster");
        waiting().until(d -> {
            d.findElement(By.cssSelector("#node-n3 button.start")).click();
            return true;
        });
        waiting().until(d -> "up".equals(statusOf("n3")));
    }

    @Test
    @Order(5)
    void theClusterPageCutsAZoneOffWhileTheShopWorksAndHealsIt() {
        open("/cluster");
        assertThat(driver.findElements(By.cssSelector("path.zone-band"))).as("the ring's zone band").hasSize(64);
        click("cut-zone-a");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Zone a is cut off"));
        waiting().until(d -> "A".equals(d.findElement(By.cssSelector("#node-n1 td:nth-child(4)")).getText())
                && "A".equals(d.findElement(By.cssSelector("#node-n4 td:nth-child(4)")).getText())
                && "B".equals(d.findElement(By.cssSelector("#node-n3 td:nth-child(4)")).getText()));

        open("/shop");
        driver.findElement(By.id("add-honey")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Added"));

        open("/cluster");
        click("heal");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Healed"));
        assertThat(driver.findElements(By.id("cut-zone"))).as("no zone cut off any more").isEmpty();
    }

    @Test
    @Order(6)
    void theClusterPageTellsTheStoryTheRingFollowsAJoinAndEveryChartMarksWhatWasDone() {
        open("/cluster");
        waiting().until(d -> "up".equals(statusOf("n5")));
        long before = ringVersion();
        assertThat(driver.findElement(By.id("ring-legend")).getText()).doesNotContain("n6");
        waiting().until(d -> { // the page replaces these boxes every two seconds: click the current one
            WebElement box = d.findElement(By.cssSelector("#partition-sides input[value=n1]"));
            if (!box.isSelected()) {
                box.click();
            }
            return d.findElement(By.cssSelector("#partition-sides input[value=n1]")).isSelected();
        });

        // Done from a script while the page stays open: the page must follow on its own.
        WebClient script = new WebClient(app.address());
        assertThat(script.postJson("/control/nodes/n5/stop", "{}").statusCode()).isEqualTo(200);
        assertThat(script.postJson("/control/nodes/n5/start", "{}").statusCode()).isEqualTo(200);
        HttpResponse<String> joined = script.postJson("/control/join", "{}");
        assertThat(joined.statusCode()).isEqualTo(200);
        assertThat(joined.body()).as("join answers the state, like every control call")
                .contains("\"ringChange\":\"n6 joining\"").contains("{\"id\":\"n6\",").contains("\"ringVersion\":");

        Duration ringChange = Duration.ofSeconds(90);
        new WebDriverWait(driver, ringChange).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("ring-legend")).getText().contains("n6") && ringVersion() > before);
        assertThat(driver.findElement(By.id("ring-label")).getText()).as("the ring picture and the table agree")
                .isEqualTo("ring v" + ringVersion());
        assertThat(driver.findElement(By.cssSelector(".ring-line")).getText()).startsWith("Ring version " + ringVersion());
        assertThat(driver.findElements(By.cssSelector("#ring-legend .legend:not(.zone-legend)"))).hasSize(6);
        assertThat(driver.findElements(By.cssSelector("#partition-sides input[name=side]"))).as("n6 can be partitioned too")
                .hasSize(6);
        assertThat(driver.findElement(By.cssSelector("#partition-sides input[value=n1]")).isSelected())
                .as("what the user ticked stays ticked through the refresh").isTrue();

        List<String> charts = List.of("throughput", "get", "put", "reads", "hints", "transfers");
        waiting().until(d -> charts.stream().allMatch(c -> markers(c).containsAll(List.of("stop n5", "restart n5", "join n6"))));
        for (String c : charts) {
            assertThat(markers(c)).as("markers on the %s chart", c).contains("stop n5", "restart n5", "join n6");
        }
        // The lab's ten partitions and heals are on the charts too: their labels must still be readable.
        for (String c : List.of("throughput", "get", "put")) {
            assertThat(overlappingLabels(c)).as("marker labels drawn over each other on the %s chart", c).isEmpty();
            assertThat(newestLabelled(c)).as("the newest marker on the %s chart has its label", c).isTrue();
        }
        assertThat(((JavascriptExecutor) driver).executeScript("return clusterCharts.get.scales.y.distr"))
                .as("latency on a log scale").isEqualTo(3L);
        assertThat(driver.findElement(By.id("events")).getText()).contains("stop n5", "restart n5", "join n6");
        assertThat(driver.findElement(By.cssSelector(".divergence h3")).getText()).contains("last minute");
        assertThat(driver.findElement(By.cssSelector(".divergence")).getText()).contains("the paper measured 99.94%");
        assertThat(driver.findElements(By.id("cart-badge"))).as("the cart badge on the cluster page").hasSize(1);
        Chromium.docsScreenshot(driver, "cluster", null);
        Chromium.docsScreenshot(driver, "cluster-charts", "#node-table + h2"); // Live: the charts and their markers
    }

    private static long ringVersion() {
        return Long.parseLong(driver.findElement(By.id("ring")).getAttribute("data-ring-version"));
    }

    /** The texts of the markers the chart drew last. */
    @SuppressWarnings("unchecked")
    private static List<String> markers(String chart) {
        Object drawn = ((JavascriptExecutor) driver).executeScript(
                "var c = window.clusterCharts && clusterCharts[arguments[0]];"
                        + " return c && c.markers ? c.markers.map(function (m) { return m.text; }) : [];", chart);
        return (List<String>) drawn;
    }

    /** The pairs of marker labels the chart drew over each other (same row, spans that meet), as text. */
    @SuppressWarnings("unchecked")
    private static List<String> overlappingLabels(String chart) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "var m = (clusterCharts[arguments[0]].markers || []).filter(function (x) { return x.label; }), out = [];"
                        + " m.forEach(function (a, i) { m.slice(i + 1).forEach(function (b) {"
                        + "   if (a.label.row === b.label.row && a.label.from < b.label.to && b.label.from < a.label.to) {"
                        + "     out.push(a.text + ' / ' + b.text); } }); });"
                        + " return out;", chart);
    }

    /** Whether the newest marker the chart drew has its label. */
    private static boolean newestLabelled(String chart) {
        return (Boolean) ((JavascriptExecutor) driver).executeScript(
                "var m = clusterCharts[arguments[0]].markers || []; return m.length > 0 && m[m.length - 1].label !== null;", chart);
    }

    /** Whether the element is in the window's view (vertically). */
    private static boolean inView(String id) {
        return (Boolean) ((JavascriptExecutor) driver).executeScript(
                "var r = document.getElementById(arguments[0]).getBoundingClientRect();"
                        + " return r.top >= 0 && r.bottom <= window.innerHeight;", id);
    }

    /** Device {@code device} adds or removes {@code product}, and the page that answers has loaded. */
    private static void labEdit(String device, String action, String product) {
        WebElement form = driver.findElement(By.cssSelector("#device-" + device + " form[action$='/" + action + "']"));
        new Select(form.findElement(By.name("product"))).selectByValue(product);
        WebElement page = driver.findElement(By.tagName("html"));
        form.findElement(By.tagName("button")).click();
        waiting().until(ExpectedConditions.stalenessOf(page));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"),
                "Device " + device + " (through "));
    }

    /** Clicks the element {@code id} (a form's button or a link) and waits for the next page to load. */
    private static void submit(String id) {
        WebElement page = driver.findElement(By.tagName("html"));
        driver.findElement(By.id(id)).click();
        waiting().until(ExpectedConditions.stalenessOf(page));
        waiting().until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    private static String text(String id) {
        return waiting().until(d -> d.findElement(By.id(id)).getText());
    }

    /** The products of the cart lines inside {@code container}. */
    private static List<String> lines(String container) {
        return driver.findElements(By.cssSelector(container + " li[data-product]")).stream()
                .map(li -> li.getAttribute("data-product")).toList();
    }

    private static void click(String id) {
        waiting().until(d -> {
            d.findElement(By.id(id)).click();
            return true;
        });
    }

}
