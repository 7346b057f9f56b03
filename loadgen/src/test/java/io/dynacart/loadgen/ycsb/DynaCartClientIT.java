package io.dynacart.loadgen.ycsb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

/** The binding through YCSB's own DB API, against an embedded 3-node cluster. */
class DynaCartClientIT {

    @Test
    @Timeout(60)
    void insertReadUpdateDeleteThroughTheYcsbApi() throws Exception {
        Properties p = new Properties();
        p.setProperty("dynacart.embedded.nodes", "3");
        DB db = new DynaCartClient();
        db.setProperties(p);
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
}
