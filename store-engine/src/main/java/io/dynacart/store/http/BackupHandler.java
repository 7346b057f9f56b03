package io.dynacart.store.http;

import io.dynacart.store.storage.BackupSnapshot;
import io.dynacart.store.storage.DiskFullException;
import io.dynacart.store.storage.StorageException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code POST /admin/backup} (admin token): takes a consistent snapshot of the node's data while
 * writes go on, and streams it back: 200, the SQLite file as the body ({@value #CONTENT_TYPE},
 * {@code Content-Length}), its manifest as JSON in {@value #MANIFEST_HEADER} (node, incarnation, ring
 * version, log position, time, keys, hints, bytes, SHA-256). The caller checks the bytes against the
 * manifest. 409 while another backup of this node is under way, 507 when its disk has no room for
 * the copy, 503 when its storage cannot make one.
 *
 * <p>What must hold: the snapshot file on the node's disk is deleted once sent or abandoned (the
 * stream's close does it), and the node's backup slot is freed with it.
 */
final class BackupHandler {

    static final String MANIFEST_HEADER = "X-Backup-Manifest";
    static final String CONTENT_TYPE = "application/vnd.sqlite3";

    private final AdminActions actions;
    private final AdminHandlers admin;
    private final JsonWriter json;

    BackupHandler(AdminActions actions, AdminHandlers admin, JsonWriter json) {
        this.actions = actions;
        this.admin = admin;
        this.json = json;
    }

    void backup(Context ctx) {
        admin.authorize(ctx);
        ctx.future(() -> mapped(actions.backup()).thenAccept(snapshot -> send(ctx, snapshot)));
    }

    private void send(Context ctx, BackupSnapshot snapshot) {
        try {
            ctx.disableCompression(); // the body is the snapshot's bytes, as long as its manifest says
            ctx.status(200).contentType(CONTENT_TYPE)
                    .header(MANIFEST_HEADER, new String(json.bytes(snapshot.manifest()), StandardCharsets.UTF_8))
                    .header("Content-Length", Long.toString(snapshot.manifest().bytes()))
                    .result(snapshot.open());
        } catch (IOException e) {
            snapshot.close();
            throw new UncheckedIOException("cannot read the snapshot " + snapshot.file(), e);
        } catch (RuntimeException e) {
            snapshot.close();
            throw e;
        }
    }

    private static <T> CompletableFuture<T> mapped(CompletableFuture<T> backup) {
        return backup.handle((value, failure) -> {
            if (failure == null) {
                return value;
            }
            Throwable c = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (c instanceof IllegalStateException) {
                throw ApiException.conflict(c.getMessage());
            }
            if (c instanceof DiskFullException) {
                throw ApiException.insufficientStorage(c.getMessage());
            }
            if (c instanceof StorageException) {
                throw ApiException.unavailable("this node cannot take a backup now: " + c.getMessage(), null);
            }
            throw new CompletionException(c);
        });
    }
}
