package dev.portknock.testkit;

import dev.portknock.core.PacketEvent;
import dev.portknock.core.Profile;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import dev.portknock.pad.InMemoryPadStateStore;
import dev.portknock.pad.IssuedKnock;
import dev.portknock.pad.KnockIssuer;
import dev.portknock.pad.Pad;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * A knock client for tests that sends nothing over the network: it issues each knock from the pad
 * as the {@code knock} command does (the client cursor moves past the knock before it is "sent")
 * and injects the knock's packets straight into an {@link InMemoryCapture}, as if they had just
 * been captured. The capture hands them to the server on the calling thread; the server verifies
 * and launches on its own threads, so a test waits for the outcome, e.g. with {@link
 * RecordingLauncher#awaitEvents(int, java.time.Duration)}.
 *
 * <p>Packets come from {@link #DEFAULT_SOURCE} unless {@link #from(InetAddress)} says otherwise,
 * go to {@link #SERVER}, and are stamped with the client's clock; TCP knocks are bare SYNs. A
 * profile that binds the source binds each knock to the address it comes from. The client's cursor
 * lives in memory. Thread-safe as {@link KnockIssuer} is.
 */
public final class TestKnockClient {
    /** Where knocks come from unless told otherwise: 192.0.2.10, a documentation address. */
    public static final InetAddress DEFAULT_SOURCE = address(192, 0, 2, 10);
    /** Where knocks go: 198.51.100.1, a documentation address. */
    public static final InetAddress SERVER = address(198, 51, 100, 1);

    private final Profile profile;
    private final KnockIssuer issuer;
    private final InMemoryCapture capture;
    private final Clock clock;
    private final InetAddress source;

    private TestKnockClient(Profile profile, KnockIssuer issuer, InMemoryCapture capture, Clock clock,
                            InetAddress source) {
        this.profile = profile;
        this.issuer = issuer;
        this.capture = capture;
        this.clock = clock;
        this.source = source;
    }

    /** A client of the pad, on a fresh cursor, knocking into the capture with the system clock. */
    public static TestKnockClient of(Profile profile, Pad pad, InMemoryCapture capture) {
        return of(profile, pad, capture, Clock.systemUTC());
    }

    /**
     * A client of the pad, on a fresh cursor, knocking into the capture; the clock stamps its
     * packets and its cursor.
     *
     * @throws IllegalArgumentException when the pad does not fit the profile
     */
    public static TestKnockClient of(Profile profile, Pad pad, InMemoryCapture capture, Clock clock) {
        Objects.requireNonNull(capture, "capture");
        KnockIssuer issuer = new KnockIssuer(profile, pad, new InMemoryPadStateStore(), clock);
        return new TestKnockClient(profile, issuer, capture, clock, DEFAULT_SOURCE);
    }

    /** The same client (pad, cursor, capture, clock) knocking from another address. */
    public TestKnockClient from(InetAddress otherSource) {
        return new TestKnockClient(profile, issuer, capture, clock, Objects.requireNonNull(otherSource, "source"));
    }

    /** The address this client's knocks come from. */
    public InetAddress source() {
        return source;
    }

    /**
     * Issues the next knock carrying the command digits and injects its packets.
     *
     * @param command the profile's {@code M} command digits, e.g. service, duration, delay
     * @return the knock that was injected, for a later {@link #replay(IssuedKnock)}
     * @throws dev.portknock.pad.PadExhaustedException when the pad has no knock left
     * @throws IOException when the cursor cannot be moved (nothing is injected)
     * @throws IllegalArgumentException for a command of the wrong length or out of range
     * @throws IllegalStateException when the capture is not running (not started, or closed);
     *     the cursor does not move then
     */
    public IssuedKnock knock(int... command) throws IOException {
        if (!capture.isRunning()) {
            // checked before the cursor moves, so a knock is not spent on a capture that takes nothing
            throw new IllegalStateException("the capture is not running; start the server first");
        }
        Optional<InetAddress> bound = profile.bindsSource() ? Optional.of(source) : Optional.empty();
        IssuedKnock knock = issuer.issue(command, bound);
        inject(knock);
        return knock;
    }

    /**
     * Injects the packets of a knock sent before again, from this client's address: a replay, as
     * an eavesdropper would send it. The cursor does not move.
     *
     * @throws IllegalStateException when the capture is not started or already closed
     */
    public void replay(IssuedKnock knock) {
        inject(Objects.requireNonNull(knock, "knock"));
    }

    private void inject(IssuedKnock knock) {
        for (int port : knock.ports()) {
            capture.inject(profile.transport() == Transport.UDP
                    ? PacketEvent.udp(clock.instant(), source, SERVER, port)
                    : PacketEvent.tcp(clock.instant(), source, SERVER, port, TcpFlagFilter.SYN));
        }
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
