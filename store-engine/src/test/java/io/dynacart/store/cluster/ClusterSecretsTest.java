package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterSecretsTest {

    @Test
    void everySecretAndTokenIsFreshAndFullLength() {
        Set<String> tokens = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String token = ClusterSecrets.randomToken();
            assertThat(token).as("43 URL-safe base64 characters: 256 random bits").matches("[A-Za-z0-9_-]{43}");
            tokens.add(token);
            byte[] secret = ClusterSecrets.randomBytes();
            assertThat(secret).hasSize(32);
            secrets.add(java.util.HexFormat.of().formatHex(secret));
        }
        assertThat(tokens).as("no token repeats").hasSize(100);
        assertThat(secrets).as("no secret repeats").hasSize(100);
    }

    @Test
    void twoTestClustersNeverShareASecret() {
        LocalClusterConfig a = LocalClusterConfig.forTests(3, Path.of("a"));
        LocalClusterConfig b = LocalClusterConfig.forTests(3, Path.of("b"));
        assertThat(a.secret()).hasSize(32).isNotEqualTo(b.secret());
        assertThat(new String(a.secret(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .as("no fixed, public secret any more").doesNotContain("secret");
    }
}
