package io.dynacart.web.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.web.shop.Visits.Visit;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VisitsTest {

    @Test
    void aSessionRecordReadsBackAsWritten() {
        Visit v = new Visit(7, 1_733_400_000_000L, "/ns/x y/with spaces");
        assertThat(Visits.decode(Visits.encode(v))).hasValue(v);
    }

    @Test
    void aRecordThatDoesNotReadAsOneCountsAsANewSession() {
        for (String foreign : new String[] {"", "v1", "v2 1 2 /shop", "v1 x 2 /shop", "v1 0 2 /shop", "{\"pages\":3}"}) {
            assertThat(Visits.decode(foreign.getBytes(StandardCharsets.UTF_8))).as(foreign).isEmpty();
        }
    }
}
