package dev.portknock.core;

import dev.portknock.core.internal.BuilderOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The shared configuration of one one-time door (PROTOCOL.md §1): which ports carry digits, how
 * many digits a knock has, how far ahead the server looks, and how long a knock may take.
 *
 * <p>Construction validates every field and refuses profiles whose forgery probability per
 * attempt is above 2<sup>-32</sup> unless {@code acceptWeakness} is set (see {@link #security()}).
 *
 * @param scheme raw or sealed
 * @param base first port of the door's range
 * @param digitBits k, so the door spans {@code R = 2^k} ports
 * @param transport UDP datagrams or TCP segments
 * @param tcpFlags which TCP segments count (ignored for UDP)
 * @param commandDigits M, command digits per knock
 * @param tagDigits A, authenticator digits per knock
 * @param hintDigits P, hint digits a sealed knock starts with (PROTOCOL.md §3.3): 1 (version 2's
 *     hint {@code j mod R}), or 2 (version 3: the pad's offset plus {@code j}, modulo {@code R^2},
 *     so that the pads of a door rarely share a hint); raw profiles have 1
 * @param window W, how many knocks ahead of the cursor the server accepts
 * @param sourceBinding whether sealed tags cover the source address (ignored for raw)
 * @param sequenceTimeout how long a whole knock may take from its first packet
 * @param acceptWeakness the caller accepts a forgery probability above 2^-32 per attempt
 */
public record Profile(Scheme scheme, int base, int digitBits, Transport transport, TcpFlagFilter tcpFlags,
                      int commandDigits, int tagDigits, int hintDigits, int window, SourceBinding sourceBinding,
                      Duration sequenceTimeout, boolean acceptWeakness) {

    /** Returned by {@link #digitOf(int)} for a port outside the door's range. */
    public static final int NO_DIGIT = -1;
    /** The weakest security accepted without {@code acceptWeakness}, in bits per attempt. */
    public static final double MINIMUM_SECURITY_BITS = 32.0;
    /** The most hint digits a sealed knock may start with. */
    public static final int MAX_HINT_DIGITS = 2;

    /** Validates the profile; messages name the field and the offending value. */
    public Profile {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(tcpFlags, "tcpFlags");
        Objects.requireNonNull(sourceBinding, "sourceBinding");
        Objects.requireNonNull(sequenceTimeout, "sequenceTimeout");
        if (digitBits < 4 || digitBits > 15) {
            throw new IllegalArgumentException("digit bits must be in 4..15: " + digitBits);
        }
        if (base < 1) {
            throw new IllegalArgumentException("base port must be at least 1: " + base);
        }
        int last = base + (1 << digitBits) - 1;
        if (last > 65535) {
            throw new IllegalArgumentException(
                    "port range " + base + ".." + last + " passes 65535");
        }
        if (commandDigits < 0) {
            throw new IllegalArgumentException("command digits must not be negative: " + commandDigits);
        }
        if (tagDigits < 1) {
            throw new IllegalArgumentException("tag digits must be at least 1: " + tagDigits);
        }
        if (hintDigits < 1 || hintDigits > MAX_HINT_DIGITS) {
            throw new IllegalArgumentException("hint digits must be 1 or 2: " + hintDigits);
        }
        if (hintDigits != 1 && scheme != Scheme.SEALED) {
            throw new IllegalArgumentException("hint digits must be 1 for a raw door (a raw knock has no hint): "
                    + hintDigits);
        }
        if (window < 1 || window > (1 << digitBits)) {
            throw new IllegalArgumentException(
                    "window must be in 1.." + (1 << digitBits) + ": " + window);
        }
        if (sequenceTimeout.isNegative() || sequenceTimeout.isZero()) {
            throw new IllegalArgumentException("sequence timeout must be positive: " + sequenceTimeout);
        }
        SecurityFigure figure = SecurityFigure.of(scheme, digitBits, commandDigits, tagDigits, hintDigits, window,
                sourceBinding);
        if (!acceptWeakness && figure.weakestBits() < MINIMUM_SECURITY_BITS) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "profile allows forgery with probability 2^-%.1f per attempt, weaker than 2^-32;"
                            + " accept the weakness explicitly to use it", figure.weakestBits()));
        }
    }

    /**
     * The version-2 canonical form: a profile with one hint digit (PROTOCOL.md §1), kept so that
     * code written before hint digits existed builds the same profile.
     */
    public Profile(Scheme scheme, int base, int digitBits, Transport transport, TcpFlagFilter tcpFlags,
                   int commandDigits, int tagDigits, int window, SourceBinding sourceBinding,
                   Duration sequenceTimeout, boolean acceptWeakness) {
        this(scheme, base, digitBits, transport, tcpFlags, commandDigits, tagDigits, 1, window, sourceBinding,
                sequenceTimeout, acceptWeakness);
    }

    /** A builder holding PROTOCOL.md §1's defaults (sealed, 40000, k=12, UDP, M=3, A=7, P=1, W=64, bound, 10 s). */
    public static Builder builder() {
        return new Builder();
    }

    /** The default profile of PROTOCOL.md §1. */
    public static Profile defaults() {
        return builder().build();
    }

    /** R, the number of ports (and digit values) of the door. */
    public int radix() {
        return 1 << digitBits;
    }

    /** The door's last port, {@code base + R - 1}. */
    public int lastPort() {
        return base + radix() - 1;
    }

    /**
     * The digit a port carries, or {@link #NO_DIGIT} when the port is outside the door's range.
     * Allocates nothing: it sits on the path of every captured packet.
     */
    public int digitOf(int port) {
        int digit = port - base;
        return digit >= 0 && digit < radix() ? digit : NO_DIGIT;
    }

    /** The digit a port carries, empty when the port is outside the door's range. */
    public OptionalInt digit(int port) {
        int digit = digitOf(port);
        return digit == NO_DIGIT ? OptionalInt.empty() : OptionalInt.of(digit);
    }

    /**
     * The port that carries a digit.
     *
     * @throws IllegalArgumentException when the digit is not in {@code [0, R)}
     */
    public int portOf(int digit) {
        if (digit < 0 || digit >= radix()) {
            throw new IllegalArgumentException("digit must be in 0.." + (radix() - 1) + ": " + digit);
        }
        return base + digit;
    }

    /** Whether a packet belongs to this door: in range, of its transport, passing its flag filter. */
    public boolean admits(PacketEvent event) {
        return admits(event.transport(), event.destinationPort(), event.tcpFlags());
    }

    /** {@link #admits(PacketEvent)} of a packet's parts (the matcher's, from a reused view). */
    boolean admits(Transport packetTransport, int destinationPort, int packetTcpFlags) {
        return packetTransport == transport
                && digitOf(destinationPort) != NO_DIGIT
                && (transport == Transport.UDP || tcpFlags.accepts(packetTcpFlags));
    }

    /** Packets in one knock: {@code P + M + A} for sealed, {@code A + M} for raw. */
    public int knockLength() {
        return scheme == Scheme.SEALED ? hintDigits + commandDigits + tagDigits : tagDigits + commandDigits;
    }

    /**
     * How many hint values a sealed knock can carry: {@code R^P} (R with one hint digit, R^2 with
     * two). The hint of knock {@code j} is {@code (o + j) mod R^P} for the pad's offset {@code o}.
     */
    public long hintSpace() {
        return hintDigits == 1 ? radix() : (long) radix() * radix();
    }

    /**
     * A pad's hint offset {@code o} (PROTOCOL.md §3.3), from the first 8 bytes of its id read as a
     * big-endian unsigned 64-bit integer: 0 with one hint digit (version 2 has no offset), that
     * integer modulo {@code R^2} with two.
     *
     * @param padIdPrefix the pad id's bytes 0..7 as a big-endian {@code long} (its sign bit is the
     *     integer's top bit)
     */
    public long hintOffsetOf(long padIdPrefix) {
        return hintDigits == 1 ? 0 : Long.remainderUnsigned(padIdPrefix, hintSpace());
    }

    /** Pad digits one knock consumes: {@code M + 2A} for sealed, {@code A} for raw. */
    public int blockDigits() {
        return scheme == Scheme.SEALED ? commandDigits + 2 * tagDigits : tagDigits;
    }

    /** The forgery probabilities of this profile per attempt. */
    public SecurityFigure security() {
        return SecurityFigure.of(scheme, digitBits, commandDigits, tagDigits, hintDigits, window, sourceBinding);
    }

    /**
     * The fewest tag digits with which this profile, all else kept, meets PROTOCOL.md §3.3's bound:
     * a year of a million forged knocks a second opens the door with probability at most 2^-30.
     */
    public int tagDigitsAgainstAYearOfGuessing() {
        return tagDigitsAgainstAYearOfGuessing(1);
    }

    /**
     * {@link #tagDigitsAgainstAYearOfGuessing()} for a door on which each forged knock is checked
     * against up to {@code padsPerKnock} pads ({@link SecurityFigure#yearOfGuessingBits(int)}).
     *
     * @throws IllegalArgumentException when {@code padsPerKnock} is below 1
     */
    public int tagDigitsAgainstAYearOfGuessing(int padsPerKnock) {
        int a = 1;
        while (SecurityFigure.of(scheme, digitBits, commandDigits, a, hintDigits, window, sourceBinding)
                .yearOfGuessingBits(padsPerKnock)
                < SecurityFigure.YEAR_OF_GUESSING_BOUND_BITS) {
            a++;
        }
        return a;
    }

    /** Whether sealed tags cover the source address. Always false for raw. */
    public boolean bindsSource() {
        return scheme == Scheme.SEALED && sourceBinding == SourceBinding.BIND;
    }

    /** A builder starting from this profile's values (each may still be set once). */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Builds a {@link Profile}. Each option may be set once; setting it twice is an
     * {@link IllegalStateException}. Values are validated when {@link #build()} is called.
     */
    public static final class Builder {
        private final BuilderOptions options = new BuilderOptions();
        private Scheme scheme = Scheme.SEALED;
        private int base = 40000;
        private int digitBits = 12;
        private Transport transport = Transport.UDP;
        private TcpFlagFilter tcpFlags = TcpFlagFilter.SYN_ONLY;
        private int commandDigits = 3;
        private int tagDigits = 7;
        private int hintDigits = 1;
        private int window = 64;
        private SourceBinding sourceBinding = SourceBinding.BIND;
        private Duration sequenceTimeout = Duration.ofSeconds(10);
        private boolean acceptWeakness;

        private Builder() {
        }

        private Builder(Profile p) {
            scheme = p.scheme;
            base = p.base;
            digitBits = p.digitBits;
            transport = p.transport;
            tcpFlags = p.tcpFlags;
            commandDigits = p.commandDigits;
            tagDigits = p.tagDigits;
            hintDigits = p.hintDigits;
            window = p.window;
            sourceBinding = p.sourceBinding;
            sequenceTimeout = p.sequenceTimeout;
            acceptWeakness = p.acceptWeakness;
        }

        /** Raw or sealed (default sealed). */
        public Builder scheme(Scheme value) {
            scheme = options.once("scheme", Objects.requireNonNull(value, "scheme"));
            return this;
        }

        /** First port of the range (default 40000). */
        public Builder base(int value) {
            base = options.once("base", value);
            return this;
        }

        /** Digit bits k (default 12). */
        public Builder digitBits(int value) {
            digitBits = options.once("digit bits", value);
            return this;
        }

        /** UDP or TCP (default UDP). */
        public Builder transport(Transport value) {
            transport = options.once("transport", Objects.requireNonNull(value, "transport"));
            return this;
        }

        /** TCP flag filter (default SYN set, ACK clear). */
        public Builder tcpFlags(TcpFlagFilter value) {
            tcpFlags = options.once("tcp flags", Objects.requireNonNull(value, "tcpFlags"));
            return this;
        }

        /** Command digits M (default 3). */
        public Builder commandDigits(int value) {
            commandDigits = options.once("command digits", value);
            return this;
        }

        /** Tag digits A (default 7: a year of a million guesses a second succeeds with probability 2^-39). */
        public Builder tagDigits(int value) {
            tagDigits = options.once("tag digits", value);
            return this;
        }

        /**
         * Hint digits P a sealed knock starts with (default 1, PROTOCOL.md version 2's wire
         * format). With 2 (version 3) each pad's knocks carry hints from its own offset in a space
         * of {@code R^2} values, so a knock names its own pad and rarely another: the number of
         * pads a knock is checked against no longer grows with the pads on the door. Raw profiles
         * must keep 1.
         */
        public Builder hintDigits(int value) {
            hintDigits = options.once("hint digits", value);
            return this;
        }

        /** Window W in knocks (default 64). */
        public Builder window(int value) {
            window = options.once("window", value);
            return this;
        }

        /** Source binding (default bind). */
        public Builder sourceBinding(SourceBinding value) {
            sourceBinding = options.once("source binding", Objects.requireNonNull(value, "sourceBinding"));
            return this;
        }

        /** Sequence timeout (default 10 s). */
        public Builder sequenceTimeout(Duration value) {
            sequenceTimeout = options.once("sequence timeout", Objects.requireNonNull(value, "sequenceTimeout"));
            return this;
        }

        /** Accept a profile weaker than 2^-32 per attempt (for tests and deliberate trade-offs). */
        public Builder acceptWeakness() {
            acceptWeakness = options.once("accept weakness", true);
            return this;
        }

        /** The validated profile. */
        public Profile build() {
            return new Profile(scheme, base, digitBits, transport, tcpFlags, commandDigits, tagDigits, hintDigits,
                    window, sourceBinding, sequenceTimeout, acceptWeakness);
        }
    }
}
