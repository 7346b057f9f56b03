package io.dynacart.web.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsrfTest {

    @Test
    void aTokenIsStablePerSessionAndDiffersAcrossSessionsAndKeys() {
        Csrf csrf = new Csrf("0123456789abcdef0123".getBytes());
        assertThat(csrf.token("session-a")).isEqualTo(csrf.token("session-a"))
                .isNotEqualTo(csrf.token("session-b"))
                .isNotEqualTo(new Csrf("another key of 16+ bytes".getBytes()).token("session-a"))
                .matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> new Csrf(new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyWellFormedSessionIdsAreKept() {
        assertThat(Sessions.valid("D8tqBUNO4e5Z8v7OikdW-AEG")).isTrue();
        assertThat(Sessions.valid("short")).isFalse();
        assertThat(Sessions.valid("D8tqBUNO4e5Z8v7OikdW<AEG")).isFalse();
    }
}
