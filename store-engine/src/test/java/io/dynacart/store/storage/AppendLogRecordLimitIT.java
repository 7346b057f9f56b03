package io.dynacart.store.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The append log's record limit is never the first limit a write meets: Chronicle Queue holds and
 * replays a record at storage's own limit ({@link SiblingCodec#MAX_LOGGED_BYTES}) with every roll
 * cycle, its real limit (16 MiB) lies above it, and a sibling set at the limit written through
 * storage comes back from the log alone.
 */
class AppendLogRecordLimitIT {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(StorageConfig.LogRoll.class)
    void aRecordAtStoragesLimitIsAppendedAndReplayed(StorageConfig.LogRoll roll) {
        StorageConfig config = StorageConfig.defaults(dir).withLogRetention(StorageConfig.DEFAULT_LOG_RETENTION, roll);
        Key key = Key.of(new byte[Key.MAX_LENGTH]);
        LogRecord.Put put = new LogRecord.Put(key, KeyHash.of(key), new PartitionId(3),
                new byte[LogRecord.MAX_SIBLINGS_BYTES], 1, LogRecord.MAX_SIBLINGS_BYTES);
        AppendLog.Recovered first = AppendLog.openAndRecover(dir.resolve("log"), config, LogPosition.NONE, (p, r) -> { });
        try (AppendLog log = first.log()) {
            log.append(LogRecord.encode(put));
        }

        List<byte[]> replayed = new ArrayList<>();
        AppendLog.openAndRecover(dir.resolve("log"), config, LogPosition.NONE, (p, r) -> replayed.add(r)).log().close();

        assertThat(replayed).hasSize(1);
        LogRecord.Put back = (LogRecord.Put) LogRecord.decode(replayed.get(0));
        assertThat(back.key()).isEqualTo(key);
        assertThat(back.siblings()).hasSize(LogRecord.MAX_SIBLINGS_BYTES);
    }

    @Test
    void chroniclesOwnLimitLiesAboveStoragesAndALargerRecordIsRefusedBeforeItIsAppended() {
        StorageConfig config = StorageConfig.defaults(dir);
        AppendLog.Recovered opened = AppendLog.openAndRecover(dir.resolve("log"), config, LogPosition.NONE, (p, r) -> { });
        try (AppendLog log = opened.log()) {
            assertThatThrownBy(() -> log.append(new byte[(16 << 20) + 1])).as("Chronicle's limit, measured: 16 MiB")
                    .hasMessageContaining("16777216");
        }
        Key key = Key.of("k");
        LogRecord.Put tooLarge = new LogRecord.Put(key, KeyHash.of(key), new PartitionId(0),
                new byte[LogRecord.MAX_SIBLINGS_BYTES + 1], 1, 1);
        assertThatThrownBy(() -> LogRecord.encode(tooLarge)).isInstanceOf(RecordTooLargeException.class);
    }

    @Test
    void aSiblingSetJustUnderTheLimitIsAcknowledgedAndComesBackFromTheLogAlone() throws Exception {
        StorageConfig config = StorageConfig.defaults(dir.resolve("n1")).withPartitioner(new Partitioner(16));
        Key key = Key.of("near-the-limit");
        List<Versioned<Value>> versions = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            DottedVersionVector v = DottedVersionVector.forWrite(NodeId.of("w" + i), 1_000, Context.EMPTY, List.of(),
                    VectorClock.DEFAULT_MAX_ENTRIES);
            versions.add(new Versioned<>(v, Value.of(new byte[Value.MAX_BYTES - (i == 11 ? 1024 : 0)])));
        }
        List<Versioned<Value>> written;
        try (SqliteStorage s = SqliteStorage.open(config)) {
            written = s.merge(key, versions);
        }
        assertThat(SiblingCodec.encode(written).length).as("just under the limit")
                .isBetween(LogRecord.MAX_SIBLINGS_BYTES - 2048, LogRecord.MAX_SIBLINGS_BYTES);
        SqliteStorageDurabilityIT.forgetAppliedPosition(config.dataDir());

        try (SqliteStorage s = SqliteStorage.open(config)) {
            assertThat(s.get(key)).as("replayed from the log").isEqualTo(written);
        }
    }
}
