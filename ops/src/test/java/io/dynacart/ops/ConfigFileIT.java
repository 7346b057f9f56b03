package io.dynacart.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.runtime.NodeRuntimeConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dynacart node --config FILE}: the file gives defaults, the command line overrides, a typo is refused. */
class ConfigFileIT {

    @TempDir
    Path dir;

    private NodeRuntimeConfig settings(String... args) {
        NodeCommand node = new NodeCommand();
        CommandLine cli = new CommandLine(node);
        ConfigFile.install(cli, args);
        cli.parseArgs(args);
        return node.settings(Map.of(Secrets.TOKEN_ENV, "token"));
    }

    @Test
    void theFileGivesDefaultsAndTheCommandLineOverrides() throws Exception {
        Path secret = dir.resolve("secret");
        Secrets.writePrivate(secret, "a-secret-long-enough-for-the-cluster");
        Path file = dir.resolve("node.properties");
        Files.writeString(file, "id=n4\nlisten=127.0.0.1:7204\nhttp=127.0.0.1:7104\nseeds=n1@10.0.0.1:7201,n4@127.0.0.1:7204\n"
                + "data=" + dir.resolve("data") + "\nsecret-file=" + secret + "\nw=1\n");

        NodeRuntimeConfig fromFile = settings("--config", file.toString());
        assertThat(fromFile.id()).isEqualTo(NodeId.of("n4"));
        assertThat(fromFile.listen().http().getPort()).isEqualTo(7104);
        assertThat(fromFile.coordinator().defaultQuorum().w()).isEqualTo(1);
        assertThat(fromFile.discovery().seeds()).containsOnlyKeys(NodeId.of("n1"), NodeId.of("n4"));

        NodeRuntimeConfig overridden = settings("--config", file.toString(), "--w", "3", "--http", "127.0.0.1:9999");
        assertThat(overridden.coordinator().defaultQuorum().w()).isEqualTo(3);
        assertThat(overridden.listen().http().getPort()).isEqualTo(9999);
    }

    @Test
    void anUnknownKeyIsAUsageErrorNamingTheKeys() throws Exception {
        Path file = dir.resolve("node.properties");
        Files.writeString(file, "id=n1\nlisten-address=0.0.0.0:7201\n");
        StringWriter err = new StringWriter();
        int code = Dynacart.run(new String[] {"node", "--config", file.toString()}, new PrintWriter(new StringWriter()),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("unknown key 'listen-address'").contains("listen");
    }
}
