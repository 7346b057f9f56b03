package io.dynacart.store.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.membership.MembershipView;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file a node keeps its membership view in, on disk: what is saved loads back, a file that is
 * not whole is an error naming it, and a save that fails leaves the old file.
 */
class ViewFileIT {

    @TempDir
    Path dir;

    private static MembershipView sample() {
        return ViewFileTest.sample();
    }

    @Test
    void aSavedViewLoadsBackAndNoFileIsNoView() {
        ViewFile file = new ViewFile(dir);
        assertThat(file.load()).isEmpty();
        file.save(sample());
        assertThat(ViewFile.read(dir)).hasValue(sample());
        MembershipView next = sample().markDone(sample().requiredTransfers().first());
        file.save(next);
        assertThat(file.load()).hasValue(next);
        assertThat(dir.resolve(ViewFile.NAME + ".tmp")).doesNotExist();
    }

    @Test
    void aDamagedFileIsAnErrorNamingItAndSayingWhatToDo() throws Exception {
        byte[] good = ViewFile.encode(sample());
        List<byte[]> damaged = List.of(
                new byte[0],
                Arrays.copyOf(good, 10),
                Arrays.copyOf(good, good.length - 1),
                Arrays.copyOf(good, good.length + 1),
                "not a view at all, just some text".getBytes(),
                flipped(good, good.length - 3),
                flipped(good, 9));
        for (byte[] bytes : damaged) {
            Files.write(dir.resolve(ViewFile.NAME), bytes);
            assertThatThrownBy(() -> new ViewFile(dir).load()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(dir.resolve(ViewFile.NAME).toString())
                    .hasMessageContaining("is not a membership view this node can read")
                    .hasMessageContaining("Move it aside");
        }
    }

    @Test
    void aSaveThatFailsLeavesTheOldViewWhole() throws Exception {
        ViewFile file = new ViewFile(dir);
        file.save(sample());
        Files.createDirectory(dir.resolve(ViewFile.NAME + ".tmp")); // the temporary file cannot be written
        MembershipView next = sample().markDone(sample().requiredTransfers().first());
        assertThatThrownBy(() -> file.save(next)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot save the membership view to " + dir.resolve(ViewFile.NAME));
        assertThat(file.load()).hasValue(sample());
    }

    private static byte[] flipped(byte[] bytes, int at) {
        byte[] out = bytes.clone();
        out[at] ^= 0x10;
        return out;
    }
}
