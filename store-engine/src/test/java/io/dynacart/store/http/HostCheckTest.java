package io.dynacart.store.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HostCheckTest {

    private final HostCheck loopback = HostCheck.forBinding("127.0.0.1");

    @ParameterizedTest
    @ValueSource(strings = {"localhost:7101", "LOCALHOST:7101", "127.0.0.1:7101", "[::1]:7101", "[0:0:0:0:0:0:0:1]:7101",
            " localhost:7101 "})
    void theLoopbackNamesWithTheServersPortAreAccepted(String host) {
        assertThat(loopback.problem(host, 7101)).as("Host: %s", host).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example:7101", "localhost:7102", "localhost", "127.0.0.1", "[::1]", "localhost:",
            "localhost:abc", "localhost:7101:7101", "localhost.:7101", "127.0.0.1.evil.example:7101", "127.0.0.2:7101",
            "999.0.0.1:7101", "[::1%lo]:7101", "::1:7101", "[::1:7101", "user@localhost:7101", "localhost:+7101",
            "localhost:07101x", "[]:7101", "[evil.example]:7101", "10.0.0.1:7101", ""})
    void anyOtherHostIsRefused(String host) {
        assertThat(loopback.problem(host, 7101)).as("Host: %s", host).isPresent();
    }

    @Test
    void aMissingHostIsRefusedAndAMissingPortMeansPort80() {
        assertThat(loopback.problem(null, 7101)).contains("the request has no Host header");
        assertThat(loopback.problem("localhost", 80)).isEmpty();
        assertThat(loopback.problem("localhost:80", 80)).isEmpty();
    }

    @Test
    void theRefusalNamesTheHostAndWhatIsAccepted() {
        assertThat(loopback.problem("evil.example:7070", 7070)).get().asString()
                .contains("Host \"evil.example:7070\" is not this server's own")
                .contains("localhost:7070, 127.0.0.1:7070 or [::1]:7070")
                .contains("DNS rebinding");
        assertThat(loopback.problem("x".repeat(500), 7070)).get().asString().hasSizeLessThan(300);
    }

    @ParameterizedTest
    @CsvSource({"10.1.2.3, 10.1.2.3:7070, true", "10.1.2.3, localhost:7070, true", "10.1.2.3, 10.1.2.4:7070, false",
            "10.1.2.3, host.example:7070, false", "::1, [::1]:7070, true", "::1, localhost:7070, true",
            "[::1], 127.0.0.1:7070, true", "localhost, localhost:7070, true", "127.0.0.5, 127.0.0.5:7070, true",
            "fd00::5, [fd00:0:0:0:0:0:0:5]:7070, true", "fd00::5, [fd00::6]:7070, false"})
    void aServerBoundElsewhereAlsoAnswersToItsBoundAddress(String bind, String host, boolean accepted) {
        assertThat(HostCheck.forBinding(bind).problem(host, 7070).isEmpty()).as("bound to %s, Host: %s", bind, host)
                .isEqualTo(accepted);
    }

    @Test
    void theBoundAddressAppearsInTheMessage() {
        assertThat(HostCheck.forBinding("10.1.2.3").expected(7070)).endsWith("or 10.1.2.3:7070");
        assertThat(HostCheck.forBinding("0.0.0.0").expected(7070)).contains("an IP address of this machine");
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "localhost, true", "::1, true", "[::1], true", "127.1.2.3, true", "0.0.0.0, false",
            "10.0.0.1, false", "::, false", "dynacart.example, false", "localhost.example, false"})
    void loopbackIsToldWithoutDns(String bind, boolean loopbackBinding) {
        assertThat(HostCheck.isLoopback(bind)).isEqualTo(loopbackBinding);
    }

    @Test
    void aBindingByNameCannotBeChecked() {
        assertThatThrownBy(() -> HostCheck.forBinding("dynacart.example")).hasMessageContaining("not an IP address");
    }
}
