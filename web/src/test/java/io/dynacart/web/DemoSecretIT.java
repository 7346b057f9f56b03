package io.dynacart.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's secret file: readable by its owner only, random per data directory, kept over a reopen. */
class DemoSecretIT {

    @TempDir
    Path root;

    @Test
    void theSecretFileIsPrivateAndEachDemoHasItsOwnSecret() throws Exception {
        DemoData first = DemoData.open(root.resolve("first"), false, 5);
        DemoData second = DemoData.open(root.resolve("second"), false, 5);
        Path marker = root.resolve("first").resolve(DemoData.MARKER);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(marker))).isEqualTo("rw-------");
        assertThat(Files.readString(marker)).contains("secret=");
        assertThat(first.secret()).hasSize(32).isNotEqualTo(second.secret());
        assertThat(DemoData.open(root.resolve("first"), false, 5).secret()).as("the same data, the same secret")
                .isEqualTo(first.secret());
    }

    @Test
    void aSecretFileLeftReadableByAnOlderVersionIsMadePrivateOnOpen() throws Exception {
        DemoData data = DemoData.open(root.resolve("old"), false, 5);
        Path marker = root.resolve("old").resolve(DemoData.MARKER);
        Files.setPosixFilePermissions(marker, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(DemoData.open(root.resolve("old"), false, 5).secret()).isEqualTo(data.secret());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(marker))).isEqualTo("rw-------");
    }
}
