package io.dynacart.ops;

import io.dynacart.store.cluster.ClusterSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Secrets come from a file or the environment, never from the command line (where {@code ps} and
 * shell history would show them). Files are written with mode 600.
 */
final class Secrets {

    static final String SECRET_ENV = "DYNACART_SECRET";
    static final String TOKEN_ENV = "DYNACART_ADMIN_TOKEN";
    static final String CLIENT_TOKEN_ENV = "DYNACART_CLIENT_TOKEN";

    private Secrets() {
    }

    /**
     * The value of {@code file} if given, else of {@code env}; fails naming both ways to give it.
     *
     * @param what   e.g. "cluster secret"
     * @param option e.g. "--secret-file"
     */
    static String read(Path file, String env, Map<String, String> environment, String what, String option) {
        String value;
        if (file != null) {
            try {
                value = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new OpsException("cannot read the " + what + " from " + file + " (" + e.getMessage()
                        + "); give a readable file with " + option);
            }
        } else {
            value = environment.get(env);
            if (value == null || value.isBlank()) {
                throw new OpsException("no " + what + ": give " + option + " FILE or set " + env);
            }
            value = value.strip();
        }
        if (value.isEmpty()) {
            throw new OpsException("the " + what + " in " + file + " is empty; put the " + what + " in it");
        }
        return value;
    }

    /** As {@link #read}, but "" when neither {@code file} nor {@code env} gives one: an optional secret. */
    static String readOptional(Path file, String env, Map<String, String> environment, String what, String option) {
        if (file == null && (environment.get(env) == null || environment.get(env).isBlank())) {
            return "";
        }
        return read(file, env, environment, what, option);
    }

    /** A fresh random secret, URL-safe base64 of 32 bytes from {@code SecureRandom}. */
    static String generate() {
        return ClusterSecrets.randomToken();
    }

    /** Writes {@code value} to {@code file}, readable by its owner only (600) from the moment it exists. */
    static void writePrivate(Path file, String value) throws IOException {
        ClusterSecrets.writePrivate(file, (value + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
