package io.dynacart.store.cluster;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.runtime.ViewFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The membership views the nodes under a cluster root kept ({@link ViewFile}), merged: what a
 * {@link LocalCluster} reopened on that root starts from.
 *
 * @param found  the nodes whose data directory holds a view
 * @param latest every kept view merged (a higher ring version wins), empty when none was kept
 */
record KeptViews(List<NodeId> found, Optional<MembershipView> latest) {

    static KeptViews scan(Path root) {
        MembershipView latest = null;
        List<NodeId> found = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                    String name = dir.getFileName().toString();
                    if (NodeId.problemWith(name) != null) {
                        continue;
                    }
                    Optional<MembershipView> kept = ViewFile.read(dir);
                    if (kept.isPresent()) {
                        found.add(NodeId.of(name));
                        latest = latest == null ? kept.get() : latest.merge(kept.get());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root, e);
            }
        }
        return new KeptViews(List.copyOf(found), Optional.ofNullable(latest));
    }

    /** The nodes to start: those of the latest ring, and of the ring it is moving to. */
    List<NodeId> active() {
        Set<NodeId> active = new TreeSet<>();
        latest.ifPresent(v -> {
            active.addAll(v.ring().nodes());
            v.transition().ifPresent(t -> active.addAll(t.target().nodes()));
        });
        return List.copyOf(active);
    }

    /** Every node the views know of, those that left included, n2 before n10. */
    List<NodeId> known() {
        List<NodeId> all = new ArrayList<>(found);
        all.addAll(active());
        return all.stream().distinct().sorted(KeptViews::byNumber).toList();
    }

    /** n2 before n10: by the number after the letters, then by name. */
    private static int byNumber(NodeId a, NodeId b) {
        String x = a.value().replaceAll("^[^0-9]*", "");
        String y = b.value().replaceAll("^[^0-9]*", "");
        if (!x.isEmpty() && !y.isEmpty() && x.matches("[0-9]{1,9}") && y.matches("[0-9]{1,9}")) {
            int c = Integer.compare(Integer.parseInt(x), Integer.parseInt(y));
            if (c != 0) {
                return c;
            }
        }
        return a.compareTo(b);
    }
}
