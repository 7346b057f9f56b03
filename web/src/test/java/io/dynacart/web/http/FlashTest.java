package io.dynacart.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlashTest {

    @Test
    void aNoticeIsShownOnceAndOnlyToItsOwnSession() {
        Flash flash = new Flash();
        flash.add("a", "Node n3 stopped.", false, 1_000);
        flash.add("a", "Node n3 stopped.", false, 1_001);
        flash.add("a", "Zone b is cut off.", true, 1_002);
        assertThat(flash.take("b", 1_010).text()).isEmpty();
        assertThat(flash.take("a", 1_010)).isEqualTo(new Flash.Notice("Node n3 stopped. Zone b is cut off.", true));
        assertThat(flash.take("a", 1_020).text()).as("shown once").isEmpty();
    }

    @Test
    void aNoticeNobodyCameForIsForgotten() {
        Flash flash = new Flash();
        flash.add("a", "Healed.", false, 0);
        assertThat(flash.take("a", Flash.MAX_AGE_MILLIS + 1).text()).isEmpty();
        for (int i = 0; i <= Flash.MAX_SESSIONS; i++) {
            flash.add("s" + i, "Healed.", false, 0);
        }
        assertThat(flash.take("s0", 1).text()).as("the oldest session's notice made room").isEmpty();
        assertThat(flash.take("s" + Flash.MAX_SESSIONS, 1)).isEqualTo(new Flash.Notice("Healed.", false));
    }
}
