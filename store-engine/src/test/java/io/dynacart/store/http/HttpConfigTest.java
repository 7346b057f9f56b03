package io.dynacart.store.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpConfigTest {

    @Test
    void aNodeCannotStartWithoutAnAdminToken() {
        assertThatThrownBy(() -> HttpConfig.of("127.0.0.1", 0, " ")).hasMessageContaining("admin token");
        assertThatThrownBy(() -> HttpConfig.of("127.0.0.1", 0, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void portsAreZeroTo65535AndTheHostIsNotBlank() {
        assertThat(HttpConfig.of("0.0.0.0", 65_535, "t").port()).isEqualTo(65_535);
        assertThatThrownBy(() -> HttpConfig.of("127.0.0.1", -1, "t")).hasMessageContaining("port");
        assertThatThrownBy(() -> HttpConfig.of("127.0.0.1", 65_536, "t")).hasMessageContaining("port");
        assertThatThrownBy(() -> HttpConfig.of("", 0, "t")).hasMessageContaining("host");
    }

    @Test
    void printingAConfigNeverShowsTheToken() {
        assertThat(HttpConfig.of("127.0.0.1", 7101, "s3cret").toString()).doesNotContain("s3cret").contains("7101");
    }

    @Test
    void theAnswerTimeoutOutlastsAForwardedPut() {
        assertThat(HttpConfig.answerTimeoutFor(1000)).isEqualTo(Duration.ofMillis(2500));
        assertThat(HttpConfig.of("127.0.0.1", 0, "t").answerTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThatThrownBy(() -> HttpConfig.of("h", 0, "t").withAnswerTimeout(Duration.ZERO))
                .hasMessageContaining("answer timeout");
    }
}
