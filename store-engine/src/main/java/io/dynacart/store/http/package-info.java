/**
 * Each node's HTTP API (docs/HTTP-API.md): {@link io.dynacart.store.http.NodeHttpServer}
 * serves get/put/delete with contexts on {@code /kv/{key}}, plus {@code /health},
 * {@code /cluster} ({@link io.dynacart.store.http.ClusterStatus}), {@code /metrics} (Prometheus text
 * handed in by the runtime) and the admin calls ({@code /admin/join|leave|repair}, token-guarded;
 * {@code /admin/backup} streams the node's snapshot, {@code BackupHandler}), and the key explorer's
 * {@code /placement}, {@code /replica} and {@code /admin/repair/kv/...} ({@code KeyHandlers}),
 * over Javalin 7 and Jetty 12.
 * This is the paper's client-facing request path (section 4.1's get/put with a context) in HTTP
 * clothes; it decides nothing about replication, it only checks input, calls the node's
 * {@code KvStore} and waits, bounded, on an HTTP thread.
 *
 * <p>Rules kept here: the key is the percent-decoded UTF-8 of the raw path after {@code /kv/}
 * ({@code KeyPath}); a value is at most 1 MiB and is refused before anything is written
 * ({@code RequestBody}); a request holds its bytes in the node's budget of bytes in flight from
 * before its body is read until the store answered, and one that does not fit is a 503 with
 * {@code Retry-After} ({@code budget.Admission}); every error is {@code {"error": "..."}} JSON, never HTML
 * or a stack ({@code ErrorMapping}, {@code JettyJsonErrors}); a server bound to a loopback address
 * refuses (403) a request whose {@code Host} is not its own ({@link io.dynacart.store.http.HostCheck}),
 * against DNS rebinding.
 *
 * <p>Logging: the package logs unexpected failures at ERROR under {@code io.dynacart.store.http};
 * a server told {@code logsAs(node)} sets MDC {@code node} on its request and answer threads.
 * Jetty ({@code org.eclipse.jetty}) and Javalin ({@code io.javalin}) announce every start and stop
 * at INFO; a node's logback configuration should set both loggers to WARN.
 *
 * <p>Depends on {@code api}, {@code identity}, {@code versioning}, {@code storage} (for
 * {@code Value}'s size limit and its failures) and {@code budget}, plus Javalin, Jetty and Jackson;
 * nothing in the store depends on it.
 */
package io.dynacart.store.http;
