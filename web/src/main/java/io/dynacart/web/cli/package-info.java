/**
 * The {@code dynacart} launcher's main (picocli): one subcommand per job; {@code ops/dynacart}
 * builds the jar and runs it. Lives in the web module until the launcher gets its own.
 */
package io.dynacart.web.cli;
