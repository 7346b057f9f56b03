/**
 * The {@code dynacart} launcher: one runnable jar whose picocli subcommands run a node process
 * ({@code node}), several on this machine ({@code cluster start|stop|status}) and talk to any node
 * over its HTTP API ({@code admin}). Nodes as separate processes on separate hosts: nothing here
 * assumes one machine. Depends on {@code store-engine} (and, once merged, the web and load
 * generator modules); nothing depends on it.
 */
package io.dynacart.ops;
