package io.dynacart.store.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.api.Value;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class RequestBodyTest {

    @Test
    void readsABodyOfExactlyTheLimit() {
        assertThat(RequestBody.read(new ByteArrayInputStream(new byte[Value.MAX_BYTES]))).hasSize(Value.MAX_BYTES);
    }

    @Test
    void refusesADeclaredLengthOverTheLimitWithoutReading() {
        RequestBody.rejectDeclared(-1);
        RequestBody.rejectDeclared(Value.MAX_BYTES);
        assertThatThrownBy(() -> RequestBody.rejectDeclared(Value.MAX_BYTES + 1L))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(413))
                .hasMessageContaining("1048577 bytes").hasMessageContaining("nothing was written");
    }

    @Test
    void refusesAtTheFirstByteOverTheLimitAndReadsANeverEndingBodyOnlyUpToTheDrainLimit() {
        CountingStream endless = new CountingStream();
        assertThatThrownBy(() -> RequestBody.read(endless))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThat(endless.served).as("bytes read (the excess discarded) from a body that never ends")
                .isEqualTo(RequestBody.DRAIN_LIMIT);
    }

    @Test
    void aBrokenBodyIsABadRequest() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("early EOF");
            }
        };
        assertThatThrownBy(() -> RequestBody.read(broken))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    /** A body that never ends, counting what was read from it. */
    private static final class CountingStream extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            served += len;
            return len;
        }
    }
}
