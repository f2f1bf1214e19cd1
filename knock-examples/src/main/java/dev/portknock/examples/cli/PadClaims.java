package dev.portknock.examples.cli;

import dev.portknock.examples.config.ConfigException;
import dev.portknock.examples.config.PadDoorConfig;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadClaim;
import dev.portknock.pad.PadId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One pad, one door: the pads a configuration's doors serve, each claimed on the host
 * ({@link PadClaim}) for as long as the servers run. A pad served by two doors, of this
 * configuration or of another server on the host, would be served under two states and accept
 * every knock twice; the second door is refused, naming the first. Closing releases the claims.
 */
final class PadClaims implements AutoCloseable {
    private static final String WHY = "; one pad under two states would accept every knock twice";

    private final Path lockDirectory;
    private final Map<PadId, PadDoorConfig> served = new HashMap<>();
    private final List<PadClaim> claims = new ArrayList<>();

    /** Claims in {@code lockDirectory}. */
    PadClaims(Path lockDirectory) {
        this.lockDirectory = lockDirectory;
    }

    /**
     * Claims the door's pad.
     *
     * @throws ConfigException at the door when another door of the configuration or another
     *     server on the host serves the pad, or the lock directory cannot be used
     */
    void claim(PadDoorConfig door, Pad pad) throws ConfigException {
        PadDoorConfig first = served.get(pad.id());
        if (first != null) {
            throw new ConfigException(door.location(), "door " + door.name() + ": pad " + pad.id()
                    + " is also served by door " + first.name() + " at " + first.location() + WHY);
        }
        try {
            claims.add(PadClaim.acquire(lockDirectory, pad.id(), "door " + door.name() + " at " + door.location()));
        } catch (IOException e) {
            throw new ConfigException(door.location(), "door " + door.name() + ": " + KnockCli.describe(e));
        }
        served.put(pad.id(), door);
    }

    @Override
    public void close() {
        for (PadClaim claim : claims) {
            try {
                claim.close();
            } catch (IOException e) {
                // the claim ends with the process anyway; nothing to do but go on releasing the others
                continue;
            }
        }
        claims.clear();
        served.clear();
    }
}
