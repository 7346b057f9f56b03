package io.dynacart.loadgen.ycsb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

/** The binding through YCSB's own DB API, against an embedded 3-node cluster. */
class DynaCartClientIT {

    @Test
    @Timeout(60)
    void insertReadUpdateDeleteThroughTheYcsbApi() throws Exception {
        DB db = embedded(new Properties());
        db.init();
        try {
            Map<String, String> fields = Map.of("field0", "alpha", "field1", "beta");
            assertThat(db.insert("usertable", "user1", StringByteIterator.getByteIteratorMap(new HashMap<>(fields))))
                    .isEqualTo(Status.OK);

            Map<String, ByteIterator> read = new HashMap<>();
            assertThat(db.read("usertable", "user1", null, read)).isEqualTo(Status.OK);
            assertThat(StringByteIterator.getStringMap(read)).isEqualTo(fields);

            assertThat(db.update("usertable", "user1", StringByteIterator.getByteIteratorMap(
                    new HashMap<>(Map.of("field1", "gamma"))))).isEqualTo(Status.OK);
            Map<String, ByteIterator> one = new HashMap<>();
            assertThat(db.read("usertable", "user1", Set.of("field0", "field1"), one)).isEqualTo(Status.OK);
            assertThat(StringByteIterator.getStringMap(one))
                    .as("an update changes only the fields it names").isEqualTo(Map.of("field0", "alpha", "field1", "gamma"));

            assertThat(db.delete("usertable", "user1")).isEqualTo(Status.OK);
            assertThat(db.read("usertable", "user1", null, new HashMap<>())).isEqualTo(Status.NOT_FOUND);
            assertThat(db.delete("usertable", "user1")).isEqualTo(Status.NOT_FOUND);
            assertThat(db.scan("usertable", "user0", 10, null, new Vector<>())).isEqualTo(Status.NOT_IMPLEMENTED);
        } finally {
            db.cleanup();
        }
    }

    @Test
    @Timeout(60)
    void updatesOfAKnownRecordSupersedeEachOtherAndConcurrentOnesAreMergedByTheNextRead() throws Exception {
        DB db = embedded(new Properties());
        db.init();
        try {
            assertThat(db.insert("usertable", "hot", StringByteIterator.getByteIteratorMap(
                    new HashMap<>(Map.of("field0", "v0"))))).isEqualTo(Status.OK);
            for (int i = 1; i <= 20; i++) {
                assertThat(db.update("usertable", "hot", StringByteIterator.getByteIteratorMap(
                        new HashMap<>(Map.of("field0", "v" + i))))).isEqualTo(Status.OK);
            }
            Map<String, ByteIterator> read = new HashMap<>();
            assertThat(db.read("usertable", "hot", null, read)).isEqualTo(Status.OK);
            assertThat(StringByteIterator.getStringMap(read)).isEqualTo(Map.of("field0", "v20"));
            assertThat(DynaCartClient.readsOfSiblings())
                    .as("each update wrote with the context of the one before: no siblings").isZero();

            // Threads sharing the client update one record at once: some write with a context another
            // thread's write has passed, and leave siblings; a read merges them, the next update ends them.
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                writers.add(new Thread(() -> {
                    for (int i = 0; i < 25; i++) {
                        db.update("usertable", "hot", StringByteIterator.getByteIteratorMap(
                                new HashMap<>(Map.of("field0", "t" + thread + "-" + i))));
                    }
                }));
            }
            writers.forEach(Thread::start);
            for (Thread w : writers) {
                w.join();
            }
            assertThat(db.read("usertable", "hot", null, new HashMap<>())).isEqualTo(Status.OK);
            assertThat(db.update("usertable", "hot", StringByteIterator.getByteIteratorMap(
                    new HashMap<>(Map.of("field0", "last"))))).isEqualTo(Status.OK);
            long before = DynaCartClient.readsOfSiblings();
            Map<String, ByteIterator> last = new HashMap<>();
            assertThat(db.read("usertable", "hot", null, last)).isEqualTo(Status.OK);
            assertThat(StringByteIterator.getStringMap(last)).isEqualTo(Map.of("field0", "last"));
            assertThat(DynaCartClient.readsOfSiblings()).as("the update after a read superseded every sibling")
                    .isEqualTo(before);
        } finally {
            db.cleanup();
        }
    }

    @Test
    void anUnknownUpdateModeIsRefusedByName() {
        Properties p = new Properties();
        p.setProperty("dynacart.update", "blind");
        DB db = embedded(p);
        assertThatThrownBy(db::init).isInstanceOf(DBException.class)
                .hasMessageContaining("dynacart.update is known or read-first, was 'blind'");
    }

    /** The binding with {@code p}, on an embedded cluster of three nodes; not yet initialised. */
    private static DB embedded(Properties p) {
        p.setProperty("dynacart.embedded.nodes", "3");
        DB db = new DynaCartClient();
        db.setProperties(p);
        return db;
    }
}
