package io.dynacart.ops;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * picocli's help, wrapped at spaces only. picocli breaks lines where {@link java.text.BreakIterator}
 * allows, which includes after a dot or a colon: {@code ~/.dynacart/demo} became "~/." and
 * "dynacart/demo", {@code http://127.0.0.1:7101} lost its port to the next line. Here a line breaks
 * only between words, and not inside a command quoted in backticks, so a path, URL, address, option
 * or example command stays whole (one longer than the column is the one thing cut). Installed on the
 * whole command tree by {@link #install}.
 */
final class HelpText extends Help {

    private HelpText(CommandSpec spec, ColorScheme scheme) {
        super(spec, scheme);
    }

    /** Every command of {@code cli}'s tree renders its help through this class. */
    static void install(CommandLine cli) {
        cli.setHelpFactory(HelpText::new);
    }

    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme scheme) {
        Layout layout = super.createDefaultLayout(options, positionals, scheme);
        return new Layout(scheme, words(layout.textTable()), layout.optionRenderer(), layout.parameterRenderer());
    }

    @Override
    public TextTable createTextTable(Map<?, ?> map) {
        return words(super.createTextTable(map));
    }

    @Override
    public String description(Object... params) {
        return paragraphs(commandSpec().usageMessage().description(), params);
    }

    @Override
    public String header(Object... params) {
        return paragraphs(commandSpec().usageMessage().header(), params);
    }

    @Override
    public String footer(Object... params) {
        return paragraphs(commandSpec().usageMessage().footer(), params);
    }

    private TextTable words(TextTable table) {
        Words words = new Words(colorScheme(), table.columns());
        words.indentWrappedLines = table.indentWrappedLines;
        words.setAdjustLineBreaksForWideCJKCharacters(table.isAdjustLineBreaksForWideCJKCharacters());
        return words;
    }

    /** Each of {@code lines} a paragraph as wide as the usage, as picocli lays out a description. */
    private String paragraphs(String[] lines, Object... params) {
        if (lines == null || lines.length == 0) {
            return "";
        }
        TextTable table = new Words(colorScheme(), new Column(commandSpec().usageMessage().width(), 0, Column.Overflow.WRAP));
        table.indentWrappedLines = 0;
        for (String line : lines) {
            for (Text t : colorScheme().text(format(line, params)).splitLines()) {
                table.addRowValues(t);
            }
        }
        return table.toString();
    }

    /** As picocli formats a description: {@code %n} is a line break; text that is no format stays as it is. */
    private static String format(String line, Object... params) {
        try {
            return String.format(line, params);
        } catch (IllegalFormatException e) {
            return line;
        }
    }

    /** A text table whose wrapping columns break lines at spaces only. */
    private static final class Words extends TextTable {

        private final ColorScheme scheme;

        Words(ColorScheme scheme, Column... columns) {
            super(scheme, columns);
            this.scheme = scheme;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            if (value == null || column.overflow != Column.Overflow.WRAP) {
                return super.putValue(row, col, value);
            }
            List<int[]> lines = lines(value.plainString(), column.width - column.indent,
                    column.width - column.indent - indentWrappedLines);
            Cell cell = new Cell(col, row);
            String indent = " ".repeat(indentWrappedLines);
            for (int i = 0; i < lines.size(); i++) {
                Text piece = value.substring(lines.get(i)[0], lines.get(i)[1]);
                if (i > 0) {
                    addEmptyRow();
                    row = rowCount() - 1;
                    piece = scheme.text(indent).concat(piece);
                }
                cell = super.putValue(row, col, piece);
            }
            return cell;
        }

        /**
         * Where {@code text} breaks into lines of at most {@code first} characters, then {@code next}:
         * between words, a span in backticks counting as one word; a word longer than a line is cut.
         */
        static List<int[]> lines(String text, int first, int next) {
            List<int[]> out = new ArrayList<>();
            int start = skipSpaces(text, 0);
            while (start < text.length()) {
                int width = Math.max(1, out.isEmpty() ? first : next);
                int end = start;
                int scan = start;
                while (scan < text.length()) {
                    int wordEnd = wordEnd(text, scan);
                    if (wordEnd - start > width) {
                        break;
                    }
                    end = wordEnd;
                    scan = skipSpaces(text, wordEnd);
                }
                if (end == start) { // one word longer than the line: cut it
                    end = Math.min(text.length(), start + width);
                }
                out.add(new int[] {start, end});
                start = skipSpaces(text, end);
            }
            return out;
        }

        /** The end of the word at {@code from}: the next space outside backticks, or the end of the text. */
        private static int wordEnd(String text, int from) {
            boolean quoted = false;
            for (int i = 0; i < from; i++) {
                quoted ^= text.charAt(i) == '`';
            }
            for (int i = from; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '`') {
                    quoted = !quoted;
                } else if (c == ' ' && !quoted) {
                    return i;
                }
            }
            return text.length();
        }

        private static int skipSpaces(String text, int from) {
            int i = from;
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            return i;
        }
    }
}
