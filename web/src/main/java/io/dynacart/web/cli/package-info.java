/**
 * The {@code demo} subcommand (picocli) of the {@code dynacart} launcher, whose main lives in the
 * {@code ops} module ({@code io.dynacart.ops.Dynacart}); {@code ops/dynacart} builds the jar and runs it.
 */
package io.dynacart.web.cli;
