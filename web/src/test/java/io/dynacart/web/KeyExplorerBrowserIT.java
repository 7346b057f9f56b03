package io.dynacart.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.testing.Browser;
import io.dynacart.testing.Chromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The key explorer in a real browser (tag {@code browser}): a shopper's cart key is explored from the
 * cart page and shows its three primaries agreeing; one primary is cut off through the control API,
 * the shopper adds to the cart, and the explorer highlights the replica that missed it (a repair then
 * reports it unreachable); after the heal, "Repair this key" leaves every primary holding the same
 * versions. A failed test leaves a screenshot under {@code target/screenshots/}; the test takes the pictures
 * of the key explorer in {@code docs/images/}, with the replicas agreeing and across the cut.
 */
@Browser
@Timeout(150)
class KeyExplorerBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

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
                Chromium.screenshot(driver, "KeyExplorerBrowserIT-" + context.getRequiredTestMethod().getName());
            }
        }
    };

    @BeforeAll
    static void start() {
        Chromium.requireInstalled();
        app = DemoApp.start(DemoApp.Config.forTests(data));
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

    @Test
    void aReplicaCutOffMissesAWriteIsHighlightedAndARepairMakesTheReplicasAgree() throws Exception {
        addToCart("kettle");
        open("/cart");
        click("explore-cart");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("replicas")));
        assertThat(driver.findElement(By.id("key-hash")).getText()).matches("[0-9a-f]{32}");
        assertThat(driver.findElements(By.id("key-dot"))).as("the key's place on the ring").hasSize(1);
        assertThat(primaryRows()).hasSize(3);
        assertThat(driver.findElements(By.cssSelector("tr.replica.differs"))).isEmpty();
        assertThat(driver.findElement(By.id("replicas-agree")).getText()).contains("The 3 primaries read hold the same versions");
        Chromium.docsScreenshot(driver, "keys", null);
        String keyPage = driver.getCurrentUrl();

        // Cut the third primary off, with the first fallback so that each side can still make a quorum.
        List<String> primaries = placed("primary");
        String cutOff = primaries.get(2);
        String beside = placed("fallback 1").get(0);
        List<String> rest = new java.util.ArrayList<>(List.of("n1", "n2", "n3", "n4", "n5"));
        rest.removeAll(List.of(cutOff, beside));
        control("/control/partition", "{\"groups\":[[\"" + cutOff + "\",\"" + beside + "\"],[\"" + String.join("\",\"", rest)
                + "\"]]}");
        try {
            assertThat(app.control().awaitDetectors(WAIT)).as("detectors: %s", app.control().detectorDisagreements())
                    .isTrue();
            addToCart("honey");
            waiting().until(d -> {
                d.get(keyPage);
                return !d.findElements(By.cssSelector("tr.replica.differs")).isEmpty();
            });
            assertThat(driver.findElement(By.id("replicas-differ")).getText()).contains("lack a version the others hold");
            assertThat(driver.findElements(By.cssSelector("#preference tr[data-state='cut off']")))
                    .as("the viewing node sees the other side cut off").isNotEmpty();
            Chromium.docsScreenshot(driver, "keys-partitioned", "#key-facts ~ h2"); // the preference list, then the replicas

            repair();
            assertThat(driver.findElement(By.id("notice")).getText()).as("a repair cannot cross the partition")
                    .contains("did not answer");
        } finally {
            control("/control/heal", "{}");
        }
        assertThat(app.control().awaitDetectors(WAIT)).as("detectors: %s", app.control().detectorDisagreements()).isTrue();

        // Right after the heal a link may still be catching up: repair until every primary answered.
        driver.get(keyPage);
        waiting().until(d -> {
            repair();
            return !d.findElement(By.id("notice")).getText().contains("did not answer");
        });
        assertThat(driver.findElements(By.cssSelector("tr.replica.differs"))).isEmpty();
        assertThat(driver.findElement(By.id("replicas-agree")).getText()).contains("The 3 primaries read hold the same versions");
        for (WebElement row : primaryRows()) {
            assertThat(row.getText()).as("every primary holds the honey now").contains("Wildflower honey");
        }
    }

    /** Adds one {@code product} through the shop; around a partition a write may fail (an error page): try again. */
    private static void addToCart(String product) {
        for (int attempt = 1; ; attempt++) {
            open("/shop");
            WebElement button = driver.findElement(By.id("add-" + product));
            button.click();
            waiting().until(ExpectedConditions.stalenessOf(button));
            waiting().until(d -> !d.findElements(By.id("notice")).isEmpty() || !d.findElements(By.id("error-message")).isEmpty());
            List<WebElement> notice = driver.findElements(By.id("notice"));
            if (!notice.isEmpty() && notice.get(0).getText().contains("Added")) {
                return;
            }
            String error = driver.findElements(By.id("error-message")).stream().map(WebElement::getText).findFirst().orElse("");
            assertThat(attempt).as("adding " + product + " failed: " + error).isLessThan(5);
            System.err.println("adding " + product + " failed, trying again: " + error);
        }
    }

    /** Presses "Repair this key" and waits for the page that tells what the repair did. */
    private static void repair() {
        WebElement button = driver.findElement(By.id("repair-key"));
        button.click();
        waiting().until(ExpectedConditions.stalenessOf(button));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Read repair coordinated by"));
    }

    private static List<WebElement> primaryRows() {
        return driver.findElements(By.cssSelector("#replicas tr.replica[data-role='primary']"));
    }

    /** The nodes of the preference list with {@code role}, in order. */
    private static List<String> placed(String role) {
        return driver.findElements(By.cssSelector("#preference tr[data-role='" + role + "']")).stream()
                .map(tr -> tr.getAttribute("data-node")).toList();
    }

    /** A control API call, as a script would make it. */
    private static void control(String path, String json) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.address() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    }

    private static void open(String path) {
        driver.get(app.address() + path);
    }

    private static void click(String id) {
        waiting().until(d -> {
            d.findElement(By.id(id)).click();
            return true;
        });
    }

    private static WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }
}
