package io.dynacart.ops;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Starting, finding and stopping node processes of a {@link ClusterLayout}: this jar (or classpath) run as {@code node}. */
final class NodeProcesses {

    /** The environment variable whose JVM options node processes get after the defaults. */
    static final String NODE_JAVA_OPTS = "DYNACART_NODE_JAVA_OPTS";
    /** Each node process's heap and collector: docs/BENCHMARKS.md, "The node JVM", has the measurement behind them. */
    static final List<String> NODE_JVM_DEFAULTS = List.of("-Xmx1g", "-XX:+UseZGC");
    /** Chronicle Queue's JVM flags on Java 17+ (the parent pom's {@code chronicle.jvm.args}). */
    static final List<String> CHRONICLE_FLAGS = List.of(
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "-Dchronicle.analytics.disable=true",
            "-Dchronicle.announcer.disable=true");

    private final ClusterLayout layout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    NodeProcesses(ClusterLayout layout) {
        this.layout = layout;
    }

    /** The java command that runs this same code as {@code dynacart node --config FILE}. */
    List<String> command(String id) {
        List<String> cmd = new ArrayList<>();
        javaCommand(cmd);
        cmd.add("node");
        cmd.add(ConfigFile.OPTION);
        cmd.add(layout.config(id).toAbsolutePath().toString());
        return cmd;
    }

    /**
     * Appends to {@code cmd} the java command that runs {@link Dynacart} on this same JVM and classpath:
     * the node's heap and collector ({@link #NODE_JVM_DEFAULTS}), then the options in the environment
     * variable {@value #NODE_JAVA_OPTS} (a later -Xmx wins; another collector needs -XX:-UseZGC first).
     */
    static void javaCommand(List<String> cmd) {
        javaCommand(cmd, System.getenv());
    }

    /** {@link #javaCommand(List)} with the environment {@code env}. */
    static void javaCommand(List<String> cmd, Map<String, String> env) {
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(NODE_JVM_DEFAULTS);
        cmd.addAll(CHRONICLE_FLAGS);
        String extra = env.getOrDefault(NODE_JAVA_OPTS, "").strip();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Dynacart.class.getName());
    }

    /** Starts node {@code id}'s process (its output appended to its log) and records its pid. */
    Process start(String id) {
        ProcessBuilder pb = new ProcessBuilder(command(id));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(layout.log(id).toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            Process p = pb.start();
            Files.writeString(layout.pidFile(id), p.pid() + "\n");
            return p;
        } catch (IOException e) {
            throw new OpsException("cannot start node " + id + " (" + e.getMessage() + "); is " + pb.command().get(0)
                    + " a Java 17+ runtime?");
        }
    }

    /** The live process recorded for {@code id}: its pid file names a running dynacart node. */
    Optional<ProcessHandle> running(String id) {
        return layout.pid(id).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).filter(h -> !isZombie(h.pid()))
                .filter(h -> isNode(h, id));
    }

    /**
     * A killed process whose parent has not reaped it still "is alive" to {@link ProcessHandle}; on
     * Linux its state in {@code /proc/PID/stat} is Z (a container's init may never reap it).
     */
    static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private boolean isNode(ProcessHandle h, String id) {
        Optional<String[]> args = h.info().arguments();
        // Without access to its arguments, trust the pid file.
        return args.isEmpty() || Arrays.asList(args.get()).contains(layout.config(id).toAbsolutePath().toString());
    }

    /** Whether {@code id} answers {@code GET /health} with 200. */
    boolean healthy(String id) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://" + layout.httpOf(id) + "/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until {@code id} answers; fails with the end of its log if it died or the deadline passed. */
    void awaitHealthy(String id, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!(healthy(id) && running(id).isPresent())) {
            if (running(id).isEmpty()) {
                throw new OpsException("node " + id + " exited while starting; its log " + layout.log(id) + " ends:\n"
                        + tail(layout.log(id), 15));
            }
            if (System.nanoTime() > end) {
                throw new OpsException("node " + id + " did not answer on http://" + layout.httpOf(id) + " within "
                        + deadline.toSeconds() + " s; see its log " + layout.log(id));
            }
            sleep(100);
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}; true if it had to be killed. */
    boolean stop(String id, Duration grace) {
        Optional<ProcessHandle> p = running(id);
        boolean killed = false;
        if (p.isPresent()) {
            p.get().destroy();
            try {
                p.get().onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                p.get().destroyForcibly();
                killed = true;
                try {
                    p.get().onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // reported by status
                }
            }
        }
        try {
            Files.deleteIfExists(layout.pidFile(id));
        } catch (IOException ignored) {
            // a stale pid file is recognized as such
        }
        return killed;
    }

    /** Fails naming the port and the fix if something (another cluster, say) already listens on it. */
    static void requireFree(String host, int port, String option) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new OpsException("port " + host + ":" + port + " is already in use by another process (another "
                    + "cluster?); stop it, or move this cluster's ports with " + option);
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted");
        }
    }
}
