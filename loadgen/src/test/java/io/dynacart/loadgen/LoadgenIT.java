package io.dynacart.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.testing.Browser;
import io.dynacart.testing.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The command end to end against an embedded 5-node cluster over TCP: a cart run with a node
 * stopped and restarted loses no acknowledged add, and a kv run across a wiped node loses no
 * acknowledged write but fails an impossible SLA. The cart run's report.html is the picture of a report
 * in {@code docs/images/} (tag {@code browser}: taken in headless Chromium).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadgenIT {

    @TempDir
    static Path dir; // one for the class: the picture of the cart run's report is taken after that run

    /** The cart run's report, for the picture of it; null until that run wrote it. */
    private static Path cartReport;

    private static int run(String... args) {
        return LoadgenCommand.commandLine().execute(args);
    }

    @Test
    @Order(1)
    @Timeout(180)
    void aCartRunWithANodeStoppedAndRestartedLosesNoAcknowledgedAdd() throws Exception {
        Path out = dir.resolve("cart");
        // The SLA is loose on purpose: requests caught by the stop wait for the store's 1 s timeout,
        // and a few fail; this test is about correctness, the SLA verdict about the other test.
        int exit = run("--workload", "cart", "--rate", "200", "--duration", "16s", "--shoppers", "50",
                "--faults", "4s:stop n3, 10s:restart n3", "--sla", "5s", "--sla-percentile", "95",
                "--settle", "60s", "--out", out.toString(), "--data-dir", dir.resolve("data-cart").toString(), "--quiet");
        JsonNode r = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        cartReport = out.resolve("report.html");
        JsonNode c = r.path("correctness").path("details");
        assertThat(c.path("lostAdds").asLong()).as("acknowledged adds lost").isZero();
        assertThat(c.path("checkedAdds").asLong()).as("the run checked adds at all").isPositive();
        assertThat(c.path("unconvergedCarts").asLong()).isZero();
        assertThat(c.path("removedItemsBack").asLong()).as("observed-remove").isLessThanOrEqualTo(c.path("removesObserved").asLong());
        assertThat(r.path("faults")).extracting(f -> f.path("action").asText()).containsExactly("stop n3", "restart n3");
        assertThat(r.path("faults")).allSatisfy(f -> assertThat(f.path("error").isNull()).isTrue());
        assertThat(r.path("requests").asLong()).isBetween(2_600L, 3_800L);
        assertThat(r.path("divergence").path("reads").asLong()).isPositive();
        assertThat(exit).as("exit code with correctness and the loose SLA passed: " + r.path("sla")).isZero();
    }

    /** The cart run's report as a browser shows it: its verdicts and charts, pictured for the docs. */
    @Test
    @Order(2)
    @Browser
    @Timeout(60)
    void theCartRunsReportOpensInABrowserWithItsVerdictsAndCharts(@TempDir Path profile) {
        Assumptions.assumeTrue(cartReport != null && Files.isRegularFile(cartReport),
                "needs the report of the cart run above: run the whole class");
        Chromium.requireInstalled();
        WebDriver driver = Chromium.start(profile);
        try {
            driver.get(cartReport.toUri().toString());
            assertThat(driver.findElement(By.tagName("h1")).getText()).startsWith("DynaCart load report");
            assertThat(driver.findElements(By.tagName("svg"))).as("the latency, throughput and divergence charts")
                    .hasSizeGreaterThanOrEqualTo(3);
            assertThat(driver.findElement(By.tagName("body")).getText()).contains("stop n3", "restart n3");
            Chromium.docsScreenshot(driver, "loadgen-report", null);
        } finally {
            driver.quit();
        }
    }

    @Test
    @Timeout(120)
    void aKvRunAcrossAWipedNodeKeepsEveryAcknowledgedWriteButFailsAnImpossibleSla() throws Exception {
        Path out = dir.resolve("kv");
        int exit = run("--workload", "kv", "--rate", "300", "--duration", "6s", "--keys", "500",
                "--faults", "2s:wipe n2", "--sla", "0.001ms", "--settle", "60s", "--out", out.toString(), "--quiet");
        JsonNode r = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(r.path("correctness").path("details").path("missingWrites").asLong()).isZero();
        assertThat(r.path("correctness").path("passed").asBoolean()).isTrue();
        assertThat(r.path("sla").path("passed").asBoolean()).isFalse();
        assertThat(exit).as("an SLA of 0.001 ms fails the run").isEqualTo(1);
    }

    @Test
    @Timeout(120)
    void aKvRunWithAZoneCutOffKeepsEveryAcknowledgedWrite() throws Exception {
        Path out = dir.resolve("zones");
        int exit = run("--workload", "kv", "--rate", "300", "--duration", "7s", "--keys", "500", "--nodes", "6",
                "--zones", "a,b,c", "--faults", "2s:cut-zone a, 5s:heal", "--sla", "5s", "--sla-percentile", "90",
                "--settle", "60s", "--out", out.toString(), "--quiet");
        JsonNode r = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(r.path("faults")).extracting(f -> f.path("action").asText()).containsExactly("cut-zone a", "heal");
        assertThat(r.path("faults")).allSatisfy(f -> assertThat(f.path("error").isNull()).isTrue());
        assertThat(r.path("correctness").path("details").path("missingWrites").asLong()).as("acknowledged writes lost")
                .isZero();
        assertThat(r.path("correctness").path("passed").asBoolean()).isTrue();
        assertThat(exit).as("correctness and the loose SLA passed: " + r.path("sla")).isZero();
    }
}
