package io.dynacart.store.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.Namespace;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The key-encoding rule of {@link KeyPath}, as a table. */
class KeyPathTest {

    @ParameterizedTest(name = "{0} names the key [{1}]")
    @CsvSource(delimiter = '|', value = {
        "/kv/abc                 | abc",
        "/kv/a%20b               | a b",
        "/kv/a+b                 | a+b",
        "/kv/a%2Bb               | a+b",
        "/kv/a/b                 | a/b",
        "/kv/a%2Fb               | a/b",
        "/kv/a%2fb               | a/b",
        "/kv/a/                  | a/",
        "/kv//a                  | /a",
        "/kv/%2E%2E              | ..",
        "/kv/100%25              | 100%",
        "/kv/%E2%82%AC%F0%9F%99%82 | €🙂",
        "/kv/caf%C3%A9?          | café?",
    })
    void decodesThePathAfterKvAsPercentEncodedUtf8(String path, String key) {
        String rawPath = path.endsWith("?") ? path.substring(0, path.length() - 1) : path;
        String expected = path.endsWith("?") ? key.substring(0, key.length() - 1) : key;
        assertThat(KeyPath.decode(rawPath)).as("key of %s", rawPath).isEqualTo(Key.of(expected));
    }

    @ParameterizedTest(name = "{0} is rejected")
    @ValueSource(strings = {"/kv/", "/kv", "/kv/a%zz", "/kv/a%", "/kv/a%4", "/kv/%C3", "/kv/%FF", "/kv/%\uFF11\uFF12"})
    void rejectsEmptyMalformedAndNonUtf8Keys(String rawPath) {
        assertThatThrownBy(() -> KeyPath.decode(rawPath))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("key");
    }

    @org.junit.jupiter.api.Test
    void limitsTheKeyTo1024BytesAfterDecoding() {
        assertThat(KeyPath.decode("/kv/" + "a".repeat(1024)).length()).isEqualTo(1024);
        assertThatThrownBy(() -> KeyPath.decode("/kv/" + "a".repeat(1025))).hasMessageContaining("1025 bytes");
        String euros = "%E2%82%AC".repeat(342); // 342 characters, 1026 bytes
        assertThatThrownBy(() -> KeyPath.decode("/kv/" + euros))
                .as("the limit counts decoded bytes, not characters").hasMessageContaining("1026 bytes");
        assertThat(KeyPath.decode("/kv/" + "%E2%82%AC".repeat(341) + "a").toByteArray())
                .hasSize(1024).startsWith("€".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPathUnderARouteNamesAKeyOfTheDefaultNamespaceOrOfANamedOne() {
        assertThat(KeyPath.decodeUnder("/placement", "/placement/kv/a%2Fb")).isEqualTo(Key.of("a/b"));
        assertThat(KeyPath.decodeUnder("/replica", "/replica/ns/cart/kv/42"))
                .isEqualTo(Key.of(Namespace.of("cart"), "42"));
        assertThat(KeyPath.decodeUnder("/admin/repair", "/admin/repair/ns/default/kv/x")).isEqualTo(Key.of("x"));
        assertThatThrownBy(() -> KeyPath.decodeUnder("/placement", "/placement/kv/"))
                .hasMessageContaining("key is empty");
        assertThatThrownBy(() -> KeyPath.decodeUnder("/placement", "/placement/kv"))
                .hasMessageContaining("key is empty");
        assertThatThrownBy(() -> KeyPath.decodeUnder("/placement", "/placement/cart/42"))
                .hasMessageContaining("name a key: /placement/kv/{key} or /placement/ns/{namespace}/kv/{key}");
        assertThatThrownBy(() -> KeyPath.decodeUnder("/replica", "/replica/ns/bad%20name/kv/x"))
                .hasMessageContaining("namespace");
        assertThatThrownBy(() -> KeyPath.decodeUnder("/replica", "/replica/ns/cart/42"))
                .hasMessageContaining("/ns/{namespace}/kv/{key}");
    }
}
