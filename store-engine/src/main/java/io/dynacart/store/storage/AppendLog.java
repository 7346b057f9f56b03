package io.dynacart.store.storage;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append log on Chronicle Queue: the point of durability. A record is durable (per
 * {@link Durability}) once {@link #append} returns.
 *
 * <h2>Generations</h2>
 * The log lives in {@code log/gen-NNNNNNNN/}. Each time the storage opens, it replays the older
 * generations into SQLite and then appends only to a fresh one. A log damaged by a crash (a torn or
 * garbled tail) is thus only ever read, never appended to: Chronicle can silently misplace a record
 * appended after a truncated tail. Old generations and the files of the current one whose records
 * are all durable in SQLite are deleted once older than the retention window ({@link LogRetention}).
 *
 * <p>Not thread-safe: {@link SqliteStorage} calls {@link #append} and {@link #syncPoint} under its
 * log lock, and {@link #force} from one thread at a time without it, so appends go on meanwhile.
 */
final class AppendLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AppendLog.class);
    private static final String PREFIX = "gen-";
    /** Chronicle grows its files a page at a time; a length off a page boundary was cut short. */
    private static final long PAGE = 4096;

    private final Path root;
    private final StorageConfig.LogRoll roll;
    private final Durability durability;
    private final Duration retention;
    private final long generation;
    private final ChronicleQueue queue;
    private final ExcerptAppender appender;
    /** Files of the current generation by cycle, as Chronicle acquires them. */
    private final Map<Integer, Path> files = new ConcurrentSkipListMap<>();
    private final AtomicInteger filesCreated = new AtomicInteger();
    /** The cycle of the file last forced: files from it on may hold unforced records. */
    private volatile int lastForcedCycle = Integer.MIN_VALUE;
    private Path forcedFile;
    private FileChannel forcedChannel;

    /** Where replay got to, and what it had to skip. */
    record Recovery(long records, long skipped, List<String> problems) {
    }

    /** A record read back from an older generation. */
    interface RecordSink {
        void accept(LogPosition position, byte[] record);
    }

    private AppendLog(Path root, StorageConfig config, long generation) {
        this.root = root;
        this.roll = config.logRoll();
        this.durability = config.durability();
        this.retention = config.logRetention();
        this.generation = generation;
        this.queue = builder(root.resolve(name(generation)), roll)
                .storeFileListener(new StoreFileListener() {
                    @Override
                    public void onAcquired(int cycle, File file) {
                        if (files.put(cycle, file.toPath()) == null) {
                            filesCreated.incrementAndGet();
                        }
                    }

                    @Override
                    public void onReleased(int cycle, File file) {
                        // kept until retention deletes it
                    }
                })
                .build();
        this.appender = queue.createAppender();
        this.appender.singleThreadedCheckDisabled(true);
    }

    /**
     * Replays every record after {@code applied} from the generations on disk into {@code sink}, then
     * starts a new generation. Damage is reported in the log output and skipped; it never throws for
     * a damaged log.
     */
    static Recovered openAndRecover(Path root, StorageConfig config, LogPosition applied, RecordSink sink) {
        List<Long> generations = generations(root);
        long records = 0;
        long skipped = 0;
        List<String> problems = new ArrayList<>();
        for (long g : generations) {
            if (g < applied.generation()) {
                continue;
            }
            Recovery r = replay(root, config.logRoll(), g, g == applied.generation() ? applied.index() : LogPosition.NO_INDEX, sink);
            records += r.records();
            skipped += r.skipped();
            problems.addAll(r.problems());
        }
        long next = Math.max(applied.generation(), generations.isEmpty() ? 0 : generations.get(generations.size() - 1)) + 1;
        return new Recovered(new AppendLog(root, config, next), new Recovery(records, skipped, problems));
    }

    /** A freshly opened log and what replay found. */
    record Recovered(AppendLog log, Recovery recovery) {
    }

    private static Recovery replay(Path root, StorageConfig.LogRoll roll, long generation, long afterIndex, RecordSink sink) {
        Path dir = root.resolve(name(generation));
        List<String> problems = new ArrayList<>(truncatedFiles(dir));
        long records = 0;
        long skipped = 0;
        try (ChronicleQueue q = builder(dir, roll).build(); var tailer = q.createTailer()) {
            if (afterIndex != LogPosition.NO_INDEX && tailer.moveToIndex(afterIndex)) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    // positioned on the last applied record; reading it moves past it
                }
            }
            while (true) {
                long index;
                byte[] record;
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    index = dc.index();
                    Bytes<?> bytes = dc.wire().bytes();
                    record = new byte[(int) bytes.readRemaining()];
                    bytes.read(record);
                }
                if (index <= afterIndex) {
                    continue;
                }
                try {
                    LogRecord.decode(record);
                    sink.accept(new LogPosition(generation, index), record);
                    records++;
                } catch (CorruptDataException e) {
                    skipped++;
                    problems.add("skipped the record at index " + Long.toHexString(index) + " of " + dir.getFileName()
                            + ": " + e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            problems.add("stopped reading " + dir.getFileName() + " at damage: " + e);
        }
        problems.forEach(p -> LOG.warn("append log recovery: {}", p));
        return new Recovery(records, skipped, problems);
    }

    private static List<String> truncatedFiles(Path dir) {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".cq4")).sorted().toList()) {
                long size = Files.size(f);
                if (size % PAGE != 0) {
                    problems.add("log file " + dir.getFileName() + "/" + f.getFileName() + " was cut short at " + size
                            + " bytes; records past that point are lost");
                }
            }
        } catch (IOException e) {
            problems.add("cannot list " + dir + ": " + e.getMessage());
        }
        return problems;
    }

    long generation() {
        return generation;
    }

    /** Appends one encoded record and returns its index. */
    long append(byte[] record) {
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(record);
        }
        return appender.lastIndexAppended();
    }

    /** Where the log is being written now; everything appended so far is in this file or an earlier one. */
    Path syncPoint() {
        return appender.currentFile() == null ? null : appender.currentFile().toPath();
    }

    /**
     * Forces to disk everything appended before {@code point} was taken: fdatasync of that file (on
     * Linux it writes back pages dirtied through the memory map too) and of every file written since
     * the last force, in case the log rolled in between. Runs without the log lock, so writers keep
     * appending meanwhile and the next force covers all of them at once.
     */
    void force(Path point) {
        if (point == null) {
            return;
        }
        try {
            for (Map.Entry<Integer, Path> e : files.entrySet()) {
                if (e.getKey() >= lastForcedCycle || e.getValue().equals(point)) {
                    channel(e.getValue()).force(false);
                }
            }
            files.entrySet().stream().filter(e -> e.getValue().equals(point)).findFirst()
                    .ifPresent(e -> lastForcedCycle = e.getKey());
        } catch (IOException e) {
            throw new StorageException("cannot force the append log to disk: " + e.getMessage(), e);
        }
    }

    /** The channel used to force {@code file}, kept open while it is the file being written. */
    private FileChannel channel(Path file) throws IOException {
        if (!file.equals(forcedFile)) {
            if (forcedChannel != null) {
                forcedChannel.close();
            }
            forcedChannel = FileChannel.open(file, StandardOpenOption.WRITE);
            forcedFile = file;
        }
        return forcedChannel;
    }

    /** A log file (or a whole older generation, {@code cycle} = -1) that retention may delete. */
    record Deletable(Path path, long generation, int cycle) {
    }

    /**
     * What retention may delete once every record up to {@code upTo} is safe in SQLite: older
     * generations before {@code upTo}'s, and files of this generation before the one holding
     * {@code upTo}, each last modified longer ago than the retention window.
     */
    List<Deletable> deletable(LogPosition upTo, long nowMillis) {
        long cutoff = nowMillis - retention.toMillis();
        List<Deletable> out = new ArrayList<>();
        for (long g : generations(root)) {
            Path dir = root.resolve(name(g));
            if (g < generation && g < upTo.generation() && newestModification(dir) <= cutoff) {
                out.add(new Deletable(dir, g, -1));
            }
        }
        if (upTo.generation() != generation || upTo.index() == LogPosition.NO_INDEX) {
            return out;
        }
        int upToCycle = cycleOf(roll, upTo.index());
        for (Map.Entry<Integer, Path> e : files.entrySet()) {
            if (e.getKey() < upToCycle && modified(e.getValue()) <= cutoff) {
                out.add(new Deletable(e.getValue(), generation, e.getKey()));
            }
        }
        return out;
    }

    /** Deletes {@code victims} (found by {@link #deletable}), telling {@code hooks} first. Under the log lock. */
    void delete(List<Deletable> victims, StorageHooks hooks) {
        boolean current = false;
        for (Deletable d : victims) {
            hooks.deletingLog(d.path(), d.generation(), d.cycle());
            deleteTree(d.path());
            if (d.cycle() < 0) {
                LOG.info("deleted applied log generation {}", d.path().getFileName());
            } else {
                files.remove(d.cycle());
                current = true;
            }
        }
        if (current) {
            queue.refreshDirectoryListing();
        }
    }

    /** The roll cycle (file) that holds the record at {@code index}. */
    static int cycleOf(StorageConfig.LogRoll roll, long index) {
        return rollCycle(roll).toCycle(index);
    }

    /** Files of the current generation on disk. */
    int fileCount() {
        return files.size();
    }

    /** Files the current generation has had, deleted or not. */
    int filesCreated() {
        return filesCreated.get();
    }

    @Override
    public void close() {
        if (forcedChannel != null) {
            try {
                forcedChannel.close();
            } catch (IOException ignored) {
                // closing on the way out
            }
        }
        appender.close();
        queue.close();
    }

    private static SingleChronicleQueueBuilder builder(Path dir, StorageConfig.LogRoll roll) {
        return SingleChronicleQueueBuilder.binary(dir).rollCycle(rollCycle(roll));
    }

    private static RollCycle rollCycle(StorageConfig.LogRoll roll) {
        switch (roll) {
            case SECONDLY:
                return TestRollCycles.TEST_SECONDLY;
            case FIVE_MINUTELY:
                return RollCycles.FIVE_MINUTELY;
            case HOURLY:
                return RollCycles.FAST_HOURLY;
            default:
                throw new IllegalArgumentException("unknown roll " + roll);
        }
    }

    private static String name(long generation) {
        return String.format("%s%08d", PREFIX, generation);
    }

    private static List<Long> generations(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches(PREFIX + "\\d{8,}"))
                    .map(n -> Long.parseLong(n.substring(PREFIX.length())))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the append log at " + root, e);
        }
    }

    private static long newestModification(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.mapToLong(AppendLog::modified).max().orElse(0);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void deleteTree(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            LOG.warn("could not delete applied log {}: {}", p, e.getMessage());
        }
    }
}
