package io.dynacart.store.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A manifest that names no node, time or checksum, or a negative count, is refused when read. */
class BackupManifestTest {

    private static final String SHA = "0123456789abcdef".repeat(4);

    private static BackupManifest manifest(int format, String node, String takenAt, long keys, String sha) {
        return new BackupManifest(format, node, 0, 1, takenAt, 256, 2, 40, keys, 0, 4096, sha);
    }

    @Test
    void aWellFormedManifestIsKept() {
        BackupManifest m = manifest(1, "n3", "2026-12-05T10:00:00Z", 10, SHA);
        assertThat(m.nodeId().value()).isEqualTo("n3");
    }

    @Test
    void eachDamageIsNamed() {
        assertThatThrownBy(() -> manifest(2, "n3", "2026-12-05T10:00:00Z", 10, SHA))
                .hasMessageContaining("format 2").hasMessageContaining("another DynaCart release");
        assertThatThrownBy(() -> manifest(1, "n 3", "2026-12-05T10:00:00Z", 10, SHA)).hasMessageContaining("node id");
        assertThatThrownBy(() -> manifest(1, "n3", "yesterday", 10, SHA)).hasMessageContaining("bad time 'yesterday'");
        assertThatThrownBy(() -> manifest(1, "n3", "2026-12-05T10:00:00Z", 10, "abc")).hasMessageContaining("SHA-256");
        assertThatThrownBy(() -> manifest(1, "n3", "2026-12-05T10:00:00Z", -1, SHA)).hasMessageContaining("keys -1");
    }
}
