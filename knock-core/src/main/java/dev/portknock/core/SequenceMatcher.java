package dev.portknock.core;

import dev.portknock.core.internal.BuilderOptions;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Assembles captured packets into knocks, per source and door, with knockd's rules.
 *
 * <ul>
 *   <li>An attempt belongs to one (source, door) pair; several doors advance in parallel on the
 *       same packets, and sources never disturb each other.</li>
 *   <li>A packet a door does not admit (another port, another transport, failing the door's TCP
 *       flag filter) is ignored by that door.</li>
 *   <li>Fixed door: a packet for one of the sequence's ports that is not the expected next one
 *       discards the attempt ({@link DiscardReason#WRONG_PACKET}); if it is the sequence's first
 *       port it then starts a new attempt.</li>
 *   <li>One-time door: every admitted packet carries the digit {@code port - base}. An attempt
 *       starts only on a first digit the door's {@code opensWith} predicate accepts (for sealed:
 *       a hint inside some pad's window; for raw: a digit some window block begins with) and
 *       completes after {@code knockLength()} digits.</li>
 *   <li>The timeout runs from the attempt's first packet, by the packets' capture times: a packet
 *       exactly at {@code first + timeout} still counts; a later one discards the attempt
 *       ({@link DiscardReason#TIMEOUT}) and may start a new one. {@link #expire()} discards
 *       attempts whose timeout has passed by the clock.</li>
 *   <li>At most {@code maxSources} attempts (one per source and door) are tracked; starting one
 *       more evicts the oldest ({@link DiscardReason#EVICTED}), so a flood of spoofed sources
 *       cannot grow memory.</li>
 * </ul>
 *
 * <p>Not thread-safe: one capture or dispatch thread calls {@link #offer(PacketEvent)} and
 * {@link #expire()}. Listeners run on that thread and must not call back into the matcher.
 *
 * <p>A packet that no door watches (the vast majority on a busy host) is rejected by one lookup
 * in a port bitmap and allocates nothing.
 */
public final class SequenceMatcher {
    private static final int PORTS = 65536;

    private final Clock clock;
    private final MatchListener listener;
    private final int maxSources;
    private final DoorState[] doors;
    /** Bit p set when some door admits port p over UDP (resp. TCP), before flag filters. */
    private final long[] udpPorts = new long[PORTS / 64];
    private final long[] tcpPorts = new long[PORTS / 64];
    /** The attempts of each source, indexed by door; a source is filed only while one is live. */
    private final AddressTable<Source> sources = new AddressTable<>();
    /**
     * The offered packet's source, looked up at most once per packet and only when a door admits
     * the packet: {@code currentLooked} says whether {@code current} (null when the source has no
     * live attempt) and {@code currentHash} are this packet's.
     */
    private Source current;
    private int currentHash;
    private boolean currentLooked;
    /** All live attempts in the order they started: the head is the oldest. */
    private Attempt oldest;
    private Attempt newest;
    private int tracked;
    private boolean dispatching;

    private SequenceMatcher(Builder builder) {
        this.clock = builder.clock;
        this.listener = builder.listener;
        this.maxSources = builder.maxSources;
        this.doors = builder.doors.toArray(new DoorState[0]);
        for (DoorState door : doors) {
            for (PortRange range : door.door.portRanges()) {
                long[] bitmap = range.transport() == Transport.UDP ? udpPorts : tcpPorts;
                for (int port = range.first(); port <= range.last(); port++) {
                    bitmap[port >>> 6] |= 1L << port;
                }
            }
        }
        builder.previous.ifPresent(this::adopt);
    }

    /**
     * Copies the unfinished attempts of {@code previous} on doors this matcher has unchanged (same
     * name, equal door), oldest first, keeping at most {@code maxSources} of the newest.
     */
    private void adopt(SequenceMatcher previous) {
        Map<String, Integer> byName = new HashMap<>();
        for (int d = 0; d < doors.length; d++) {
            byName.put(doors[d].door.name(), d);
        }
        for (Attempt old = previous.oldest; old != null; old = old.next) {
            Door door = previous.doors[old.door].door;
            Integer d = byName.get(door.name());
            if (d == null || !doors[d].door.equals(door)) {
                continue;
            }
            if (tracked == maxSources) {
                remove(oldest);
            }
            InetAddress address = old.owner.address;
            int hash = sources.hashOf(address);
            Source source = sources.find(address, hash);
            if (source == null) {
                source = new Source(address, hash, doors.length);
                sources.add(source);
            }
            link(new Attempt(d, source, old));
        }
    }

    /** A builder; the clock, the listener and at least one door are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Feeds one captured packet to every door. Outcomes go to the listener before this returns.
     *
     * @throws IllegalStateException when called from a listener of this matcher
     */
    public void offer(PacketEvent event) {
        int port = event.destinationPort();
        long[] watched = event.transport() == Transport.UDP ? udpPorts : tcpPorts;
        if ((watched[port >>> 6] & (1L << port)) == 0) {
            return;
        }
        enter();
        try {
            for (int d = 0; d < doors.length; d++) {
                DoorState door = doors[d];
                if (door.fixed != null) {
                    offerFixed(d, door, event);
                } else {
                    offerOneTime(d, door, event);
                }
            }
        } finally {
            current = null;
            currentLooked = false;
            dispatching = false;
        }
    }

    /**
     * Discards, with {@link DiscardReason#TIMEOUT}, every attempt whose timeout has passed by the
     * clock. Call it periodically so that abandoned attempts do not wait for eviction.
     *
     * @throws IllegalStateException when called from a listener of this matcher
     */
    public void expire() {
        enter();
        try {
            Instant now = clock.instant();
            Attempt attempt = oldest;
            while (attempt != null) {
                Attempt next = attempt.next;
                if (now.isAfter(attempt.deadline)) {
                    discard(attempt, DiscardReason.TIMEOUT);
                }
                attempt = next;
            }
        } finally {
            dispatching = false;
        }
    }

    /** The number of unfinished attempts held, at most {@code maxSources}. */
    public int trackedAttempts() {
        return tracked;
    }

    private void enter() {
        if (dispatching) {
            throw new IllegalStateException("a match listener must not call back into the matcher");
        }
        dispatching = true;
    }

    private void offerFixed(int d, DoorState door, PacketEvent event) {
        if (!door.involves(event)) {
            return;
        }
        Attempt attempt = liveAttempt(d, event);
        if (attempt != null) {
            if (door.isAt(attempt.received, event)) {
                attempt.received++;
                attempt.lastPacket = event.time();
                if (attempt.received == door.length) {
                    complete(attempt);
                }
                return;
            }
            discard(attempt, DiscardReason.WRONG_PACKET);
        }
        if (door.isAt(0, event)) {
            start(d, door, event, null);
        }
    }

    private void offerOneTime(int d, DoorState door, PacketEvent event) {
        Profile profile = door.oneTime.profile();
        if (!profile.admits(event)) {
            return;
        }
        int digit = profile.digitOf(event.destinationPort());
        Attempt attempt = liveAttempt(d, event);
        if (attempt != null) {
            attempt.digits[attempt.received++] = digit;
            attempt.lastPacket = event.time();
            if (attempt.received == door.length) {
                complete(attempt);
            }
        } else if (door.opensWith.test(digit)) {
            int[] digits = new int[door.length];
            digits[0] = digit;
            start(d, door, event, digits);
        }
    }

    /** The (source, door) attempt, after discarding it when this packet arrives past its timeout. */
    private Attempt liveAttempt(int d, PacketEvent event) {
        Source source = sourceOf(event);
        Attempt attempt = source == null ? null : source.attempts[d];
        if (attempt != null && event.time().isAfter(attempt.deadline)) {
            discard(attempt, DiscardReason.TIMEOUT);
            return null;
        }
        return attempt;
    }

    /** The packet's source entry, null when it has no live attempt; the table is asked once per packet. */
    private Source sourceOf(PacketEvent event) {
        if (!currentLooked) {
            currentHash = sources.hashOf(event.source());
            current = sources.find(event.source(), currentHash);
            currentLooked = true;
        }
        return current;
    }

    private void start(int d, DoorState door, PacketEvent event, int[] digits) {
        Source source = sourceOf(event);
        if (tracked == maxSources) {
            // may be this source's last other attempt: the entry then leaves the table, and is filed again below
            discard(oldest, DiscardReason.EVICTED);
        }
        if (source == null) {
            source = new Source(event.source(), currentHash, doors.length);
            current = source;
        }
        if (!source.filed()) {
            sources.add(source);
        }
        Attempt attempt = new Attempt(d, source, event, event.time().plus(door.door.sequenceTimeout()), digits);
        link(attempt);
        if (door.length == 1) {
            complete(attempt);
        }
    }

    /** Files a new attempt with its source and as the newest. */
    private void link(Attempt attempt) {
        Source source = attempt.owner;
        source.attempts[attempt.door] = attempt;
        source.live++;
        if (newest == null) {
            oldest = attempt;
        } else {
            newest.next = attempt;
            attempt.previous = newest;
        }
        newest = attempt;
        tracked++;
    }

    private void complete(Attempt attempt) {
        remove(attempt);
        int[] digits = attempt.digits == null ? new int[0] : attempt.digits;
        listener.completed(new CompletedKnock(doors[attempt.door].door, attempt.owner.address, attempt.destination,
                digits, attempt.firstPacket, attempt.lastPacket));
    }

    private void discard(Attempt attempt, DiscardReason reason) {
        remove(attempt);
        listener.discarded(doors[attempt.door].door, attempt.owner.address, reason);
    }

    private void remove(Attempt attempt) {
        Source source = attempt.owner;
        source.attempts[attempt.door] = null;
        if (--source.live == 0) {
            sources.remove(source);
        }
        if (attempt.previous == null) {
            oldest = attempt.next;
        } else {
            attempt.previous.next = attempt.next;
        }
        if (attempt.next == null) {
            newest = attempt.previous;
        } else {
            attempt.next.previous = attempt.previous;
        }
        attempt.previous = null;
        attempt.next = null;
        tracked--;
    }

    /** One door with what the hot path needs of it in flat arrays. */
    private static final class DoorState {
        final Door door;
        final int length;
        /** Set for a fixed door, with its ports and transports in sequence order. */
        final FixedDoor fixed;
        final int[] ports;
        final Transport[] transports;
        /** Set for a one-time door, with the predicate an attempt's first digit must pass. */
        final OneTimeDoor oneTime;
        final IntPredicate opensWith;

        DoorState(FixedDoor fixed) {
            this.door = fixed;
            this.length = fixed.knockLength();
            this.fixed = fixed;
            List<KnockPort> sequence = fixed.sequence().ports();
            this.ports = new int[sequence.size()];
            this.transports = new Transport[sequence.size()];
            for (int i = 0; i < ports.length; i++) {
                ports[i] = sequence.get(i).port();
                transports[i] = sequence.get(i).transport();
            }
            this.oneTime = null;
            this.opensWith = null;
        }

        DoorState(OneTimeDoor oneTime, IntPredicate opensWith) {
            this.door = oneTime;
            this.length = oneTime.knockLength();
            this.fixed = null;
            this.ports = null;
            this.transports = null;
            this.oneTime = oneTime;
            this.opensWith = opensWith;
        }

        /** {@link FixedDoor#involves(PacketEvent)} without its iterator. */
        boolean involves(PacketEvent event) {
            for (int i = 0; i < ports.length; i++) {
                if (isAt(i, event)) {
                    return event.transport() == Transport.UDP || fixed.tcpFlags().accepts(event.tcpFlags());
                }
            }
            return false;
        }

        /** Whether the packet goes to the sequence's i-th port and transport (flags checked by the caller). */
        boolean isAt(int i, PacketEvent event) {
            return ports[i] == event.destinationPort() && transports[i] == event.transport();
        }
    }

    /** One source's live attempts, by door, as filed in the matcher's address table. */
    private static final class Source extends AddressTable.Entry {
        final Attempt[] attempts;
        /** The non-null attempts: the entry leaves the table when this falls to 0. */
        int live;

        Source(InetAddress address, int hash, int doors) {
            super(address, hash);
            this.attempts = new Attempt[doors];
        }
    }

    /** An unfinished knock of one source on one door, linked into the matcher's start order. */
    private static final class Attempt {
        final int door;
        final Source owner;
        final InetAddress destination;
        final Instant firstPacket;
        final Instant deadline;
        /** The digits so far for a one-time door; null for a fixed door. */
        final int[] digits;
        Instant lastPacket;
        int received = 1;
        Attempt previous;
        Attempt next;

        Attempt(int door, Source owner, PacketEvent first, Instant deadline, int[] digits) {
            this.door = door;
            this.owner = owner;
            this.destination = first.destination();
            this.firstPacket = first.time();
            this.lastPacket = first.time();
            this.deadline = deadline;
            this.digits = digits;
        }

        /** The same attempt in another matcher, on its door {@code door} and for its {@code owner}. */
        Attempt(int door, Source owner, Attempt original) {
            this.door = door;
            this.owner = owner;
            this.destination = original.destination;
            this.firstPacket = original.firstPacket;
            this.lastPacket = original.lastPacket;
            this.deadline = original.deadline;
            this.digits = original.digits == null ? null : original.digits.clone();
            this.received = original.received;
        }
    }

    /**
     * Builds a {@link SequenceMatcher}. The clock, the listener and {@code maxSources} may each be
     * set once ({@link IllegalStateException} otherwise); doors are added one call each and their
     * names must be distinct.
     */
    public static final class Builder {
        private final BuilderOptions options = new BuilderOptions();
        private final Set<String> doorNames = new HashSet<>();
        private final List<DoorState> doors = new ArrayList<>();
        private Clock clock;
        private MatchListener listener;
        private int maxSources = 65536;
        private Optional<SequenceMatcher> previous = Optional.empty();

        private Builder() {
        }

        /** The clock {@link SequenceMatcher#expire()} reads (required). */
        public Builder clock(Clock value) {
            clock = options.once("clock", Objects.requireNonNull(value, "clock"));
            return this;
        }

        /**
         * The most attempts tracked at once (default 65536); starting one more evicts the oldest.
         *
         * @throws IllegalArgumentException when below 1
         */
        public Builder maxSources(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("max sources must be at least 1: " + value);
            }
            maxSources = options.once("max sources", value);
            return this;
        }

        /** Adds a fixed (knockd-style) door. */
        public Builder door(FixedDoor door) {
            addName(Objects.requireNonNull(door, "door"));
            doors.add(new DoorState(door));
            return this;
        }

        /**
         * Adds a one-time door.
         *
         * @param door the door
         * @param opensWith whether an attempt may start with this first digit: for sealed, whether
         *     the hint lies in some pad's window; for raw, whether some block of a window begins
         *     with it. It runs on the capture thread for every candidate first packet: keep it fast.
         */
        public Builder door(OneTimeDoor door, IntPredicate opensWith) {
            addName(Objects.requireNonNull(door, "door"));
            doors.add(new DoorState(door, Objects.requireNonNull(opensWith, "opensWith")));
            return this;
        }

        private void addName(Door door) {
            if (!doorNames.add(door.name())) {
                throw new IllegalArgumentException("duplicate door name '" + door.name() + "'");
            }
        }

        /**
         * Takes over the unfinished attempts of a matcher this one replaces (a reloaded
         * configuration), on every door this matcher has unchanged (same name, equal door), so that
         * nobody knocking has to start over. Attempts on doors that are gone or changed are dropped
         * without a report. {@code previous} is only read, when {@link #build()} runs; no other
         * thread may use it meanwhile.
         */
        public Builder attemptsOf(SequenceMatcher value) {
            previous = Optional.of(options.once("previous matcher", Objects.requireNonNull(value, "previous")));
            return this;
        }

        /** The listener that receives completed and discarded attempts (required). */
        public Builder listener(MatchListener value) {
            listener = options.once("listener", Objects.requireNonNull(value, "listener"));
            return this;
        }

        /**
         * The matcher.
         *
         * @throws IllegalStateException when the clock, the listener or every door is missing
         */
        public SequenceMatcher build() {
            if (clock == null) {
                throw new IllegalStateException("a clock is required");
            }
            if (listener == null) {
                throw new IllegalStateException("a listener is required");
            }
            if (doors.isEmpty()) {
                throw new IllegalStateException("at least one door is required");
            }
            return new SequenceMatcher(this);
        }
    }
}
