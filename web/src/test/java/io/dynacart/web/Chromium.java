package io.dynacart.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium for browser tests, driven through its own chromedriver (so Selenium
 * Manager never runs and nothing is fetched). Where they are missing, the tests skip with the
 * install command; under CI (env {@code CI} set) they fail instead, since CI installs them.
 */
final class Chromium {

    static final String BINARY = System.getProperty("chrome.binary", "/usr/bin/chromium");
    static final String DRIVER = System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    static final String INSTALL = "apt-get install -y chromium chromium-driver";

    private Chromium() {}

    /** Skips (or under CI fails) the calling test class unless Chromium and its driver are here. */
    static void requireInstalled() {
        for (String p : new String[] {BINARY, DRIVER}) {
            if (!Files.isExecutable(Path.of(p))) {
                String message = "Browser tests need " + p + ": install with `" + INSTALL
                        + "`, or point -Dchrome.binary / -Dwebdriver.chrome.driver at them";
                if (System.getenv("CI") != null) {
                    throw new IllegalStateException(message + " (CI is set, so this fails instead of skipping)");
                }
                Assumptions.abort(message);
            }
        }
    }

    /** A new headless browser with its own profile in {@code profile}. */
    static WebDriver start(Path profile) {
        ChromeOptions opts = new ChromeOptions();
        opts.setBinary(BINARY);
        opts.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
                "--user-data-dir=" + profile);
        ChromeDriverService svc = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(svc, opts);
    }

    /** Saves what the browser shows to {@code target/screenshots/NAME.png}; never throws. */
    static void screenshot(WebDriver driver, String name) {
        if (!(driver instanceof TakesScreenshot shooter)) {
            return;
        }
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
            Files.write(file, shooter.getScreenshotAs(OutputType.BYTES));
            System.err.println("screenshot of the failed page: " + file.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            System.err.println("could not save a screenshot: " + e);
        }
    }
}
