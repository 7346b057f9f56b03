package io.dynacart.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's data directory: carts survive a restart; --fresh empties it; a foreign directory is left alone. */
class DemoRestartIT {

    @TempDir
    Path root;

    @Test
    void aCartSurvivesARestartOfTheDemoAndFreshStartsEmpty() {
        Path data = root.resolve("demo");
        WebClient browser;
        try (DemoApp app = DemoApp.start(DemoApp.Config.forTests(data))) {
            browser = new WebClient(app.address());
            String token = browser.csrf();
            assertThat(browser.postForm("/cart/add", "_csrf", token, "product", "compass").statusCode()).isEqualTo(302);
        }
        try (DemoApp app = DemoApp.start(DemoApp.Config.forTests(data))) {
            WebClient same = browser.at(app.address());
            assertThat(same.get("/cart").body()).as("the same browser's cart after a restart")
                    .contains("Baseplate compass");
        }
        DemoApp.Config fresh = new DemoApp.Config("127.0.0.1", 0, data, true, 5, 0, 0, 0);
        try (DemoApp app = DemoApp.start(fresh)) {
            assertThat(browser.at(app.address()).get("/cart").body()).doesNotContain("Baseplate compass");
        }
    }

    @Test
    void aDirectoryThatIsNotTheDemosIsNeitherUsedNorWiped() throws Exception {
        Path other = Files.createDirectories(root.resolve("someone-elses"));
        Files.writeString(other.resolve("thesis.tex"), "precious");
        assertThatThrownBy(() -> DemoData.open(other, true, 5)).hasMessageContaining("not a DynaCart demo directory");
        assertThat(other.resolve("thesis.tex")).exists();
    }

    @Test
    void reopeningWithAnotherNodeCountIsRefused() {
        Path data = root.resolve("five");
        DemoData.open(data, false, 5);
        assertThatThrownBy(() -> DemoData.open(data, false, 3)).hasMessageContaining("--nodes 5");
    }
}
