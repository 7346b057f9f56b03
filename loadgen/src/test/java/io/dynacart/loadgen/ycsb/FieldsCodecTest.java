package io.dynacart.loadgen.ycsb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldsCodecTest {

    @Test
    void fieldsRoundTripInOrderAndGarbageIsRefused() {
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put("field0", "x".repeat(100).getBytes(StandardCharsets.UTF_8));
        f.put("ünïcode", new byte[0]);
        Map<String, byte[]> back = FieldsCodec.decode(FieldsCodec.encode(f));
        assertThat(back.keySet()).containsExactly("field0", "ünïcode");
        assertThat(back.get("field0")).isEqualTo(f.get("field0"));
        assertThat(FieldsCodec.encode(f)).hasSize(2 + 6 + 4 + 100 + 2 + "ünïcode".getBytes(StandardCharsets.UTF_8).length + 4);
        assertThatThrownBy(() -> FieldsCodec.decode(new byte[] {0, 5, 'a'})).hasMessageContaining("not a YCSB record");
    }
}
