package io.dynacart.ops;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Port ranges for node processes whose ports are fixed before they start: base..base+n,
 * base+100.. and base+200.. free now. Below 32768, where Linux's ephemeral range starts: a port in that range that
 * is free now can be given to any outgoing connection on the machine before the node binds it
 * (MultiProcessIT once failed with "Address already in use" on 51900 while other builds ran).
 */
final class FreePorts {

    private FreePorts() {
    }

    static int base(int nodes) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 20_000 + 300 * ThreadLocalRandom.current().nextInt(40); // 20000..31999
            if (free(base, nodes) && free(base + 100, nodes) && free(base + 200, nodes)) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range found");
    }

    private static boolean free(int from, int count) {
        for (int p = from; p < from + count; p++) {
            try (ServerSocket s = new ServerSocket(p)) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
