package io.dynacart.loadgen;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The command line's amounts: durations ({@code 500ms}, {@code 20s}, {@code 2m}) and milliseconds. */
final class Units {

    private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(ms|s|m|h)?");

    private Units() {
    }

    /** A duration; a bare number is seconds. */
    static Duration duration(String text) {
        double ms = millis(text, 1000);
        return Duration.ofNanos(Math.round(ms * 1_000_000));
    }

    /** Milliseconds; a bare number is milliseconds. */
    static double millis(String text) {
        return millis(text, 1);
    }

    private static double millis(String text, double bareUnitMillis) {
        Matcher m = AMOUNT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an amount of time like 500ms, 20s or 2m");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        if (unit == null) {
            return v * bareUnitMillis;
        }
        return switch (unit) {
            case "ms" -> v;
            case "s" -> v * 1_000;
            case "m" -> v * 60_000;
            default -> v * 3_600_000;
        };
    }
}
