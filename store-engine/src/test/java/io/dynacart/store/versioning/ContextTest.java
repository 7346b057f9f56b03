package io.dynacart.store.versioning;

import static io.dynacart.store.versioning.Clocks.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContextTest {

    private static final Context SAMPLE = new Context(VectorClock.of(
            entry("n1", 3, 1_763_000_000_000L), entry("n2", 1, 1_763_000_000_123L), entry("n3", 300, 0)));

    @Test
    void roundTripsThroughBytesAndBase64Url() {
        assertThat(Context.fromBytes(SAMPLE.toBytes())).isEqualTo(SAMPLE);
        assertThat(Context.fromBase64Url(SAMPLE.toBase64Url())).isEqualTo(SAMPLE);
        assertThat(Context.fromBase64Url(Context.EMPTY.toBase64Url())).isEqualTo(Context.EMPTY);
    }

    @Test
    void isCompactAndUrlSafe() {
        assertThat(SAMPLE.toBytes()).as("three entries with real timestamps").hasSizeLessThan(40);
        assertThat(SAMPLE.toBase64Url()).matches("[A-Za-z0-9_-]+");
        assertThat(Context.EMPTY.toBytes()).containsExactly(1, 0);
    }

    @Test
    void paddedBase64IsAccepted() {
        String unpadded = Context.EMPTY.toBase64Url();
        assertThat(Context.fromBase64Url(unpadded + "=")).isEqualTo(Context.EMPTY);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "''                          | context is empty",
        "02 00                       | format 2 is not known",
        "01                          | ends before its entry count",
        "01 21                       | claims 33 entries; at most 32",
        "01 01                       | entry 0 ends before its node id length",
        "01 01 00                    | entry 0 has a node id of 0 bytes",
        "01 01 41                    | entry 0 has a node id of 65 bytes",
        "01 01 03 6e 31              | entry 0 ends inside its node id",
        "01 01 02 6e 20 01 00        | contains the character ' '",
        "01 01 02 6e ff 01 00        | contains the character U+00FF",
        "01 01 02 6e 31              | entry 0 ends before its counter",
        "01 01 02 6e 31 00 00        | has counter 0",
        "01 01 02 6e 31 80 00 00     | entry 0 counter is not in its shortest form",
        "01 01 02 6e 31 01 ff ff ff ff ff ff ff ff ff 7f | entry 0 timestamp overflows 64 bits",
        "01 01 02 6e 31 01 ff ff ff ff ff ff ff ff ff 01 | entry of n1 has timestamp 18446744073709551615 ms, after the end of the year 9999",
        "01 01 02 6e 31 01 80 b8 ff 90 fd ce 39 | entry of n1 has timestamp 253402300800000 ms, after the end of the year 9999",
        "01 01 02 6e 31 ff ff ff ff ff ff ff ff 7f 00 | entry of n1 has counter 9223372036854775807, above the limit of 2^62",
        "01 01 02 6e 31 81 80 80 80 80 80 80 80 40 00 | entry of n1 has counter 4611686018427387905, above the limit of 2^62",
        "01 01 02 6e 31 01 ff ff ff ff ff ff ff ff ff ff 01 | entry 0 timestamp overflows 64 bits",
        "01 02 02 6e 32 01 00 02 6e 31 01 00 | entry 1 (n1) is out of order or repeated",
        "01 02 02 6e 31 01 00 02 6e 31 01 00 | entry 1 (n1) is out of order or repeated",
        "01 00 00                    | 1 unexpected trailing bytes",
    })
    void malformedBytesAreRejectedWithTheProblemNamed(String hex, String problem) {
        byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));

        assertThatThrownBy(() -> Context.fromBytes(bytes))
                .isInstanceOf(MalformedContextException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void malformedTextIsRejectedWithTheProblemNamed() {
        assertThatThrownBy(() -> Context.fromBase64Url("")).isInstanceOf(MalformedContextException.class)
                .hasMessageContaining("omit it for a blind write");
        assertThatThrownBy(() -> Context.fromBase64Url("AQA*")).isInstanceOf(MalformedContextException.class)
                .hasMessageContaining("not base64url");
        assertThatThrownBy(() -> Context.fromBase64Url("AQA+")).as("standard base64 is not base64url")
                .isInstanceOf(MalformedContextException.class);
        assertThatThrownBy(() -> Context.fromBase64Url("A".repeat(Context.MAX_TEXT_LENGTH + 1)))
                .isInstanceOf(MalformedContextException.class).hasMessageContaining("characters long");
    }

    @Test
    void oversizedBytesAreRejectedBeforeParsing() {
        byte[] huge = new byte[Context.MAX_BYTES + 1];
        huge[0] = 1;
        assertThatThrownBy(() -> Context.fromBytes(huge)).isInstanceOf(MalformedContextException.class)
                .hasMessageContaining("at most " + Context.MAX_BYTES);
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(huge);
        assertThat(text.length()).isLessThanOrEqualTo(Context.MAX_TEXT_LENGTH);
        assertThatThrownBy(() -> Context.fromBase64Url(text)).isInstanceOf(MalformedContextException.class);
    }

    @Test
    void theLargestContextFitsTheBounds() {
        List<VectorClock.Entry> entries = new ArrayList<>();
        for (int i = 0; i < Context.MAX_ENTRIES; i++) {
            entries.add(entry(String.format("%064d", i), ClockLimits.MAX_COUNTER, ClockLimits.MAX_TIMESTAMP_MILLIS));
        }
        Context largest = new Context(new VectorClock(entries));

        assertThat(largest.toBytes().length).isLessThanOrEqualTo(Context.MAX_BYTES);
        assertThat(Context.fromBase64Url(largest.toBase64Url())).isEqualTo(largest);
    }

    @Test
    void aMergeOfTooManyClocksKeepsTheNewestEntries() {
        List<Versioned<String>> siblings = new ArrayList<>();
        for (int i = 0; i < Context.MAX_ENTRIES + 6; i++) {
            Dot dot = new Dot(Clocks.node("n" + i), 1, i);
            siblings.add(new Versioned<>(new DottedVersionVector(dot, VectorClock.EMPTY), "v" + i));
        }

        Context context = Context.of(siblings);

        assertThat(context.clock().size()).isEqualTo(Context.MAX_ENTRIES);
        assertThat(context.covers(siblings.get(0))).as("the oldest go: at worst a spurious sibling, never a lost one")
                .isFalse();
        assertThat(context.covers(siblings.get(siblings.size() - 1))).isTrue();
    }
}
