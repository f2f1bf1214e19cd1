package dev.portknock.core;

import dev.portknock.core.internal.BuilderOptions;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Assembles captured packets into knocks, per source and door: knockd's rules on fixed doors,
 * overlapping candidates on one-time doors.
 *
 * <ul>
 *   <li>An attempt belongs to one (source, door) pair; several doors advance in parallel on the
 *       same packets, and sources never disturb each other.</li>
 *   <li>A packet a door does not admit (another port, another transport, failing the door's TCP
 *       flag filter) is ignored by that door.</li>
 *   <li>Fixed door: an attempt follows one sequence. A packet for one of the sequence's ports
 *       that is not the expected next one discards the attempt ({@link DiscardReason#WRONG_PACKET});
 *       if it is the sequence's first port it then starts a new attempt.</li>
 *   <li>One-time door: every admitted packet carries the digit {@code port - base}, and no digit
 *       proves a candidate wrong, so an attempt holds overlapping candidate knocks. Each admitted
 *       digit is appended to every candidate of the source's attempt, and a digit the door's
 *       {@code opensWith} predicate accepts (for sealed: a hint inside some pad's window; for raw:
 *       a digit some window block begins with) also starts a candidate. A candidate completes
 *       after {@code knockLength()} digits and the others go on. A stray digit before a knock (a
 *       scanner behind the client's NAT, a spoofer, a knock that lost a packet) therefore costs
 *       one garbage completion, for verification to reject, and no longer swallows the knock.</li>
 *   <li>An attempt holds at most {@value #CANDIDATES} candidates. When a digit opens one more, the
 *       youngest of the others makes room: every opening digit gets its candidate, so strays
 *       before a knock cannot refuse its first digit, and an older candidate is never given up for
 *       one that began inside it, so the openings among a knock's own later digits cannot push
 *       the knock out. What this cannot save: a knock that begins while {@value #CANDIDATES} - 1
 *       older candidates live (a burst of strays, or the leftovers of an earlier knock nobody
 *       recognised) is given up when one of its own later digits opens before they end.</li>
 *   <li>Those openings would complete as garbage on the source's next knock. Once verification
 *       recognises a knock as genuine the caller says so ({@link #recognised(CompletedKnock)}), and
 *       the candidates that began on its digits end without a report.</li>
 *   <li>A candidate's timeout runs from its first packet, by the packets' capture times: a packet
 *       exactly at {@code first + timeout} still counts; a later one ends the candidate. An
 *       attempt whose last candidate ends so is discarded ({@link DiscardReason#TIMEOUT}), reported
 *       once however many candidates it held. {@link #expire()} does the same by the clock.</li>
 *   <li>At most {@code maxSources} attempts are tracked; starting one more evicts the one holding
 *       the oldest candidate ({@link DiscardReason#EVICTED}), so a flood of spoofed sources cannot
 *       grow memory beyond {@code maxSources} attempts of at most {@value #CANDIDATES} candidates.</li>
 * </ul>
 *
 * <p>Not thread-safe: one capture or dispatch thread calls {@link #offer(CapturedPacket)} or
 * {@link #offer(PacketEvent)}, {@link #expire()} and {@link #recognised(CompletedKnock)} (or
 * callers hold one lock around them).
 * Listeners run on that thread and must not call back into the matcher.
 *
 * <p>A packet that no door watches (the vast majority on a busy host) is rejected by one lookup
 * in a port bitmap and allocates nothing. {@link #expire()} costs in proportion to the candidates
 * that expire, not to those held.
 */
public final class SequenceMatcher {
    /** The most candidates an attempt on a one-time door holds at once. */
    public static final int CANDIDATES = 4;
    /** How many attempts a matcher tracks unless its builder says otherwise. */
    public static final int DEFAULT_MAX_SOURCES = 65536;
    private static final int PORTS = 65536;
    private static final int NANOS_PER_SECOND = 1_000_000_000;

    private final Clock clock;
    private final MatchListener listener;
    private final int maxSources;
    private final DoorState[] doors;
    /** Bit p set when some door admits port p over UDP (resp. TCP), before flag filters. */
    private final long[] udpPorts = new long[PORTS / 64];
    private final long[] tcpPorts = new long[PORTS / 64];
    /**
     * The live attempts, by (source, door): one entry per attempt, which leaves the table with its
     * last candidate.
     */
    private final AddressTable<Attempt> attempts = new AddressTable<>();
    /**
     * The offered packet's source, read at most once per packet and only when a door admits the
     * packet ({@code currentRead} says whether {@code currentKey} is this packet's); each door that
     * admits it then looks its attempt up under its own index.
     */
    private final AddressTable.Key currentKey = new AddressTable.Key();
    private boolean currentRead;
    /** The key of other lookups than the offered packet's (adoption, recognised knocks). */
    private final AddressTable.Key otherKey = new AddressTable.Key();
    /** The view {@link #offer(PacketEvent)} fills from an event; used while dispatching only. */
    private final CapturedPacket bridged = new CapturedPacket();
    /**
     * Each door's live candidates in the order they started, oldest first. A door has one timeout,
     * so this is also the order of their deadlines: expiry takes them from the front.
     */
    private final Candidate[] oldest;
    private final Candidate[] newest;
    /** Numbers the packets some door watches, so candidates know which began first and inside which knock. */
    private long packets;
    private int tracked;
    private int candidates;
    private boolean dispatching;

    private SequenceMatcher(Builder builder) {
        this.clock = builder.clock;
        this.listener = builder.listener;
        this.maxSources = builder.maxSources;
        this.doors = builder.doors.toArray(new DoorState[0]);
        this.oldest = new Candidate[doors.length];
        this.newest = new Candidate[doors.length];
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
     * name, equal door), their candidates oldest first, keeping at most {@code maxSources} of the
     * newest attempts.
     */
    private void adopt(SequenceMatcher previous) {
        packets = previous.packets;
        Map<String, Integer> byName = new HashMap<>();
        for (int d = 0; d < doors.length; d++) {
            byName.put(doors[d].door.name(), d);
        }
        List<Candidate> held = new ArrayList<>();
        for (Candidate first : previous.oldest) {
            for (Candidate candidate = first; candidate != null; candidate = candidate.later) {
                held.add(candidate);
            }
        }
        held.sort(Comparator.comparingLong(candidate -> candidate.number));
        for (Candidate old : held) {
            Door door = previous.doors[old.attempt.door].door;
            Integer d = byName.get(door.name());
            if (d == null || !doors[d].door.equals(door)) {
                continue;
            }
            InetAddress address = old.attempt.address();
            AddressTable.Key key = attempts.keyOf(address, otherKey).door(d);
            Attempt attempt = attempts.find(key);
            if (attempt == null) {
                if (tracked == maxSources) {
                    drop(oldestAttempt());
                }
                attempt = file(new Attempt(address, key));
                attempt.knocks = old.attempt.knocks == null ? null : old.attempt.knocks.clone();
            }
            link(new Candidate(attempt, old));
        }
    }

    /** A builder; the clock, the listener and at least one door are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Feeds one captured packet to every door. Outcomes go to the listener before this returns.
     * The same as {@link #offer(CapturedPacket)} with the event's parts, its source object kept
     * by an attempt that has a scope; an IPv6 source costs the copy of its bytes that
     * {@code getAddress()} makes.
     *
     * @throws IllegalStateException when called from a listener of this matcher
     */
    public void offer(PacketEvent event) {
        if (watches(event.transport(), event.destinationPort())) {
            checkNotDispatching();
            dispatch(bridged.of(event));
        }
    }

    /**
     * Feeds one captured packet, a view its capture backend refills for the next, to every door.
     * Outcomes go to the listener before this returns; the matcher keeps nothing of the view. The
     * source is looked up by its bytes: an {@code InetAddress} is made only for an attempt the
     * listener is told of, completed or discarded (when the view was not given one), and the
     * capture time's {@code Instant} only for a packet that starts or continues an attempt. A packet that no door
     * watches, or whose digit starts nothing and whose source has no attempt, allocates nothing.
     *
     * @throws IllegalStateException when called from a listener of this matcher, or when a part
     *     of the packet was never set
     */
    public void offer(CapturedPacket packet) {
        if (watches(packet.transport(), packet.destinationPort())) {
            dispatch(packet);
        }
    }

    /** Whether some door admits the port over the transport, before flag filters: one bitmap lookup. */
    private boolean watches(Transport transport, int port) {
        long[] watched = transport == Transport.UDP ? udpPorts : tcpPorts;
        return (watched[port >>> 6] & (1L << port)) != 0;
    }

    private void dispatch(CapturedPacket packet) {
        enter();
        try {
            packets++;
            for (int d = 0; d < doors.length; d++) {
                DoorState door = doors[d];
                if (door.fixed != null) {
                    offerFixed(d, door, packet);
                } else {
                    offerOneTime(d, door, packet);
                }
            }
        } finally {
            currentRead = false;
            dispatching = false;
        }
    }

    /**
     * Ends every candidate whose timeout has passed by the clock; an attempt whose last candidate
     * ends so is discarded with {@link DiscardReason#TIMEOUT}. Call it periodically so that
     * abandoned attempts do not wait for eviction. It looks at the candidates that expire and at
     * the next one of each door, not at the others.
     *
     * <p>Candidates are expired in the order they started. A candidate that started later by the
     * clock than the one after it (capture times are not quite monotonic across capture threads)
     * is held up behind it until that one expires too; a packet from its source ends it on time.
     *
     * @throws IllegalStateException when called from a listener of this matcher
     */
    public void expire() {
        enter();
        try {
            Instant now = clock.instant();
            for (int d = 0; d < doors.length; d++) {
                for (Candidate first = oldest[d]; first != null && doors[d].isPast(first, now); first = oldest[d]) {
                    Attempt attempt = first.attempt;
                    if (end(first)) {
                        listener.discarded(doors[d].door, attempt.address(), DiscardReason.TIMEOUT);
                    }
                }
            }
        } finally {
            dispatching = false;
        }
    }

    /**
     * Tells the matcher that verification recognised a knock it completed on a one-time door as
     * genuine (accepted it, or found its tags right for a block behind the cursor or beyond the
     * window, or for a revoked pad: a replay, a late, a drifted or a revoked knock), so that the
     * candidates that began on the knock's own later digits end, without a report. A genuine knock
     * never begins inside another; left alone, those candidates could only complete as garbage on
     * the source's next knock, each a failed verification counted against the pad. Candidates that
     * began after the knock's last digit (the next knock's) are kept. Nothing happens for a knock
     * this matcher no longer remembers (its source holds no candidate on that door any more) or a
     * fixed door's knock.
     *
     * @throws IllegalStateException when called from a listener of this matcher
     */
    public void recognised(CompletedKnock knock) {
        Objects.requireNonNull(knock, "knock");
        enter();
        try {
            for (int d = 0; d < doors.length; d++) {
                if (doors[d].oneTime != null && doors[d].door.equals(knock.door())) {
                    Attempt attempt = attempts.find(attempts.keyOf(knock.source(), otherKey).door(d));
                    if (attempt != null) {
                        endCandidatesInside(attempt, knock);
                    }
                }
            }
        } finally {
            dispatching = false;
        }
    }

    private void endCandidatesInside(Attempt attempt, CompletedKnock knock) {
        for (int k = 0; attempt.knocks != null && k < attempt.knocks.length; k++) {
            Completion completion = attempt.knocks[k];
            if (completion != null && completion.knock == knock) {
                attempt.knocks[k] = null;
                Candidate candidate = attempt.oldest;
                while (candidate != null) {
                    Candidate younger = candidate.younger;
                    if (candidate.number > completion.first && candidate.number <= completion.last && end(candidate)) {
                        return;
                    }
                    candidate = younger;
                }
                return;
            }
        }
    }

    /**
     * The number of unfinished attempts held, at most {@code maxSources}: one per (source, door),
     * however many overlapping candidates it holds.
     */
    public int trackedAttempts() {
        return tracked;
    }

    /** The candidates of all attempts, at most {@value #CANDIDATES} per attempt. */
    int trackedCandidates() {
        return candidates;
    }

    private void enter() {
        checkNotDispatching();
        dispatching = true;
    }

    private void checkNotDispatching() {
        if (dispatching) {
            throw new IllegalStateException("a match listener must not call back into the matcher");
        }
    }

    private void offerFixed(int d, DoorState door, CapturedPacket event) {
        if (!door.involves(event)) {
            return;
        }
        Attempt attempt = liveAttempt(d, event);
        if (attempt != null) {
            Candidate sequence = attempt.oldest;
            if (door.isAt(sequence.received, event)) {
                sequence.received++;
                sequence.lastPacket = event.time();
                if (sequence.received == door.length) {
                    end(sequence);
                    complete(door, sequence);
                }
                return;
            }
            discard(attempt, DiscardReason.WRONG_PACKET);
        }
        if (door.isAt(0, event)) {
            Candidate sequence = start(newAttempt(d, event), door, event, 0);
            if (door.length == 1) {
                end(sequence);
                complete(door, sequence);
            }
        }
    }

    private void offerOneTime(int d, DoorState door, CapturedPacket event) {
        Profile profile = door.oneTime.profile();
        if (!profile.admits(event.transport(), event.destinationPort(), event.tcpFlags())) {
            return;
        }
        int digit = profile.digitOf(event.destinationPort());
        Attempt attempt = liveAttempt(d, event);
        Candidate completed = attempt == null ? null : append(attempt, door.length, digit, event.time());
        if (attempt != null && !attempt.filed()) {
            attempt = null;  // the completed candidate was its last
        }
        if (door.opensWith.test(digit)) {
            if (attempt == null) {
                attempt = newAttempt(d, event);
            } else if (attempt.size == CANDIDATES) {
                end(attempt.youngest);
            }
            Candidate started = start(attempt, door, event, digit);
            if (door.length == 1) {
                end(started);
                completed = started;
                attempt = attempt.filed() ? attempt : null;
            }
        }
        if (completed != null) {
            CompletedKnock knock = complete(door, completed);
            if (attempt != null && attempt.size > 0) {
                attempt.remember(new Completion(knock, completed.number, packets));
            }
        }
    }

    /**
     * Appends a digit to every candidate of an attempt and ends the one it completes, which it
     * returns (null if none). At most one completes: they began on different digits.
     */
    private Candidate append(Attempt attempt, int length, int digit, Instant time) {
        Candidate full = null;
        for (Candidate candidate = attempt.oldest; candidate != null; candidate = candidate.younger) {
            if (candidate.digits == null) {
                candidate.digits = new int[length];
                candidate.digits[0] = candidate.firstDigit;
            }
            candidate.digits[candidate.received++] = digit;
            candidate.lastPacket = time;
            if (candidate.received == length) {
                full = candidate;
            }
        }
        if (full != null) {
            end(full);
        }
        return full;
    }

    /**
     * The (source, door) attempt without its candidates that this packet arrives too late for;
     * null when there is none left (an attempt that lost its last candidate so is reported).
     */
    private Attempt liveAttempt(int d, CapturedPacket event) {
        Attempt attempt = attempts.find(keyOf(d, event));
        if (attempt == null) {
            return null;
        }
        // its candidates started in order, so the ones timed out come first
        while (doors[d].isPast(attempt.oldest, event.epochSecond(), event.nano())) {
            if (end(attempt.oldest)) {
                listener.discarded(doors[d].door, attempt.address(), DiscardReason.TIMEOUT);
                return null;
            }
        }
        return attempt;
    }

    /** The key of the packet's source on door {@code d}; the source's bytes are read and hashed once per packet. */
    private AddressTable.Key keyOf(int d, CapturedPacket event) {
        if (!currentRead) {
            attempts.keyOf(event.sourceWords(), currentKey);
            currentRead = true;
        }
        return currentKey.door(d);
    }

    /** A new, empty attempt of the packet's source on door {@code d}, evicting one at the limit. */
    private Attempt newAttempt(int d, CapturedPacket event) {
        if (tracked == maxSources) {
            discard(oldestAttempt(), DiscardReason.EVICTED);
        }
        return file(new Attempt(event.givenSource(), keyOf(d, event)));
    }

    /** Files a new attempt. */
    private Attempt file(Attempt attempt) {
        attempts.add(attempt);
        tracked++;
        return attempt;
    }

    /** The attempt that holds the oldest candidate of all doors. */
    private Attempt oldestAttempt() {
        Candidate first = null;
        for (Candidate candidate : oldest) {
            if (candidate != null && (first == null || candidate.number < first.number)) {
                first = candidate;
            }
        }
        return first.attempt;
    }

    private Candidate start(Attempt attempt, DoorState door, CapturedPacket event, int firstDigit) {
        Candidate candidate = new Candidate(attempt, packets, event, firstDigit);
        link(candidate);
        return candidate;
    }

    /** Adds a candidate as the youngest of its attempt and the newest of its door. */
    private void link(Candidate candidate) {
        Attempt attempt = candidate.attempt;
        if (attempt.oldest == null) {
            attempt.oldest = candidate;
        } else {
            attempt.youngest.younger = candidate;
        }
        attempt.youngest = candidate;
        attempt.size++;
        int d = attempt.door;
        if (newest[d] == null) {
            oldest[d] = candidate;
        } else {
            newest[d].later = candidate;
            candidate.earlier = newest[d];
        }
        newest[d] = candidate;
        candidates++;
    }

    private CompletedKnock complete(DoorState door, Candidate candidate) {
        int[] digits = door.fixed != null ? new int[0]
                : candidate.digits == null ? new int[] {candidate.firstDigit} : candidate.digits;
        Instant first = Instant.ofEpochSecond(candidate.firstSeconds, candidate.firstNanos);
        CompletedKnock knock = new CompletedKnock(door.door, candidate.attempt.address(), candidate.destination,
                digits, first, candidate.lastPacket == null ? first : candidate.lastPacket);
        listener.completed(knock);
        return knock;
    }

    /** Ends every candidate of the attempt and reports it discarded, once. */
    private void discard(Attempt attempt, DiscardReason reason) {
        drop(attempt);
        listener.discarded(doors[attempt.door].door, attempt.address(), reason);
    }

    /** Ends every candidate of the attempt, without a report. */
    private void drop(Attempt attempt) {
        while (!end(attempt.oldest)) {
            // the attempt closes with its last candidate
        }
    }

    /**
     * Unlinks a candidate from its attempt and its door, and the attempt from the table when that
     * was its last candidate: whether it was.
     */
    private boolean end(Candidate candidate) {
        Attempt attempt = candidate.attempt;
        if (attempt.oldest == candidate) {
            attempt.oldest = candidate.younger;
            if (attempt.youngest == candidate) {
                attempt.youngest = null;
            }
        } else {
            Candidate before = attempt.oldest;
            while (before.younger != candidate) {
                before = before.younger;
            }
            before.younger = candidate.younger;
            if (attempt.youngest == candidate) {
                attempt.youngest = before;
            }
        }
        candidate.younger = null;
        int d = attempt.door;
        if (candidate.earlier == null) {
            oldest[d] = candidate.later;
        } else {
            candidate.earlier.later = candidate.later;
        }
        if (candidate.later == null) {
            newest[d] = candidate.earlier;
        } else {
            candidate.later.earlier = candidate.earlier;
        }
        candidate.earlier = null;
        candidate.later = null;
        candidates--;
        if (--attempt.size > 0) {
            return false;
        }
        attempts.remove(attempt);
        tracked--;
        return true;
    }

    /** One door with what the hot path needs of it in flat arrays. */
    private static final class DoorState {
        final Door door;
        final int length;
        /** Set for a fixed door, with its ports and transports in sequence order. */
        final FixedDoor fixed;
        final int[] ports;
        final Transport[] transports;
        /** Set for a one-time door, with the predicate that says which digits start a candidate. */
        final OneTimeDoor oneTime;
        final IntPredicate opensWith;
        /** The sequence timeout, in seconds and nanoseconds. */
        final long timeoutSeconds;
        final int timeoutNanos;

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
            this.timeoutSeconds = fixed.sequenceTimeout().getSeconds();
            this.timeoutNanos = fixed.sequenceTimeout().getNano();
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

        /**
         * Whether {@code time} is past the candidate's deadline, its first packet's time plus the
         * timeout: a packet at that time comes too late for it. The time since its first packet is
         * compared with the timeout rather than a deadline kept, so that a candidate (most of them
         * strays that nothing follows) is smaller; two capture times are within the range of
         * {@code Instant}, so their difference in seconds cannot overflow, and a timeout of
         * centuries is never passed.
         */
        boolean isPast(Candidate candidate, Instant time) {
            return isPast(candidate, time.getEpochSecond(), time.getNano());
        }

        /** {@link #isPast(Candidate, Instant)} of a time in seconds and nanoseconds, without an {@code Instant}. */
        boolean isPast(Candidate candidate, long epochSecond, int nano) {
            long seconds = epochSecond - candidate.firstSeconds;
            // the whole seconds decide but for the second the deadline falls in (expiry asks this of
            // every door's oldest candidate, and most are not due)
            if (seconds < timeoutSeconds) {
                return false;
            }
            if (seconds - 1 > timeoutSeconds) {
                return true;
            }
            int nanos = nano - candidate.firstNanos;
            if (nanos < 0) {
                seconds--;
                nanos += NANOS_PER_SECOND;
            }
            return seconds > timeoutSeconds || seconds == timeoutSeconds && nanos > timeoutNanos;
        }

        /** {@link FixedDoor#involves(PacketEvent)} without its iterator. */
        boolean involves(CapturedPacket event) {
            for (int i = 0; i < ports.length; i++) {
                if (isAt(i, event)) {
                    return event.transport() == Transport.UDP || fixed.tcpFlags().accepts(event.tcpFlags());
                }
            }
            return false;
        }

        /** Whether the packet goes to the sequence's i-th port and transport (flags checked by the caller). */
        boolean isAt(int i, CapturedPacket event) {
            return ports[i] == event.destinationPort() && transports[i] == event.transport();
        }
    }

    /**
     * One source's unfinished knocking on one door, as filed in the matcher's table under both: its
     * candidates, oldest first (a fixed door's attempt has exactly one), and the knocks it
     * completed lately.
     */
    private static final class Attempt extends AddressTable.Entry {
        Candidate oldest;
        Candidate youngest;
        /** At most {@link SequenceMatcher#CANDIDATES}: a byte, as {@code next}, keeps the object at 56 bytes. */
        byte size;
        /**
         * The last {@link SequenceMatcher#CANDIDATES} knocks completed while candidates that began
         * inside them lived on, for {@link SequenceMatcher#recognised(CompletedKnock)}; null until the
         * first. That is enough: until all of a knock's inner candidates have ended, only they
         * complete (the older first), and there are fewer of them.
         */
        Completion[] knocks;
        byte next;

        /**
         * @param source the source object it came as (kept with a scope), or null when it came as bytes
         * @param key the key of the source and the door, filled by the table the attempt goes to
         */
        Attempt(InetAddress source, AddressTable.Key key) {
            super(source, key);
        }

        void remember(Completion completion) {
            if (knocks == null) {
                knocks = new Completion[CANDIDATES];
            }
            knocks[next] = completion;
            next = (byte) ((next + 1) % CANDIDATES);
        }
    }

    /** A completed knock and the numbers of its first and last packets. */
    private record Completion(CompletedKnock knock, long first, long last) {
    }

    /**
     * A candidate knock: the digits (one-time door) or steps (fixed door) since its first packet.
     * Under a flood of new sources the matcher holds one per tracked attempt, most of them a
     * stray's lone digit, so it keeps its times as numbers rather than the packets' {@code Instant}s
     * (24 bytes each) and no deadline: 72 bytes where it took 96 with the first packet's Instant.
     */
    private static final class Candidate {
        final Attempt attempt;
        /** The number of its first packet: candidates that began later have higher ones. */
        final long number;
        final InetAddress destination;
        /** Its first packet's time, in seconds since the epoch and nanoseconds. */
        final long firstSeconds;
        final int firstNanos;
        /** A one-time door's first digit (0 for a fixed door). */
        final int firstDigit;
        /**
         * A one-time door's digits so far, from its second digit on (null before it, and for a fixed
         * door): a stray digit that nothing follows, what most of a flood is, costs no array.
         */
        int[] digits;
        /** Its last packet's time; null while it has had one packet only. */
        Instant lastPacket;
        int received = 1;
        /** The next candidate of the same attempt. */
        Candidate younger;
        /** The neighbours in the door's start order. */
        Candidate earlier;
        Candidate later;

        Candidate(Attempt attempt, long number, CapturedPacket first, int firstDigit) {
            this.attempt = attempt;
            this.number = number;
            this.destination = first.destination();
            this.firstSeconds = first.epochSecond();
            this.firstNanos = first.nano();
            this.firstDigit = firstDigit;
        }

        /** The same candidate in another matcher, in its attempt {@code attempt}. */
        Candidate(Attempt attempt, Candidate original) {
            this.attempt = attempt;
            this.number = original.number;
            this.destination = original.destination;
            this.firstSeconds = original.firstSeconds;
            this.firstNanos = original.firstNanos;
            this.lastPacket = original.lastPacket;
            this.firstDigit = original.firstDigit;
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
        private int maxSources = DEFAULT_MAX_SOURCES;
        private Optional<SequenceMatcher> previous = Optional.empty();

        private Builder() {
        }

        /** The clock {@link SequenceMatcher#expire()} reads (required). */
        public Builder clock(Clock value) {
            clock = options.once("clock", Objects.requireNonNull(value, "clock"));
            return this;
        }

        /**
         * The most attempts (one per source and door, each of at most {@link SequenceMatcher#CANDIDATES}
         * candidates) tracked at once (default {@value SequenceMatcher#DEFAULT_MAX_SOURCES}); starting one
         * more evicts the one holding the oldest candidate.
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
