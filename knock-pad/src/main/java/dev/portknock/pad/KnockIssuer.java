package dev.portknock.pad;

import dev.portknock.core.OneTimeScheme;
import dev.portknock.core.Profile;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of a one-time door: cuts knock {@code j} from its pad and moves the client
 * cursor past it durably <em>before</em> handing the knock out, so a knock that was ever sent is
 * never sent again, even after a crash. A sealed knock's hint starts from the pad's own hint offset
 * ({@link PadId#hintOffset}) when the profile has two hint digits (PROTOCOL.md §3.3). Thread-safe; several issuers on one store (processes
 * sharing a pad) never hand out the same block, thanks to compare-and-set.
 */
public final class KnockIssuer {
    private static final Logger LOG = LoggerFactory.getLogger(KnockIssuer.class);

    private final Profile profile;
    private final OneTimeScheme scheme;
    private final Pad pad;
    private final PadStateStore store;
    private final Clock clock;
    private final long knocks;

    /**
     * An issuer for a pad under a profile.
     *
     * @param profile the door's raw or sealed profile
     * @param pad the client's copy of the pad
     * @param store where the client cursor lives
     * @param clock stamps the state's last use
     * @throws IllegalArgumentException when the pad's digit bits differ from the profile's
     */
    public KnockIssuer(Profile profile, Pad pad, PadStateStore store, Clock clock) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.pad = Objects.requireNonNull(pad, "pad");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        pad.requireFits(profile);
        this.scheme = OneTimeScheme.of(profile);
        this.knocks = pad.knocks(profile);
    }

    /**
     * The next knock, with the cursor already moved past it durably.
     *
     * @param command the {@code M} command digits
     * @param boundSource the address the server will see; required when the profile binds the source
     * @throws PadExhaustedException when every block of the pad is used
     * @throws IOException when the cursor cannot be read or persisted (nothing is handed out)
     * @throws IllegalArgumentException for a command of the wrong length or out of range, or a
     *     missing address on a bound profile
     */
    public synchronized IssuedKnock issue(int[] command, Optional<InetAddress> boundSource) throws IOException {
        while (true) {
            PadState state = store.read(pad.id(), Side.CLIENT);
            IssuedKnock knock = knockAt(state.cursor(), command, boundSource);
            if (store.compareAndSet(state, state.advancedTo(state.cursor() + 1, clock.instant()))) {
                LOG.info("pad {} issued knock {}; {} knocks left", pad.id(), knock.knockIndex(),
                        knocks - knock.knockIndex() - 1);
                return knock;
            }
            LOG.debug("pad {} client cursor moved under us; reading it again", pad.id());
        }
    }

    /**
     * The knock {@link #issue} would hand out next, without moving the cursor (a dry run).
     *
     * @throws PadExhaustedException when every block of the pad is used
     * @throws IOException when the cursor cannot be read
     */
    public IssuedKnock peek(int[] command, Optional<InetAddress> boundSource) throws IOException {
        return knockAt(store.read(pad.id(), Side.CLIENT).cursor(), command, boundSource);
    }

    /** The pad's id, client cursor and knocks left. */
    public PadStatus status() throws IOException {
        return new PadStatus(pad.id(), store.read(pad.id(), Side.CLIENT).cursor(), knocks);
    }

    private IssuedKnock knockAt(long index, int[] command, Optional<InetAddress> boundSource)
            throws PadExhaustedException {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(boundSource, "boundSource");
        if (index >= knocks) {
            throw new PadExhaustedException(pad.id(), knocks);
        }
        int[] block = pad.block(index, profile.blockDigits());
        try {
            int[] digits = scheme.encode(index, pad.id().hintOffset(profile), block, command, boundSource);
            int[] ports = new int[digits.length];
            for (int i = 0; i < digits.length; i++) {
                ports[i] = profile.portOf(digits[i]);
            }
            return new IssuedKnock(pad.id(), index, digits, ports);
        } finally {
            Arrays.fill(block, 0);
        }
    }
}
