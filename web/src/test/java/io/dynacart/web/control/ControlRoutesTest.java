package io.dynacart.web.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.web.http.Csrf;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlRoutesTest {

    private final ControlRoutes routes = new ControlRoutes(null, new Csrf(new byte[32]));

    @Test
    void aPartitionBodyIsReadIntoGroups() {
        assertThat(routes.groups("{\"groups\":[[\"n1\",\"n2\"],[\"n3\",\"n4\",\"n5\"]]}"))
                .isEqualTo(List.of(List.of("n1", "n2"), List.of("n3", "n4", "n5")));
    }

    @Test
    void malformedOrMisshapenBodiesAreBadRequestsThatSaySo() {
        for (String body : new String[] {"", "{", "[]", "{\"groups\":3}", "{\"groups\":[\"n1\"]}",
            "{\"groups\":[[1,2]]}", "null"}) {
            assertThatThrownBy(() -> routes.groups(body)).as(body).isInstanceOfSatisfying(ControlException.class,
                    e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.getMessage()).containsAnyOf("malformed JSON", "groups");
                    });
        }
    }

    @Test
    void malformedJsonIsNamedInWordsWithWhereItBreaksNotInTheParsersTerms() {
        assertThatThrownBy(() -> routes.object("{\"groups\":[[\"n1\"]")).hasMessageStartingWith(
                "malformed JSON: the body ends before the JSON does (at line 1, column 18)");
        assertThatThrownBy(() -> routes.object("{\n  \"groups\": nope}")).hasMessageStartingWith(
                "malformed JSON: the body is not valid JSON (at line 2, column");
        for (String body : new String[] {"{", "xyz", "{\"a\":1,}", "{'a':1}", "[1 2]", "\"unterminated"}) {
            assertThatThrownBy(() -> routes.object(body)).as(body).isInstanceOfSatisfying(ControlException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.getMessage()).startsWith("malformed JSON: ").contains("line 1, column ")
                        .doesNotContain("Source").doesNotContain("StreamReadFeature").doesNotContain("token")
                        .doesNotContain("expecting").doesNotContain("marker").doesNotContain("code ");
            });
        }
        assertThat(routes.object("{}").isObject()).isTrue();
    }
}
