package io.dynacart.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of {@code store-engine}, checked on its sources: each package may import only the
 * packages listed for it. A new package must be added here, which makes its place a decision.
 * (Reads the module's own source tree; no other I/O.)
 */
class PackageDependenciesTest {

    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("identity", Set.of()),
            Map.entry("encoding", Set.of()),
            Map.entry("time", Set.of()),
            Map.entry("budget", Set.of("time")),
            Map.entry("versioning", Set.of("identity", "encoding")),
            Map.entry("ring", Set.of("identity")),
            Map.entry("api", Set.of("identity", "encoding", "versioning")),
            Map.entry("storage", Set.of("identity", "encoding", "versioning", "ring", "api")),
            Map.entry("transport", Set.of("identity", "encoding", "versioning", "storage", "api", "time", "budget")),
            Map.entry("membership", Set.of("identity", "encoding", "ring", "time", "transport", "api")),
            Map.entry("handoff", Set.of("identity", "versioning", "api", "storage", "ring", "transport", "time", "membership")),
            Map.entry("antientropy", Set.of("identity", "versioning", "api", "storage", "ring", "transport", "time")),
            Map.entry("coordinator", Set.of("identity", "versioning", "storage", "ring", "api", "transport", "time",
                    "membership", "handoff")),
            Map.entry("node", Set.of("identity", "versioning", "storage", "ring", "api", "transport", "time",
                    "membership", "handoff", "coordinator", "antientropy", "budget")),
            Map.entry("http", Set.of("identity", "versioning", "storage", "api", "budget")),
            Map.entry("clientwire", Set.of("identity", "encoding", "versioning", "storage", "api")),
            Map.entry("clientserver", Set.of("identity", "versioning", "storage", "api", "budget", "clientwire")),
            Map.entry("runtime", Set.of("identity", "encoding", "versioning", "storage", "ring", "api", "transport",
                    "time", "coordinator", "node", "http", "membership", "handoff", "antientropy", "budget",
                    "clientserver")),
            Map.entry("cluster", Set.of("identity", "versioning", "storage", "ring", "api", "transport", "time",
                    "coordinator", "node", "http", "runtime", "budget", "clientwire", "membership")),
            Map.entry("sim", Set.of("identity", "versioning", "storage", "ring", "api", "transport", "time",
                    "membership", "handoff", "coordinator", "antientropy", "node", "cluster")));

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.dynacart\\.store\\.(\\w+)\\.", Pattern.MULTILINE);
    private static final Path ROOT = Path.of("src/main/java/io/dynacart/store");

    @Test
    void everyPackageImportsOnlyWhatItsLayerAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = ROOT.relativize(file).getName(0).toString();
                packages.add(pkg);
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    String target = m.group(1);
                    if (!target.equals(pkg) && !ALLOWED.getOrDefault(pkg, Set.of()).contains(target)) {
                        violations.add(ROOT.relativize(file) + " imports " + target);
                    }
                }
            }
        }
        assertThat(packages).as("every package has a place in the layering table").isSubsetOf(ALLOWED.keySet());
        assertThat(violations).as("imports that cross the layering").isEmpty();
    }
}
