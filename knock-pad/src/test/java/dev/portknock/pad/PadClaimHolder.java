package dev.portknock.pad;

import java.io.IOException;
import java.nio.file.Path;

/** A process that claims a pad, says so on standard output, and holds it until its input closes. */
final class PadClaimHolder {
    private PadClaimHolder() {
    }

    public static void main(String[] args) throws IOException {
        try (PadClaim claim = PadClaim.acquire(Path.of(args[0]), TestPads.idOf(args[1]), args[2])) {
            System.out.println("claimed " + claim.file());
            System.out.flush();
            while (System.in.read() >= 0) {
                continue;
            }
        }
    }
}
