package io.dynacart.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
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
    void zonesComeFromTheFileAndMakeTheInitialRingAlikeOnEveryFounder() throws Exception {
        Path secret = dir.resolve("secret");
        Secrets.writePrivate(secret, "a-secret-long-enough-for-the-cluster");
        Path file = dir.resolve("node.properties");
        Files.writeString(file, "id=n2\nseeds=n1@10.0.0.1:7201,n2@10.0.0.2:7201,n3@10.0.0.3:7201\n"
                + "seed-zones=n1=eu-1,n2=eu-2,n3=us-1\nzone=eu-2\ndata=" + dir.resolve("data") + "\nsecret-file=" + secret + "\n");

        NodeRuntimeConfig n2 = settings("--config", file.toString());
        assertThat(n2.zone()).isEqualTo(Zone.of("eu-2"));
        assertThat(n2.ring().get().zones()).as("the founders' zones, as every founder computes them")
                .isEqualTo(Map.of(NodeId.of("n1"), Zone.of("eu-1"), NodeId.of("n2"), Zone.of("eu-2"),
                        NodeId.of("n3"), Zone.of("us-1")));
        NodeRuntimeConfig n3 = settings("--config", file.toString(), "--id", "n3", "--zone", "us-1");
        assertThat(n3.ring().get()).as("n3 computes the same ring").isEqualTo(n2.ring().get());
        NodeRuntimeConfig fromSeedZones = settings("--config", file.toString(), "--id", "n1", "--zone", "eu-1");
        assertThat(fromSeedZones.zone()).isEqualTo(Zone.of("eu-1"));
    }

    @Test
    void aBadOrContradictoryZoneIsAUsageErrorNamingTheOption() throws Exception {
        Path secret = dir.resolve("secret");
        Secrets.writePrivate(secret, "a-secret-long-enough-for-the-cluster");
        String[] base = {"--id", "n1", "--seeds", "n1@10.0.0.1:7201,n2@10.0.0.2:7201", "--data", dir.resolve("d").toString(),
                "--secret-file", secret.toString()};
        assertThat(usageError(base, "--zone", "eu west")).contains("--zone: zone contains the character ' '");
        assertThat(usageError(base, "--seed-zones", "n1=a,n2=b", "--zone", "b"))
                .contains("--zone b but --seed-zones puts n1 in a");
        assertThat(usageError(base, "--seed-zones", "n1=a")).contains("--seed-zones must name every seed; it leaves out [n2]");
        assertThat(usageError(base, "--seed-zones", "n1=a,n9=b")).contains("--seed-zones names n9, which is not in --seeds");
        assertThat(usageError(base, "--seed-zones", "n1:a,n2=b")).contains("--seed-zones entry 'n1:a' must be id=zone");
        assertThat(usageError(base, "--seed-zones", "n1=a,n2=")).contains("zone is empty");
    }

    @Test
    void foundersWeightsMakeTheInitialRingAlikeAndAreCheckedLikeZones() throws Exception {
        Path secret = dir.resolve("secret");
        Secrets.writePrivate(secret, "a-secret-long-enough-for-the-cluster");
        String[] base = {"--id", "n1", "--seeds", "n1@10.0.0.1:7201,n2@10.0.0.2:7201,n3@10.0.0.3:7201", "--data",
                dir.resolve("d").toString(), "--secret-file", secret.toString(), "--seed-weights", "n1=2,n2=1,n3=1"};
        NodeRuntimeConfig n1 = settings(base);
        assertThat(n1.weight()).as("its weight from --seed-weights").isEqualTo(2);
        assertThat(n1.learnsIncarnation()).as("a node process learns its incarnation on an empty data directory").isTrue();
        assertThat(n1.ring().get().weights()).isEqualTo(Map.of(NodeId.of("n1"), 2, NodeId.of("n2"), 1, NodeId.of("n3"), 1));
        assertThat(n1.ring().get().partitionsOwnedBy(NodeId.of("n1"))).hasSize(128);
        String[] asN3 = base.clone();
        asN3[1] = "n3";
        assertThat(settings(asN3).ring().get()).as("n3 computes the same ring").isEqualTo(n1.ring().get());
        String[] joiner = base.clone();
        joiner[1] = "n4";
        NodeRuntimeConfig n4 = settings(append(joiner, "--weight", "3"));
        assertThat(n4.weight()).isEqualTo(3);
        assertThat(n4.ring().get()).as("a joiner starts with the founders' ring").isEqualTo(n1.ring().get());

        assertThat(usageError(base, "--weight", "3")).contains("--weight 3 but --seed-weights gives n1 weight 2");
        assertThat(usageError(base, "--weight", "0")).contains("--weight must be from 1 to 100, was 0");
        String[] noWeights = {"--id", "n1", "--seeds", "n1@10.0.0.1:7201,n2@10.0.0.2:7201", "--data",
                dir.resolve("d").toString(), "--secret-file", secret.toString()};
        assertThat(usageError(noWeights, "--seed-weights", "n1=2")).contains("--seed-weights must name every seed; it leaves out [n2]");
        assertThat(usageError(noWeights, "--seed-weights", "n1=2,n2=x")).contains("--seed-weights entry 'n2=x'",
                "a whole number from 1 to 100");
        assertThat(usageError(noWeights, "--seed-weights", "n1=2,n9=1")).contains("--seed-weights names n9, which is not in --seeds");
    }

    private static String[] append(String[] base, String... more) {
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return args;
    }

    private String usageError(String[] base, String... more) {
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        try {
            settings(args);
        } catch (CommandLine.ParameterException e) {
            return e.getMessage();
        }
        throw new AssertionError("no usage error for " + String.join(" ", args));
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
