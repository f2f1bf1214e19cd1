package dev.portknock.core;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Assembles captured packets into knocks, per source and door: knockd's rules for fixed doors,
 * overlapping candidates for one-time doors.
 *
 * <ul>
 *   <li>An attempt belongs to one (source, door) pair; several doors advance in parallel on the
 *       same packets, and sources never disturb each other.</li>
 *   <li>A packet a door does not admit (another port, another transport, failing the door's TCP
 *       flag filter) is ignored by that door.</li>
 *   <li>Fixed door: one attempt per (source, door). A packet for one of the sequence's ports that
 *       is not the expected next one discards the attempt ({@link DiscardReason#WRONG_PACKET}); if
 *       it is the sequence's first port it then starts a new attempt.</li>
 *   <li>One-time door: every admitted packet carries the digit {@code port - base}, and no digit
 *       proves an attempt wrong, so a stray digit (noise, a replay's tail, a knock that lost a
 *       packet, a scanner behind the client's NAT) must not swallow the start of the source's
 *       next real knock. Each (source, door) entry therefore holds overlapping candidates: every
 *       admitted digit is appended to each live candidate, and a digit the door's
 *       {@code opensWith} predicate accepts (for sealed: a hint inside some pad's window; for raw:
 *       a digit some window block begins with) also starts a new candidate. A candidate completes
 *       after {@code knockLength()} digits and the others go on, so an entry holds at most
 *       {@code knockLength()} candidates, in arrays of that length made when it starts. A stray
 *       before a knock costs one garbage completion, for verification to reject.</li>
 *   <li>A knock's own later digits open candidates too. Once the knock is verified, the caller
 *       says so ({@link #accepted(CompletedKnock)}) and those candidates end; otherwise they would
 *       complete as garbage on the source's next knock.</li>
 *   <li>The timeout runs from a candidate's (fixed door: the attempt's) first packet, by the
 *       packets' capture times: a packet exactly at {@code first + timeout} still counts; a later
 *       one ends the candidate and may start a new one. An entry whose last candidates end so is
 *       reported discarded ({@link DiscardReason#TIMEOUT}) once. {@link #expire()} does the same
 *       by the clock.</li>
 *   <li>At most {@code maxSources} (source, door) entries are tracked; starting one more evicts
 *       the oldest ({@link DiscardReason#EVICTED}, once per entry), so a flood of spoofed sources
 *       cannot grow memory: it stays within {@code maxSources} entries of at most
 *       {@code knockLength()} candidates.</li>
 * </ul>
 *
 * <p>Not thread-safe: one capture or dispatch thread calls {@link #offer(PacketEvent)} and
 * {@link #expire()}, and a verifier thread that calls {@link #accepted(CompletedKnock)} holds the
 * same lock (as {@code KnockServer} does). Listeners run on the calling thread and must not call
 * back into the matcher.
 *
 * <p>A packet that no door watches (the vast majority on a busy host) is rejected by one lookup
 * in a port bitmap and allocates nothing.
 */
public final class SequenceMatcher {
    private static final int PORTS = 65536;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

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
                if (attempt.firstTimes != null) {
                    expireCandidates(attempt, now);
                } else if (now.isAfter(attempt.deadline)) {
                    discard(attempt, DiscardReason.TIMEOUT);
                }
                attempt = next;
            }
        } finally {
            dispatching = false;
        }
    }

    /**
     * Tells the matcher that a knock it completed on a one-time door was accepted, so that the
     * candidates the knock's own later digits opened end, without a report. A genuine knock never
     * begins inside another one; left alone, those candidates could only complete as garbage on
     * the digits of the source's next knock, each a failed verification counted against the pad.
     * Candidates that began after the knock's last digit (the next knock's) are kept. Nothing
     * happens when the knock is not the last one its source completed on that door, or its
     * candidates are gone.
     *
     * @throws IllegalStateException when called from a listener of this matcher
     */
    public void accepted(CompletedKnock knock) {
        enter();
        try {
            for (int d = 0; d < doors.length; d++) {
                if (doors[d].door == knock.door() && doors[d].oneTime != null) {
                    endCandidatesInside(d, knock);
                }
            }
        } finally {
            dispatching = false;
        }
    }

    private void endCandidatesInside(int d, CompletedKnock knock) {
        Source source = sources.find(knock.source(), sources.hashOf(knock.source()));
        Attempt entry = source == null ? null : source.attempts[d];
        if (entry == null || entry.lastCompleted != knock) {
            return;
        }
        int length = doors[d].length;
        long last = entry.lastCompletedStart + length - 1;
        for (int slot = 0; slot < length && entry.candidates > 0; slot++) {
            // the candidate in a slot began on the latest digit of that slot's residue
            long start = entry.count - 1 - Math.floorMod(entry.count - 1 - slot, length);
            if (entry.firstTimes[slot] != null && start > entry.lastCompletedStart && start <= last) {
                endCandidate(entry, slot);
            }
        }
    }

    /**
     * The number of (source, door) entries held, at most {@code maxSources}: one per unfinished
     * fixed-door attempt, and one per (source, one-time door) however many overlapping candidates
     * it holds.
     */
    public int trackedAttempts() {
        return tracked;
    }

    /** The unfinished candidate knocks of all one-time doors' entries, for tests of the bound. */
    int trackedCandidates() {
        int candidates = 0;
        for (Attempt attempt = oldest; attempt != null; attempt = attempt.next) {
            candidates += attempt.candidates;
        }
        return candidates;
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
            start(d, door, event);
        }
    }

    private void offerOneTime(int d, DoorState door, PacketEvent event) {
        Profile profile = door.oneTime.profile();
        if (!profile.admits(event)) {
            return;
        }
        int digit = profile.digitOf(event.destinationPort());
        boolean opens = door.opensWith.test(digit);
        Source source = sourceOf(event);
        Attempt entry = source == null ? null : source.attempts[d];
        if (entry != null && !expireCandidates(entry, event.time())) {
            entry = null;
        }
        if (entry == null) {
            if (!opens) {
                return;
            }
            entry = start(d, door, event);
        }
        append(entry, door, digit, opens, event);
    }

    /**
     * Appends a digit to every candidate of a one-time entry, opening one more at it when
     * {@code opens}, and completes the candidate that then holds {@code knockLength()} digits.
     */
    private void append(Attempt entry, DoorState door, int digit, boolean opens, PacketEvent event) {
        int length = door.length;
        int slot = (int) (entry.count % length);
        entry.digits[slot] = digit;
        if (opens) {
            // the slot's previous candidate, if any, completed on the previous digit: it is free
            Instant time = event.time();
            long nanos = time.getNano() + door.timeoutNanos;
            long deadlineSeconds = time.getEpochSecond() + door.timeoutSeconds + nanos / NANOS_PER_SECOND;
            int deadlineNanos = (int) (nanos % NANOS_PER_SECOND);
            entry.deadlineSeconds[slot] = deadlineSeconds;
            entry.deadlineNanos[slot] = deadlineNanos;
            if (deadlineSeconds < entry.earliestSeconds
                    || deadlineSeconds == entry.earliestSeconds && deadlineNanos < entry.earliestNanos) {
                entry.earliestSeconds = deadlineSeconds;
                entry.earliestNanos = deadlineNanos;
            }
            entry.firstTimes[slot] = time;
            entry.destinations[slot] = event.destination();
            entry.candidates++;
        }
        entry.count++;
        // the candidate that began knockLength - 1 digits ago is the one now complete
        int first = (int) (entry.count % length);
        if (entry.firstTimes[first] != null && entry.count >= length) {
            int[] digits = new int[length];
            for (int i = 0; i < length; i++) {
                digits[i] = entry.digits[(first + i) % length];
            }
            CompletedKnock knock = new CompletedKnock(door.door, entry.owner.address, entry.destinations[first],
                    digits, entry.firstTimes[first], event.time());
            entry.lastCompleted = knock;
            entry.lastCompletedStart = entry.count - length;
            endCandidate(entry, first);
            listener.completed(knock);
        }
    }

    /**
     * Ends the entry's candidates whose timeout has passed at {@code now}; whether the entry still
     * holds a candidate. An entry whose last candidates end so has left the table and is reported
     * discarded ({@link DiscardReason#TIMEOUT}) once, however many candidates it held.
     */
    private boolean expireCandidates(Attempt entry, Instant now) {
        long seconds = now.getEpochSecond();
        int nanos = now.getNano();
        if (seconds < entry.earliestSeconds || seconds == entry.earliestSeconds && nanos <= entry.earliestNanos) {
            return true;
        }
        long earliestSeconds = Long.MAX_VALUE;
        int earliestNanos = 0;
        for (int slot = 0; slot < entry.firstTimes.length && entry.candidates > 0; slot++) {
            if (entry.firstTimes[slot] == null) {
                continue;
            }
            long deadline = entry.deadlineSeconds[slot];
            int deadlineNanos = entry.deadlineNanos[slot];
            if (seconds > deadline || seconds == deadline && nanos > deadlineNanos) {
                endCandidate(entry, slot);
            } else if (deadline < earliestSeconds || deadline == earliestSeconds && deadlineNanos < earliestNanos) {
                earliestSeconds = deadline;
                earliestNanos = deadlineNanos;
            }
        }
        entry.earliestSeconds = earliestSeconds;
        entry.earliestNanos = earliestNanos;
        if (entry.candidates == 0) {
            listener.discarded(doors[entry.door].door, entry.owner.address, DiscardReason.TIMEOUT);
            return false;
        }
        return true;
    }

    /** Ends the candidate that began at the slot, and the entry with its last candidate. */
    private void endCandidate(Attempt entry, int slot) {
        entry.firstTimes[slot] = null;
        entry.destinations[slot] = null;
        if (--entry.candidates == 0) {
            remove(entry);
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

    /** Files a new (source, door) entry, evicting the oldest at the limit; a fixed door's entry is its attempt. */
    private Attempt start(int d, DoorState door, PacketEvent event) {
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
        Attempt attempt = door.fixed != null
                ? new Attempt(d, source, event, event.time().plus(door.door.sequenceTimeout()))
                : new Attempt(d, source, door.length);
        source.attempts[d] = attempt;
        source.live++;
        if (newest == null) {
            oldest = attempt;
        } else {
            newest.next = attempt;
            attempt.previous = newest;
        }
        newest = attempt;
        tracked++;
        if (door.fixed != null && door.length == 1) {
            complete(attempt);
        }
        return attempt;
    }

    private void complete(Attempt attempt) {
        remove(attempt);
        listener.completed(new CompletedKnock(doors[attempt.door].door, attempt.owner.address, attempt.destination,
                new int[0], attempt.firstPacket, attempt.lastPacket));
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
        /** A one-time door's sequence timeout, split so that a candidate's deadline allocates nothing. */
        final long timeoutSeconds;
        final long timeoutNanos;

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
            this.timeoutSeconds = 0;
            this.timeoutNanos = 0;
        }

        DoorState(OneTimeDoor oneTime, IntPredicate opensWith) {
            this.door = oneTime;
            this.length = oneTime.knockLength();
            this.fixed = null;
            this.ports = null;
            this.transports = null;
            this.oneTime = oneTime;
            this.opensWith = opensWith;
            this.timeoutSeconds = oneTime.sequenceTimeout().getSeconds();
            this.timeoutNanos = oneTime.sequenceTimeout().getNano();
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

    /**
     * One (source, door) entry, linked into the matcher's start order: for a fixed door its one
     * unfinished attempt; for a one-time door its overlapping candidate knocks.
     */
    private static final class Attempt {
        final int door;
        final Source owner;
        /** Fixed door: the attempt's first packet's destination, times and deadline; else null. */
        final InetAddress destination;
        final Instant firstPacket;
        final Instant deadline;
        Instant lastPacket;
        int received = 1;
        /**
         * One-time door: a ring of the last {@code knockLength()} digits, digit n in slot
         * {@code n % knockLength()}; a candidate that began at a slot has there its first packet's
         * time (null where none began), its destination, and its deadline in epoch seconds and
         * nanoseconds (kept apart so that starting a candidate allocates nothing). A candidate is
         * complete when it has {@code knockLength()} digits, before its slot is written again.
         * Null for a fixed door.
         */
        final int[] digits;
        final long[] deadlineSeconds;
        final int[] deadlineNanos;
        final Instant[] firstTimes;
        final InetAddress[] destinations;
        /** One-time door: the digits appended so far, and the live candidates. */
        long count;
        int candidates;
        /** One-time door: the knock the entry completed last, and the number of its first digit. */
        CompletedKnock lastCompleted;
        long lastCompletedStart;
        /**
         * One-time door: no candidate's deadline is earlier than this (one that completed may have
         * held it), so a packet before it needs no scan for timeouts.
         */
        long earliestSeconds = Long.MAX_VALUE;
        int earliestNanos;
        Attempt previous;
        Attempt next;

        Attempt(int door, Source owner, PacketEvent first, Instant deadline) {
            this.door = door;
            this.owner = owner;
            this.destination = first.destination();
            this.firstPacket = first.time();
            this.lastPacket = first.time();
            this.deadline = deadline;
            this.digits = null;
            this.deadlineSeconds = null;
            this.deadlineNanos = null;
            this.firstTimes = null;
            this.destinations = null;
        }

        Attempt(int door, Source owner, int knockLength) {
            this.door = door;
            this.owner = owner;
            this.destination = null;
            this.firstPacket = null;
            this.deadline = null;
            this.digits = new int[knockLength];
            this.deadlineSeconds = new long[knockLength];
            this.deadlineNanos = new int[knockLength];
            this.firstTimes = new Instant[knockLength];
            this.destinations = new InetAddress[knockLength];
        }
    }

    /**
     * Builds a {@link SequenceMatcher}. The clock, the listener and {@code maxSources} may each be
     * set once ({@link IllegalStateException} otherwise); doors are added one call each and their
     * names must be distinct.
     */
    public static final class Builder {
        private final Set<String> set = new HashSet<>();
        private final Set<String> doorNames = new HashSet<>();
        private final List<DoorState> doors = new ArrayList<>();
        private Clock clock;
        private MatchListener listener;
        private int maxSources = 65536;

        private Builder() {
        }

        private void once(String option) {
            if (!set.add(option)) {
                throw new IllegalStateException(option + " was already set");
            }
        }

        /** The clock {@link SequenceMatcher#expire()} reads (required). */
        public Builder clock(Clock value) {
            once("clock");
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * The most (source, door) entries tracked at once (default 65536): one per fixed-door
         * attempt, one per (source, one-time door) with all its candidates; starting one more
         * evicts the oldest.
         *
         * @throws IllegalArgumentException when below 1
         */
        public Builder maxSources(int value) {
            once("max sources");
            if (value < 1) {
                throw new IllegalArgumentException("max sources must be at least 1: " + value);
            }
            maxSources = value;
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

        /** The listener that receives completed and discarded attempts (required). */
        public Builder listener(MatchListener value) {
            once("listener");
            listener = Objects.requireNonNull(value, "listener");
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
