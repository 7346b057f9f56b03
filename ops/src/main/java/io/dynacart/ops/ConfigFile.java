package io.dynacart.ops;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;

/**
 * A command's config file: Java properties whose keys are its long option names without the dashes
 * ({@code id=n1}, {@code listen=0.0.0.0:7201}, {@code seeds=n1@10.0.0.1:7201,n2@10.0.0.2:7201}).
 * Values in the file are defaults: an option on the command line overrides it. An unknown key is an
 * error, so that a typo is not silently ignored.
 */
final class ConfigFile implements CommandLine.IDefaultValueProvider {

    static final String OPTION = "--config";

    private final Path file;
    private final Properties values;

    private ConfigFile(Path file, Properties values) {
        this.file = file;
        this.values = values;
    }

    /** If {@code args} name a config file, makes {@code command} take its defaults from it. */
    static void install(CommandLine command, String[] args) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(OPTION) && i + 1 < args.length) {
                file = Path.of(args[i + 1]);
            } else if (args[i].startsWith(OPTION + "=")) {
                file = Path.of(args[i].substring(OPTION.length() + 1));
            }
        }
        if (file != null) {
            command.setDefaultValueProvider(load(file, command.getCommandSpec()));
        }
    }

    static ConfigFile load(Path file, CommandLine.Model.CommandSpec spec) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new OpsException("cannot read config file " + file + " (" + e + "); check the path given to " + OPTION);
        }
        Set<String> known = new TreeSet<>();
        for (CommandLine.Model.OptionSpec o : spec.options()) {
            known.add(key(o));
        }
        known.remove("config");
        for (String k : p.stringPropertyNames()) {
            if (!known.contains(k)) {
                throw new OpsException("unknown key '" + k + "' in config file " + file + "; the keys are " + known);
            }
        }
        return new ConfigFile(file, p);
    }

    private static String key(CommandLine.Model.OptionSpec o) {
        return o.longestName().replaceFirst("^-+", "");
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec arg) {
        if (arg instanceof CommandLine.Model.OptionSpec o) {
            String v = values.getProperty(key(o));
            return v == null ? null : v.strip();
        }
        return null;
    }

    Path file() {
        return file;
    }
}
