package io.dynacart.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
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
 *
 * <p>Selenium is an optional dependency of this module: a module whose tests use this class declares
 * {@code selenium-chrome-driver} itself, so the others never see Selenium.
 */
public final class Chromium {

    public static final String BINARY = System.getProperty("chrome.binary", "/usr/bin/chromium");
    public static final String DRIVER = System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    public static final String INSTALL = "apt-get install -y chromium chromium-driver";

    /** The page area of every picture in {@code docs/images}: one size, so that they line up in the docs. */
    public static final int DOCS_WIDTH = 1280;
    public static final int DOCS_HEIGHT = 900;

    private Chromium() {}

    /** Skips (or under CI fails) the calling test class unless Chromium and its driver are here. */
    public static void requireInstalled() {
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
    public static WebDriver start(Path profile) {
        ChromeOptions opts = new ChromeOptions();
        opts.setBinary(BINARY);
        opts.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
                "--hide-scrollbars", "--user-data-dir=" + profile);
        ChromeDriverService svc = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(svc, opts);
    }

    /** Saves what the browser shows to {@code target/screenshots/NAME.png}; never throws. */
    public static void screenshot(WebDriver driver, String name) {
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

    /**
     * The picture of the page the docs show, {@code docs/images/NAME.png} in the repository, replaced:
     * the browser's page area set to {@link #DOCS_WIDTH} x {@link #DOCS_HEIGHT}, scrolled so that the
     * first element matching {@code scrollTo} (a CSS selector; {@code null} for the top of the page) is at
     * the top of it, less a small margin (and below whatever stays at the top as the page scrolls, such as
     * a sticky notice); then the window is given back its size. The docs' pictures are
     * taken by the tests that bring each page into the state shown, so they stay current; a picture that
     * cannot be taken or written fails the test. Nothing compares them with the committed files.
     */
    public static Path docsScreenshot(WebDriver driver, String name, String scrollTo) {
        if (!name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("a docs picture's name is lower-case letters, digits and '-': " + name);
        }
        Path file = docsImages().resolve(name + ".png");
        JavascriptExecutor js = (JavascriptExecutor) driver;
        Dimension before = driver.manage().window().getSize();
        try {
            // The window is the page area plus whatever the browser draws around it.
            List<?> frame = (List<?>) js.executeScript(
                    "return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];");
            int extraWidth = ((Number) frame.get(0)).intValue();
            int extraHeight = ((Number) frame.get(1)).intValue();
            driver.manage().window().setSize(new Dimension(DOCS_WIDTH + extraWidth, DOCS_HEIGHT + extraHeight));
            Await.until("the page area at " + DOCS_WIDTH + "x" + DOCS_HEIGHT, Duration.ofSeconds(10), () -> {
                List<?> size = (List<?>) js.executeScript("return [window.innerWidth, window.innerHeight];");
                return ((Number) size.get(0)).intValue() == DOCS_WIDTH && ((Number) size.get(1)).intValue() == DOCS_HEIGHT;
            });
            Object found = js.executeScript("""
                    var to = arguments[0] === null ? null : document.querySelector(arguments[0]);
                    if (arguments[0] !== null && to === null) { return false; }
                    if (to === null) { window.scrollTo(0, 0); return true; }
                    var y = to.getBoundingClientRect().top + window.scrollY - 12;
                    window.scrollTo(0, Math.max(0, y));
                    // Something that stays at the top as the page scrolls (a sticky notice) would cover the element.
                    var cover = 0;
                    document.querySelectorAll('body *').forEach(function (e) {
                      var p = getComputedStyle(e).position, r = e.getBoundingClientRect();
                      if ((p === 'sticky' || p === 'fixed') && r.top <= 1 && r.height < window.innerHeight / 3) {
                        cover = Math.max(cover, r.bottom);
                      }
                    });
                    window.scrollTo(0, Math.max(0, y - cover));
                    return true;""", scrollTo);
            if (!Boolean.TRUE.equals(found)) {
                throw new AssertionError("docs picture " + name + ": nothing on " + driver.getCurrentUrl() + " matches " + scrollTo);
            }
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Path partial = file.resolveSibling(name + ".png.part");
            Files.write(partial, png);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            System.err.printf("docs picture %s: %d KiB%n", file, png.length / 1024);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the docs picture " + file, e);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    /**
     * The repository's {@code docs/images}: found from the directory the tests run in (a module's) by
     * going up to the first directory that has both a {@code pom.xml} and {@code docs/}.
     */
    static Path docsImages() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("docs"))) {
                Path images = dir.resolve("docs").resolve("images");
                try {
                    return Files.createDirectories(images);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not make " + images, e);
                }
            }
        }
        throw new AssertionError("no repository root (a pom.xml beside docs/) above " + Path.of("").toAbsolutePath());
    }
}
