package dev.portknock.runtime;

import dev.portknock.core.Command;
import dev.portknock.core.FixedSequence;
import dev.portknock.core.KnockPort;
import dev.portknock.core.Profile;
import dev.portknock.core.internal.BuilderOptions;
import dev.portknock.pad.IssuedKnock;
import dev.portknock.pad.KnockIssuer;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadStateStore;
import dev.portknock.pad.PadStatus;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one-time knocks: takes the next block of its pad, persists the advanced cursor durably
 * <em>before</em> the first packet leaves, then sends the knock's packets (UDP datagrams or TCP
 * SYNs) to the door's ports with a short pause between them.
 *
 * <p>A sealed, bound profile binds the knock to the source address the server will see: the
 * address given by {@link Builder#seenAs(InetAddress)} (e.g. a NAT's public address), else the
 * address the client binds to, else the local address the system routes from toward the server.
 *
 * <p>Thread-safe: concurrent sends from one client take distinct blocks, and their packets leave
 * one knock after the other, the pacing apart (the server reads one source's packets as one
 * sequence).
 */
public final class KnockClient {
    private static final Logger LOG = LoggerFactory.getLogger(KnockClient.class);
    /**
     * Default pause between packets, those of one knock and the last and first of two knocks sent
     * in a row. It keeps a knock's packets in order where nothing else can:
     * through a udp-socket capture, which reads one socket per port and cannot order datagrams
     * that wait on two sockets at once, and across networks that reorder packets sent together.
     */
    public static final Duration DEFAULT_PACING = Duration.ofMillis(20);

    private final Profile profile;
    private final KnockIssuer issuer;
    private final PortSender sender;
    private final Optional<InetAddress> bindAddress;
    private final Optional<InetAddress> seenAs;

    private KnockClient(Builder builder) {
        this.profile = builder.profile;
        this.issuer = new KnockIssuer(builder.profile, builder.pad, builder.store, builder.clock);
        this.sender = new PortSender(builder.pacing, builder.bindAddress);
        this.bindAddress = builder.bindAddress;
        this.seenAs = builder.seenAs;
    }

    /** A builder for a client of a door with this profile, using this pad and state store. */
    public static Builder builder(Profile profile, Pad pad, PadStateStore store) {
        return new Builder(profile, pad, store);
    }

    /**
     * Sends the next knock carrying {@code command} to {@code host}.
     *
     * @return the knock that was sent (pad id, index, ports)
     * @throws dev.portknock.pad.PadExhaustedException when the pad has no block left
     * @throws IOException when the cursor cannot be persisted (nothing is sent) or sending fails
     *     (the block is spent either way: it is never sent twice)
     */
    public IssuedKnock send(InetAddress host, Command command) throws IOException {
        IssuedKnock knock = issuer.issue(commandDigits(command), boundSource(host));
        LOG.info("sending knock {} of pad {} to {}", knock.knockIndex(), knock.padId(), host.getHostAddress());
        sender.send(host, ports(knock.ports()));
        return knock;
    }

    /** The knock that {@link #send} would send next, without advancing the cursor or sending. */
    public IssuedKnock preview(InetAddress host, Command command) throws IOException {
        return issuer.peek(commandDigits(command), boundSource(host));
    }

    /** The pad's id, cursor and knocks left on this side. */
    public PadStatus status() throws IOException {
        return issuer.status();
    }

    /**
     * Sends a fixed knockd-style sequence (replayable by design).
     *
     * @param bindAddress local address to send from; empty lets the system choose
     */
    public static void sendFixed(InetAddress host, FixedSequence sequence, Duration pacing,
                                 Optional<InetAddress> bindAddress) throws IOException {
        new PortSender(pacing, bindAddress).send(host, sequence.ports());
    }

    private int[] commandDigits(Command command) {
        Objects.requireNonNull(command, "command");
        int[] values = command.values();
        if (values.length != profile.commandDigits()) {
            throw new IllegalArgumentException("command needs " + profile.commandDigits() + " values: " + values.length);
        }
        return values;
    }

    private List<KnockPort> ports(int[] ports) {
        List<KnockPort> list = new ArrayList<>(ports.length);
        for (int port : ports) {
            list.add(new KnockPort(port, profile.transport()));
        }
        return list;
    }

    private Optional<InetAddress> boundSource(InetAddress host) throws IOException {
        if (!profile.bindsSource()) {
            return Optional.empty();
        }
        if (seenAs.isPresent()) {
            return seenAs;
        }
        if (bindAddress.isPresent()) {
            return bindAddress;
        }
        return Optional.of(routedSource(host));
    }

    /** The local address the system would send from toward {@code host} (no packet is sent). */
    private InetAddress routedSource(InetAddress host) throws IOException {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(host, profile.base());
            InetAddress local = probe.getLocalAddress();
            if (local.isAnyLocalAddress()) {
                throw new IOException("cannot tell the source address toward " + host.getHostAddress()
                        + "; give it explicitly");
            }
            return local;
        }
    }

    /** Builds a {@link KnockClient}; each option may be set once. */
    public static final class Builder {
        private final Profile profile;
        private final Pad pad;
        private final PadStateStore store;
        private final BuilderOptions options = new BuilderOptions();
        private Clock clock = Clock.systemUTC();
        private Duration pacing = DEFAULT_PACING;
        private Optional<InetAddress> bindAddress = Optional.empty();
        private Optional<InetAddress> seenAs = Optional.empty();

        private Builder(Profile profile, Pad pad, PadStateStore store) {
            this.profile = Objects.requireNonNull(profile, "profile");
            this.pad = Objects.requireNonNull(pad, "pad");
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The clock that stamps the cursor's last use (default: system UTC). */
        public Builder clock(Clock value) {
            clock = options.once("clock", Objects.requireNonNull(value, "clock"));
            return this;
        }

        /** Pause between packets, within a knock and between two knocks in a row (default 20 ms). */
        public Builder pacing(Duration value) {
            Objects.requireNonNull(value, "pacing");
            if (value.isNegative()) {
                throw new IllegalArgumentException("pacing must not be negative: " + value);
            }
            pacing = options.once("pacing", value);
            return this;
        }

        /** The local address to send from (default: the system chooses). */
        public Builder bindAddress(InetAddress value) {
            bindAddress = Optional.of(options.once("bind address", Objects.requireNonNull(value, "bindAddress")));
            return this;
        }

        /** The source address the server will see, for bound knocks behind NAT. */
        public Builder seenAs(InetAddress value) {
            seenAs = Optional.of(options.once("seen as", Objects.requireNonNull(value, "seenAs")));
            return this;
        }

        /** The client. */
        public KnockClient build() {
            return new KnockClient(this);
        }
    }
}
