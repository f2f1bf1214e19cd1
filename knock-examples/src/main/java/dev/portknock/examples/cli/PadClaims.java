package dev.portknock.examples.cli;

import dev.portknock.examples.config.ConfigException;
import dev.portknock.examples.config.PadDoorConfig;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadClaim;
import dev.portknock.pad.PadId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
    private final Map<PadId, PadClaim> claims = new LinkedHashMap<>();
    /** Claims of the configuration this one replaces, taken over as they are when a door serves their pad again. */
    private final Map<PadId, PadClaim> inherited;
    /** The claims this generation acquired itself (not taken over). */
    private final List<PadClaim> acquired = new ArrayList<>();

    /** Claims in {@code lockDirectory}. */
    PadClaims(Path lockDirectory) {
        this(lockDirectory, Map.of());
    }

    private PadClaims(Path lockDirectory, Map<PadId, PadClaim> inherited) {
        this.lockDirectory = lockDirectory;
        this.inherited = new HashMap<>(inherited);
    }

    /**
     * The claims of a reloaded configuration: a pad this generation holds passes to the successor
     * without being released (so no other server can take it meanwhile); the successor acquires
     * only pads that are new. Once the reload succeeded, {@link #handOver} releases what the
     * successor did not take; when it failed, {@link #abandon} releases what the successor acquired.
     */
    PadClaims successor() {
        return new PadClaims(lockDirectory, claims);
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
        PadClaim claim = inherited.remove(pad.id());
        if (claim == null) {
            try {
                claim = PadClaim.acquire(lockDirectory, pad.id(), "door " + door.name() + " at " + door.location());
            } catch (IOException e) {
                throw new ConfigException(door.location(), "door " + door.name() + ": " + KnockCli.describe(e));
            }
            acquired.add(claim);
        }
        claims.put(pad.id(), claim);
        served.put(pad.id(), door);
    }

    /** After a successful reload: releases the claims {@code successor} did not take over. */
    void handOver(PadClaims successor) {
        List<PadClaim> dropped = new ArrayList<>(claims.values());
        dropped.removeAll(successor.claims.values());
        release(dropped);
        claims.clear();
        served.clear();
    }

    /** After a failed reload: releases the claims this successor acquired; those it inherited stay its predecessor's. */
    void abandon() {
        release(acquired);
        acquired.clear();
        claims.clear();
        served.clear();
    }

    @Override
    public void close() {
        release(claims.values());
        claims.clear();
        served.clear();
    }

    private static void release(Collection<PadClaim> toRelease) {
        for (PadClaim claim : toRelease) {
            try {
                claim.close();
            } catch (IOException e) {
                // the claim ends with the process anyway; nothing to do but go on releasing the others
                continue;
            }
        }
    }
}
