package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import io.dynacart.store.identity.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret files are private from their first moment; a local cluster's admin token is random. */
class ClusterSecretsIT {

    @TempDir
    Path dir;

    @Test
    void aSecretFileIsCreatedReadableByItsOwnerOnly() throws Exception {
        Path file = dir.resolve("secret");
        ClusterSecrets.writePrivate(file, "s3cret\n".getBytes(StandardCharsets.UTF_8));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo("s3cret\n");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ClusterSecrets.writePrivate(file, "again".getBytes(StandardCharsets.UTF_8));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .as("a replaced file is a new, private one").isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo("again");
    }

    @Test
    void anOlderFileReadableByOthersIsMadePrivate() throws Exception {
        Path file = Files.writeString(dir.resolve("old"), "kept");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ClusterSecrets.makePrivate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo("kept");
    }

    @Test
    void aLocalClustersAdminTokenIsRandomAndTheOldDerivedOneIsRefused() throws Exception {
        LocalClusterConfig config = LocalClusterConfig.forTests(1, dir.resolve("a"));
        try (LocalCluster a = LocalCluster.start(config);
             LocalCluster b = LocalCluster.start(LocalClusterConfig.forTests(1, dir.resolve("b")))) {
            assertThat(a.adminToken()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(b.adminToken());
            var http = a.addresses(NodeId.of("n1")).http();
            URI repair = URI.create("http://" + http.getHostString() + ":" + http.getPort() + "/admin/repair?partition=1");
            String derived = "admin-" + Integer.toHexString(Arrays.hashCode(config.secret()));
            assertThat(post(repair, derived).statusCode()).as("the token once derived from the secret").isEqualTo(403);
            assertThat(post(repair, a.adminToken()).statusCode()).isEqualTo(202);
        }
    }

    private static HttpResponse<String> post(URI uri, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).header("X-Admin-Token", token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
