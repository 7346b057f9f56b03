package io.dynacart.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every command's and subcommand's {@code --help}, found by walking picocli's command tree (so a new
 * command is checked without being listed here): it exits 0 with nothing on stderr (picocli warns
 * there about a description it cannot format), every command's summary in its parent's list is a
 * whole sentence, and no path, URL, address or quoted command in a description is broken across lines.
 */
class HelpTextTest {

    /** A path, URL or address (a run of non-spaces holding a slash, or a host:port), or a command in backticks. */
    private static final Pattern PATHLIKE = Pattern.compile("`[^`]+`|[^\\s`'\"(]*(?:/|[A-Za-z0-9]:\\d)[^\\s`'\"]*");

    private record Help(List<String> args, int exit, String out, String err) {
    }

    private static Help help(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream traces = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(traces, true, StandardCharsets.UTF_8)); // picocli's own warnings go there
        int exit;
        try {
            exit = Dynacart.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        } finally {
            System.setErr(stderr);
        }
        return new Help(args, exit, out.toString(), err + traces.toString(StandardCharsets.UTF_8));
    }

    /** Every command of the launcher, as the words that name it (the root is the empty list). */
    private static Map<CommandLine, List<String>> commands() {
        Map<CommandLine, List<String>> found = new IdentityHashMap<>();
        walk(Dynacart.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())), List.of(),
                found);
        return found;
    }

    private static void walk(CommandLine c, List<String> path, Map<CommandLine, List<String>> found) {
        if (found.containsKey(c)) {
            return;
        }
        found.put(c, path);
        c.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name)) { // not an alias
                List<String> next = new ArrayList<>(path);
                next.add(name);
                walk(sub, next, found);
            }
        });
    }

    @Test
    void everyCommandsHelpExitsZeroWithoutAWarning() {
        Map<CommandLine, List<String>> commands = commands();
        assertThat(commands.values()).as("the walk finds the nested commands too")
                .contains(List.of("loadgen"), List.of("cluster", "backup"), List.of("admin", "namespace"), List.of("help"));
        for (List<String> command : commands.values()) {
            Help h = help(command);
            assertThat(h.exit()).as("%s", h.args()).isZero();
            assertThat(h.err()).as("stderr of %s", h.args()).isEmpty();
            assertThat(h.out()).as("%s", h.args()).contains("Usage: dynacart");
        }
    }

    @Test
    void everyCommandSummaryInItsParentsListIsAWholeSentence() {
        for (Map.Entry<CommandLine, List<String>> e : commands().entrySet()) {
            CommandLine parent = e.getKey();
            if (parent.getSubcommands().isEmpty()) {
                continue;
            }
            Map<String, String> listed = commandList(help(e.getValue()).out());
            for (CommandLine sub : new LinkedHashSet<>(parent.getSubcommands().values())) {
                String name = sub.getCommandName();
                String summary = listed.get(name);
                assertThat(summary).as("%s lists %s", e.getValue(), name).isNotNull();
                assertThat(summary).as("%s's line in the list of %s", name, e.getValue())
                        .isEqualTo(summaryOf(sub.getCommandSpec())).endsWith(".");
            }
        }
    }

    @Test
    void everyParagraphOfEveryDescriptionEndsItsSentence() {
        for (Map.Entry<CommandLine, List<String>> e : commands().entrySet()) {
            for (String paragraph : e.getKey().getCommandSpec().usageMessage().description()) {
                assertThat(paragraph.replace("%n", "").strip()).as("a paragraph of %s's description", e.getValue())
                        .endsWith(".");
            }
        }
    }

    @Test
    void noPathUrlOrAddressIsBrokenAcrossLines() {
        Map<CommandLine, List<String>> commands = commands();
        int checked = 0;
        for (Map.Entry<CommandLine, List<String>> e : commands.entrySet()) {
            CommandSpec spec = e.getKey().getCommandSpec();
            List<String> lines = Arrays.asList(help(e.getValue()).out().split("\\R"));
            List<String> texts = new ArrayList<>(Arrays.asList(spec.usageMessage().description()));
            for (ArgSpec arg : spec.args()) {
                if (!arg.hidden()) {
                    texts.addAll(Arrays.asList(arg.renderedDescription()));
                }
            }
            spec.subcommands().values().forEach(sub -> texts.add(summaryOf(sub.getCommandSpec())));
            for (String token : pathlike(texts)) {
                assertThat(lines).as("%s --help keeps %s on one line:%n%s", e.getValue(), token, String.join("\n", lines))
                        .anySatisfy(line -> assertThat(line).contains(token));
                checked++;
            }
        }
        assertThat(checked).as("paths, URLs and addresses checked").isGreaterThan(10);
        assertThat(help(List.of("demo")).out()).contains("~/.dynacart/demo");
        assertThat(help(List.of("loadgen")).out()).contains("http://127.0.0.1:7101,http://127.0.0.1:7102");
        assertThat(help(List.of("bench")).out()).contains("`dynacart bench cluster --direct`");
    }

    /** What a parent's command list shows of a command: its header's first line, or else its description's. */
    private static String summaryOf(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        return (header.length > 0 ? header : spec.usageMessage().description())[0].replace("%n", "").strip();
    }

    private static Set<String> pathlike(List<String> texts) {
        Set<String> out = new LinkedHashSet<>();
        for (String text : texts) {
            Matcher m = PATHLIKE.matcher(text);
            while (m.find()) {
                String token = m.group().startsWith("`") ? m.group() : m.group().replaceAll("[.,;:)]+$", "");
                if (token.length() > 1) {
                    out.add(token);
                }
            }
        }
        return out;
    }

    /** The "Commands:" list of a help text: each command's name and its summary, continuation lines joined. */
    private static Map<String, String> commandList(String help) {
        Map<String, String> entries = new LinkedHashMap<>();
        String[] lines = help.split("\\R");
        int i = Arrays.asList(lines).indexOf("Commands:");
        assertThat(i).as("a Commands: section in%n%s", help).isNotNegative();
        String current = null;
        Pattern entry = Pattern.compile("^  (\\S+)\\s+(.*)$");
        for (int j = i + 1; j < lines.length && lines[j].startsWith(" "); j++) {
            Matcher m = entry.matcher(lines[j]);
            if (m.matches()) {
                current = m.group(1);
                entries.put(current, m.group(2).strip());
            } else if (current != null) {
                entries.put(current, entries.get(current) + " " + lines[j].strip());
            }
        }
        return entries;
    }
}
