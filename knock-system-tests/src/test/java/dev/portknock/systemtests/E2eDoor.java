package dev.portknock.systemtests;

import dev.portknock.core.Command;
import dev.portknock.core.Profile;
import java.time.Duration;

/** The door both sides of the end-to-end tests agree on: the profile, the service and its port. */
final class E2eDoor {
    /** The door's name on the server. */
    static final String NAME = "ssh";

    /**
     * PROTOCOL.md §1's default sealed, source-bound UDP profile on ports 40000..44095, with a short
     * sequence timeout so that a partial attempt left by a replay ends quickly.
     */
    static final Profile PROFILE = Profile.builder().sequenceTimeout(Duration.ofSeconds(2)).build();

    /** The same profile moved to a port range the server does not watch (50000..54095). */
    static final Profile UNWATCHED = PROFILE.toBuilder().base(50000).build();

    /** The service number a knock asks for; the server's door maps it to the protected port. */
    static final int SERVICE = 22;

    /** The TCP port the firewall protects and the service listens on. */
    static final int PROTECTED_PORT = 2222;

    /** What the service writes to every connection, so a test knows it reached the service. */
    static final String BANNER = "portknock-e2e-service";

    private E2eDoor() {
    }

    /** The command of a knock that opens the service for {@code seconds} at once. */
    static Command openFor(int seconds) {
        return Command.serviceDurationDelay(PROFILE.radix(), SERVICE, seconds, 0);
    }
}
