package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.RecordingListener.Discard;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/** The matcher's rules, one per test (knockd's semantics, PROTOCOL.md §1). */
class SequenceMatcherTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final InetAddress SERVER = ip("192.0.2.1");
    private static final InetAddress ALICE = ip("192.0.2.10");
    private static final InetAddress BOB = ip("198.51.100.20");
    private static final InetAddress CAROL = ip("2001:db8::30");

    /** TCP SYN to 7000, 8000, 9000. */
    private static final FixedDoor SSH = new FixedDoor("ssh", FixedSequence.parse("7000,8000,9000"),
            TIMEOUT, TcpFlagFilter.SYN_ONLY);
    /** Default profile: sealed, UDP 40000..44095, 8 digits a knock. */
    private static final OneTimeDoor SEALED = new OneTimeDoor("sealed", Profile.builder().tagDigits(4).build());
    /** Raw, UDP 50000..51023, k=10, A=4, M=3: 7 digits a knock. */
    private static final OneTimeDoor RAW = new OneTimeDoor("raw",
            Profile.builder().scheme(Scheme.RAW).base(50000).digitBits(10).tagDigits(4).build());
    /** Hints of a cursor at 0 with the default window of 64. */
    private static final IntPredicate HINT_IN_WINDOW = hint -> hint < 64;

    private final MutableClock clock = new MutableClock(T0);
    private final RecordingListener listener = new RecordingListener();

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    private static PacketEvent syn(long millis, InetAddress source, int port) {
        return PacketEvent.tcp(at(millis), source, SERVER, port, TcpFlagFilter.SYN);
    }

    private static PacketEvent udp(long millis, InetAddress source, int port) {
        return PacketEvent.udp(at(millis), source, SERVER, port);
    }

    private SequenceMatcher.Builder matcher() {
        return SequenceMatcher.builder().clock(clock).listener(listener);
    }

    /** The completed knocks' digits, in order, as text (arrays compare by identity). */
    private List<String> completedDigits() {
        return listener.completed.stream().map(knock -> Arrays.toString(knock.digits())).toList();
    }

    private static void knockDigits(SequenceMatcher matcher, long millis, InetAddress source, int base, int... digits) {
        for (int digit : digits) {
            matcher.offer(udp(millis, source, base + digit));
        }
    }

    @Test
    void aReplacingMatcherCompletesAttemptsStartedInThePreviousOne() {
        SequenceMatcher previous = matcher().door(SSH).build();
        previous.offer(syn(0, ALICE, 7000));
        previous.offer(syn(100, ALICE, 8000));
        SequenceMatcher replacing = matcher().door(SSH).door(RAW, digit -> true).attemptsOf(previous).build();
        assertEquals(1, replacing.trackedAttempts());
        replacing.offer(syn(200, ALICE, 9000));
        assertEquals(List.of(new CompletedKnock(SSH, ALICE, SERVER, new int[0], at(0), at(200))), listener.completed);
    }

    @Test
    void aReplacingMatcherKeepsTheDigitsOfOneTimeAttempts() {
        SequenceMatcher previous = matcher().door(RAW, digit -> true).build();
        knockDigits(previous, 0, BOB, 50000, 1, 2, 3);
        SequenceMatcher replacing = matcher().door(RAW, digit -> true).attemptsOf(previous).build();
        knockDigits(replacing, 10, BOB, 50000, 4, 5, 6, 7);
        assertEquals(1, listener.completed.size());
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7}, listener.completed.get(0).digits());
    }

    @Test
    void aReplacingMatcherEndsTheCandidatesInsideAKnockThePreviousOneCompleted() {
        SequenceMatcher previous = matcher().door(SEALED, HINT_IN_WINDOW).build();
        knockDigits(previous, 0, ALICE, 40000, 0, 100, 101, 3, 102, 103, 104, 105);
        SequenceMatcher replacing = matcher().door(SEALED, HINT_IN_WINDOW).attemptsOf(previous).build();
        assertEquals(1, replacing.trackedCandidates());
        replacing.recognised(listener.completed.get(0));
        assertEquals(0, replacing.trackedCandidates());
    }

    @Test
    void aReplacingMatcherDropsAttemptsOnChangedOrRemovedDoors() {
        SequenceMatcher previous = matcher().door(SSH).door(RAW, digit -> true).build();
        previous.offer(syn(0, ALICE, 7000));
        knockDigits(previous, 0, BOB, 50000, 1);
        FixedDoor changed = new FixedDoor("ssh", FixedSequence.parse("7000,8000,9001"), TIMEOUT, TcpFlagFilter.SYN_ONLY);
        SequenceMatcher replacing = matcher().door(changed).attemptsOf(previous).build();
        assertEquals(0, replacing.trackedAttempts());
        assertEquals(List.of(), listener.discarded);
    }

    @Test
    void aReplacingMatcherKeepsTheNewestAttemptsWithinItsLimit() {
        SequenceMatcher previous = matcher().door(SSH).build();
        previous.offer(syn(0, ALICE, 7000));
        previous.offer(syn(1, BOB, 7000));
        SequenceMatcher replacing = matcher().door(SSH).maxSources(1).attemptsOf(previous).build();
        assertEquals(1, replacing.trackedAttempts());
        replacing.offer(syn(2, BOB, 8000));
        replacing.offer(syn(3, BOB, 9000));
        assertEquals(List.of(BOB), listener.completed.stream().map(CompletedKnock::source).toList());
    }

    @Test
    void singleSourceCompletesTheSequence() {
        SequenceMatcher matcher = matcher().door(SSH).build();
        matcher.offer(syn(0, ALICE, 7000));
        matcher.offer(syn(100, ALICE, 8000));
        matcher.offer(syn(200, ALICE, 9000));
        assertEquals(List.of(new CompletedKnock(SSH, ALICE, SERVER, new int[0], at(0), at(200))), listener.completed);
        assertEquals(List.of(), listener.discarded);
        assertEquals(0, matcher.trackedAttempts());
    }

    @Test
    void interleavedSourcesDoNotDisturbEachOther() {
        SequenceMatcher matcher = matcher().door(SSH).build();
        matcher.offer(syn(0, ALICE, 7000));
        matcher.offer(syn(1, BOB, 7000));
        matcher.offer(syn(2, ALICE, 8000));
        matcher.offer(syn(3, CAROL, 9000));
        matcher.offer(syn(4, BOB, 8000));
        matcher.offer(syn(5, ALICE, 9000));
        matcher.offer(syn(6, BOB, 9000));
        assertEquals(List.of(ALICE, BOB), listener.completed.stream().map(CompletedKnock::source).toList());
        assertEquals(List.of(), listener.discarded);
    }

    @Test
    void wrongInRangePacketDiscardsTheAttempt() {
        SequenceMatcher matcher = matcher().door(SSH).build();
        matcher.offer(syn(0, ALICE, 7000));
        matcher.offer(syn(1, ALICE, 9000));
        matcher.offer(syn(2, ALICE, 8000));
        matcher.offer(syn(3, ALICE, 9000));
        assertEquals(List.of(new Discard("ssh", ALICE, DiscardReason.WRONG_PACKET)), listener.discarded);
        assertEquals(List.of(), listener.completed);
        assertEquals(0, matcher.trackedAttempts());
    }

    @Test
    void wrongPacketThatIsTheFirstPortStartsANewAttempt() {
        SequenceMatcher matcher = matcher().door(SSH).build();
        matcher.offer(syn(0, ALICE, 7000));
        matcher.offer(syn(1, ALICE, 8000));
        matcher.offer(syn(2, ALICE, 7000));
        matcher.offer(syn(3, ALICE, 8000));
        matcher.offer(syn(4, ALICE, 9000));
        assertEquals(List.of(new Discard("ssh", ALICE, DiscardReason.WRONG_PACKET)), listener.discarded);
        assertEquals(List.of(new CompletedKnock(SSH, ALICE, SERVER, new int[0], at(2), at(4))), listener.completed);
    }

    @Test
    void packetsToPortsOutsideTheSequenceAreIgnored() {
        SequenceMatcher matcher = matcher().door(SSH).build();
        matcher.offer(syn(0, ALICE, 7000));
        matcher.offer(syn(1, ALICE, 7001));
        matcher.offer(syn(2, ALICE, 8000));
        matcher.offer(syn(3, ALICE, 22));
        matcher.offer(syn(4, ALICE, 9000));
        assertEquals(1, listener.completed.size());
        assertEquals(List.of(), listener.discarded);
    }

    @Test
    void packetsOfAnotherTransportAreIgnored() {
        SequenceMatcher matcher = matcher().door(SSH).build();
        matcher.offer(syn(0, ALICE, 7000));
        matcher.offer(udp(1, ALICE, 9000));
        matcher.offer(syn(2, ALICE, 8000));
        matcher.offer(syn(3, ALICE, 9000));
        assertEquals(1, listener.completed.size());
        assertEquals(List.of(), listener.discarded);
    }

    @Test
    void packetsFailingTheTcpFlagFilterAreIgnored() {
        SequenceMatcher matcher = matcher().door(SSH).build();
        matcher.offer(syn(0, ALICE, 7000));
        matcher.offer(PacketEvent.tcp(at(1), ALICE, SERVER, 9000, TcpFlagFilter.SYN | TcpFlagFilter.ACK));
        matcher.offer(PacketEvent.tcp(at(2), ALICE, SERVER, 9000, TcpFlagFilter.RST));
        matcher.offer(syn(3, ALICE, 8000));
        matcher.offer(syn(4, ALICE, 9000));
        assertEquals(1, listener.completed.size());
        assertEquals(List.of(), listener.discarded);
    }

    @Test
    void packetsOfAnotherDoorAreIgnored() {
        SequenceMatcher matcher = matcher().door(SSH).door(SEALED, HINT_IN_WINDOW).build();
        matcher.offer(syn(0, ALICE, 7000));
        knockDigits(matcher, 1, ALICE, 40000, 1, 2, 3);
        matcher.offer(syn(2, ALICE, 8000));
        matcher.offer(syn(3, ALICE, 9000));
        assertEquals(List.of(SSH), listener.completed.stream().map(CompletedKnock::door).toList());
        assertEquals(List.of(), listener.discarded);
    }

    @Test
    void packetExactlyAtTheTimeoutStillCounts() {
        SequenceMatcher matcher = matcher().door(SSH).build();
        matcher.offer(syn(0, ALICE, 7000));
        matcher.offer(syn(1000, ALICE, 8000));
        matcher.offer(syn(TIMEOUT.toMillis(), ALICE, 9000));
        assertEquals(1, listener.completed.size());
        assertEquals(List.of(), listener.discarded);
    }

    @Test
    void packetOneNanosecondPastTheTimeoutDiscardsTheAttempt() {
        SequenceMatcher matcher = matcher().door(SSH).build();
        matcher.offer(syn(0, ALICE, 7000));
        matcher.offer(syn(1000, ALICE, 8000));
        matcher.offer(PacketEvent.tcp(T0.plus(TIMEOUT).plusNanos(1), ALICE, SERVER, 9000, TcpFlagFilter.SYN));
        assertEquals(List.of(new Discard("ssh", ALICE, DiscardReason.TIMEOUT)), listener.discarded);
        assertEquals(List.of(), listener.completed);
        assertEquals(0, matcher.trackedAttempts());
    }

    @Test
    void aFirstPacketWithinASecondCountsItsNanosecondsToTheDeadline() {
        SequenceMatcher matcher = matcher().door(SSH).build();
        Instant first = T0.plusMillis(900);
        matcher.offer(PacketEvent.tcp(first, ALICE, SERVER, 7000, TcpFlagFilter.SYN));
        matcher.offer(PacketEvent.tcp(first.plus(TIMEOUT), ALICE, SERVER, 8000, TcpFlagFilter.SYN));
        matcher.offer(PacketEvent.tcp(first.plus(TIMEOUT).plusNanos(1), ALICE, SERVER, 9000, TcpFlagFilter.SYN));
        assertEquals(List.of(new Discard("ssh", ALICE, DiscardReason.TIMEOUT)), listener.discarded);
        assertEquals(List.of(), listener.completed);
    }

    @Test
    void aTimeoutOfAgesNeverEndsTheAttempt() {
        FixedDoor ages = new FixedDoor("ages", FixedSequence.parse("7000,8000"), Duration.ofSeconds(Long.MAX_VALUE),
                TcpFlagFilter.SYN_ONLY);
        SequenceMatcher matcher = matcher().door(ages).build();
        matcher.offer(PacketEvent.tcp(T0.plusMillis(900), ALICE, SERVER, 7000, TcpFlagFilter.SYN));
        clock.set(Instant.MAX);
        matcher.expire();
        matcher.offer(PacketEvent.tcp(Instant.MAX, ALICE, SERVER, 8000, TcpFlagFilter.SYN));
        assertEquals(List.of(), listener.discarded);
        assertEquals(1, listener.completed.size());
    }

    @Test
    void latePacketThatIsTheFirstPortRestartsTheAttempt() {
        SequenceMatcher matcher = matcher().door(SSH).build();
        Instant late = T0.plus(TIMEOUT).plusNanos(1);
        matcher.offer(syn(0, ALICE, 7000));
        matcher.offer(PacketEvent.tcp(late, ALICE, SERVER, 7000, TcpFlagFilter.SYN));
        matcher.offer(PacketEvent.tcp(late.plusSeconds(1), ALICE, SERVER, 8000, TcpFlagFilter.SYN));
        matcher.offer(PacketEvent.tcp(late.plus(TIMEOUT), ALICE, SERVER, 9000, TcpFlagFilter.SYN));
        assertEquals(List.of(new Discard("ssh", ALICE, DiscardReason.TIMEOUT)), listener.discarded);
        assertEquals(List.of(new CompletedKnock(SSH, ALICE, SERVER, new int[0], late, late.plus(TIMEOUT))),
                listener.completed);
    }

    @Test
    void doorsAdvanceInParallelOnTheSamePackets() {
        FixedDoor web = new FixedDoor("web", FixedSequence.parse("7000,8000,9001"), TIMEOUT, TcpFlagFilter.SYN_ONLY);
        SequenceMatcher matcher = matcher().door(SSH).door(web).build();
        matcher.offer(syn(0, ALICE, 7000));
        matcher.offer(syn(1, ALICE, 8000));
        assertEquals(2, matcher.trackedAttempts());
        matcher.offer(syn(2, ALICE, 9001));
        matcher.offer(syn(3, ALICE, 9000));
        assertEquals(List.of(web, SSH), listener.completed.stream().map(CompletedKnock::door).toList());
        assertEquals(List.of(), listener.discarded);
    }

    @Test
    void sealedDoorStartsOnlyOnAHintTheDoorOpensWith() {
        SequenceMatcher matcher = matcher().door(SEALED, HINT_IN_WINDOW).build();
        knockDigits(matcher, 0, ALICE, 40000, 64, 100, 4095);
        assertEquals(0, matcher.trackedAttempts());
        assertEquals(List.of(), listener.completed);
        knockDigits(matcher, 1, ALICE, 40000, 63, 1, 2, 3, 4, 5, 6, 4095);
        assertEquals(1, listener.completed.size());
        assertArrayEquals(new int[] {63, 1, 2, 3, 4, 5, 6, 4095}, listener.completed.get(0).digits());
    }

    @Test
    void rawDoorStartsOnlyOnADigitABlockBeginsWith() {
        // R1's knock j=0 (PROTOCOL.md §6): block 790, 509, 375, 690 then command 21, 60, 1.
        SequenceMatcher matcher = matcher().door(RAW, digit -> digit == 790).build();
        knockDigits(matcher, 0, ALICE, 50000, 509, 375, 690);
        assertEquals(0, matcher.trackedAttempts());
        knockDigits(matcher, 1, ALICE, 50000, 790, 509, 375, 690, 21, 60, 1);
        assertEquals(List.of(new CompletedKnock(RAW, ALICE, SERVER, new int[] {790, 509, 375, 690, 21, 60, 1},
                at(1), at(1))), listener.completed);
    }

    @Test
    void lateOneTimeDigitDiscardsTheAttemptAndStartsOneOnlyIfTheDoorOpensWithIt() {
        SequenceMatcher matcher = matcher().door(SEALED, HINT_IN_WINDOW).build();
        long late = SEALED.sequenceTimeout().toMillis() + 1;
        knockDigits(matcher, 0, ALICE, 40000, 0, 1);
        knockDigits(matcher, late, ALICE, 40000, 100);
        assertEquals(List.of(new Discard("sealed", ALICE, DiscardReason.TIMEOUT)), listener.discarded);
        assertEquals(0, matcher.trackedAttempts());
        knockDigits(matcher, 0, BOB, 40000, 0, 1);
        knockDigits(matcher, late, BOB, 40000, 2);
        assertEquals(new Discard("sealed", BOB, DiscardReason.TIMEOUT), listener.discarded.get(1));
        assertEquals(1, matcher.trackedAttempts());
    }

    @Test
    void oneTimeAttemptCompletesAtKnockLength() {
        SequenceMatcher matcher = matcher().door(SEALED, HINT_IN_WINDOW).build();
        knockDigits(matcher, 0, ALICE, 40000, 0, 1, 2, 3, 4, 5, 6);
        assertEquals(List.of(), listener.completed);
        assertEquals(1, matcher.trackedAttempts());
        knockDigits(matcher, 1, ALICE, 40000, 7);
        assertEquals(1, listener.completed.size());
        assertEquals(SEALED.knockLength(), listener.completed.get(0).digits().length);
        knockDigits(matcher, 2, ALICE, 40000, 8);
        assertEquals(1, matcher.trackedAttempts(), "the next digit starts a new attempt");
    }

    @Test
    void aStrayOpeningDigitDoesNotSwallowTheKnockThatFollowsFromTheSameSource() {
        SequenceMatcher matcher = matcher().door(SEALED, HINT_IN_WINDOW).build();
        knockDigits(matcher, 0, ALICE, 40000, 9);
        knockDigits(matcher, 100, ALICE, 40000, 1, 200, 201, 202, 203, 204, 205, 206);
        assertTrue(listener.completed.contains(new CompletedKnock(SEALED, ALICE, SERVER,
                new int[] {1, 200, 201, 202, 203, 204, 205, 206}, at(100), at(100))), listener.completed.toString());
    }

    @Test
    void aStrayCandidateCompletesAsGarbageBeforeTheKnockAfterIt() {
        SequenceMatcher matcher = matcher().door(SEALED, HINT_IN_WINDOW).build();
        knockDigits(matcher, 0, ALICE, 40000, 9);
        knockDigits(matcher, 1, ALICE, 40000, 1, 200, 201, 202, 203, 204, 205, 206);
        assertEquals(List.of("[9, 1, 200, 201, 202, 203, 204, 205]", "[1, 200, 201, 202, 203, 204, 205, 206]"),
                completedDigits());
        assertEquals(List.of(), listener.discarded);
        assertEquals(0, matcher.trackedAttempts());
    }

    @Test
    void aStrayCandidatePastItsTimeoutEndsWhileTheKnockCompletes() {
        SequenceMatcher matcher = matcher().door(SEALED, HINT_IN_WINDOW).build();
        knockDigits(matcher, 0, ALICE, 40000, 9);
        long late = SEALED.sequenceTimeout().toMillis() + 1;
        knockDigits(matcher, late, ALICE, 40000, 1, 200, 201, 202, 203, 204, 205, 206);
        assertEquals(List.of(new Discard("sealed", ALICE, DiscardReason.TIMEOUT)), listener.discarded);
        assertEquals(List.of("[1, 200, 201, 202, 203, 204, 205, 206]"), completedDigits());
    }

    @Test
    void aStrayDigitInTheMiddleOfAKnockSpoilsOnlyThatKnock() {
        SequenceMatcher matcher = matcher().door(SEALED, HINT_IN_WINDOW).build();
        // 77 arrives inside the first knock; that knock's last digit, 5, opens a candidate
        knockDigits(matcher, 0, ALICE, 40000, 0, 100, 101, 77, 102, 103, 104, 105, 5);
        knockDigits(matcher, 1, ALICE, 40000, 1, 200, 201, 202, 203, 204, 205, 206);
        assertEquals("[0, 100, 101, 77, 102, 103, 104, 105]", completedDigits().get(0));
        assertTrue(completedDigits().contains("[1, 200, 201, 202, 203, 204, 205, 206]"), completedDigits().toString());
    }

    @Test
    void aKnockThatLostAPacketDoesNotTakeTheNextKnockWithIt() {
        SequenceMatcher matcher = matcher().door(SEALED, HINT_IN_WINDOW).build();
        knockDigits(matcher, 0, ALICE, 40000, 2, 300, 301, 302, 303, 304, 305);  // one of 8 lost
        knockDigits(matcher, 1000, ALICE, 40000, 3, 400, 401, 402, 403, 404, 405, 406);
        assertEquals(List.of("[2, 300, 301, 302, 303, 304, 305, 3]", "[3, 400, 401, 402, 403, 404, 405, 406]"),
                completedDigits());
        assertEquals(at(1000), listener.completed.get(1).firstPacket());
        assertEquals(0, matcher.trackedAttempts());
    }

    @Test
    void aKnockWhoseEveryDigitOpensIsNotPushedOutByTheCandidatesTheyOpen() {
        SequenceMatcher matcher = matcher().door(SEALED, digit -> true).build();
        knockDigits(matcher, 0, ALICE, 40000, 10, 11, 12, 13, 14, 15, 16, 17);
        assertEquals(List.of("[10, 11, 12, 13, 14, 15, 16, 17]"), completedDigits());
        assertEquals(SequenceMatcher.CANDIDATES, matcher.trackedCandidates());
    }

    @Test
    void theNextKnockCompletesAfterAnUnrecognisedKnockWhoseEveryDigitOpened() {
        SequenceMatcher matcher = matcher().door(SEALED, digit -> true).build();
        knockDigits(matcher, 0, ALICE, 40000, 10, 11, 12, 13, 14, 15, 16, 17);
        knockDigits(matcher, 1, ALICE, 40000, 20, 21, 22, 23, 24, 25, 26, 27);
        assertTrue(completedDigits().contains("[20, 21, 22, 23, 24, 25, 26, 27]"), completedDigits().toString());
    }

    @Test
    void theNextKnockCompletesAfterAnUnrecognisedKnockWhoseEveryDigitOpenedWhenFewOfItsOwnOpen() {
        SequenceMatcher matcher = matcher().door(SEALED, HINT_IN_WINDOW).build();
        knockDigits(matcher, 0, ALICE, 40000, 0, 1, 2, 3, 4, 5, 6, 7);
        knockDigits(matcher, 1, ALICE, 40000, 8, 100, 9, 101, 102, 103, 104, 105);
        assertTrue(completedDigits().contains("[8, 100, 9, 101, 102, 103, 104, 105]"), completedDigits().toString());
    }

    @Test
    void aFloodOfStrayDigitsFromOneSourceHoldsAtMostTheCapAndTheKnockAfterItCompletes() {
        SequenceMatcher matcher = matcher().door(SEALED, HINT_IN_WINDOW).build();
        for (int i = 0; i < 1000; i++) {
            knockDigits(matcher, i, ALICE, 40000, i % 64);  // every stray opens a candidate
            assertTrue(matcher.trackedCandidates() <= SequenceMatcher.CANDIDATES);
            assertEquals(1, matcher.trackedAttempts());
        }
        knockDigits(matcher, 1000, ALICE, 40000, 1, 200, 201, 202, 203, 204, 205, 206);
        assertEquals("[1, 200, 201, 202, 203, 204, 205, 206]", completedDigits().get(completedDigits().size() - 1));
    }

    @Test
    void floodOfStrayDigitsStaysWithinTheLimitsPerSourceAndInTotal() throws UnknownHostException {
        SequenceMatcher matcher = matcher().maxSources(100).door(SEALED, digit -> true).build();
        for (int i = 0; i < 20_000; i++) {
            byte[] address = InetAddress.getByName("2001:db8::").getAddress();
            address[15] = (byte) (i / 3 % 250);  // three digits from each source in turn
            knockDigits(matcher, i, InetAddress.getByAddress(address), 40000, i % 4096);
            assertTrue(matcher.trackedAttempts() <= 100);
            assertTrue(matcher.trackedCandidates() <= 100 * SequenceMatcher.CANDIDATES);
        }
        assertEquals(100, matcher.trackedAttempts());
        assertTrue(listener.discarded.stream().allMatch(d -> d.reason() == DiscardReason.EVICTED));
    }

    /**
     * ALICE's knock of eight digits into a matcher of {@code limit} attempts that a flood of new
     * sources has filled, each flood source sending one opening digit: {@code between[i]} new
     * sources arrive after her digit i. The flood's sources are 2001:db8:1::N, N counting on.
     */
    private SequenceMatcher knockAmidNewSources(int limit, int... between) {
        SequenceMatcher matcher = matcher().maxSources(limit).door(SEALED, digit -> true).build();
        int[] flooded = {0};
        Runnable newSource = () -> {
            byte[] address = CAROL.getAddress();
            address[5] = 1;
            address[12] = (byte) (flooded[0] >>> 24);
            address[13] = (byte) (flooded[0] >>> 16);
            address[14] = (byte) (flooded[0] >>> 8);
            address[15] = (byte) flooded[0];
            try {
                knockDigits(matcher, flooded[0], InetAddress.getByAddress(address), 40000, flooded[0] % 4096);
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
            flooded[0]++;
        };
        for (int i = 0; i < limit; i++) {
            newSource.run();
        }
        int[] knock = {0, 100, 101, 102, 103, 104, 105, 106};
        for (int i = 0; i < knock.length; i++) {
            knockDigits(matcher, flooded[0], ALICE, 40000, knock[i]);
            for (int n = 0; i < between.length && n < between[i]; n++) {
                newSource.run();
            }
        }
        return matcher;
    }

    @Test
    void aKnockCompletesWhileFewerNewSourcesThanTheLimitArriveDuringIt() {
        knockAmidNewSources(64, 9, 9, 9, 9, 9, 9, 9);  // 63 new sources between its first and last digit
        assertEquals(List.of("[0, 100, 101, 102, 103, 104, 105, 106]"), listener.completed.stream()
                .filter(knock -> knock.source().equals(ALICE)).map(knock -> Arrays.toString(knock.digits())).toList());
    }

    @Test
    void aKnockIsEvictedWhenAsManyNewSourcesAsTheLimitArriveDuringIt() {
        knockAmidNewSources(64, 9, 9, 9, 9, 9, 9, 10);  // 64: the last of them evicts the knock
        assertTrue(listener.completed.stream().noneMatch(knock -> knock.source().equals(ALICE)));
        assertEquals(1, listener.discarded.stream()
                .filter(d -> d.equals(new Discard("sealed", ALICE, DiscardReason.EVICTED))).count());
    }

    @Test
    void evictingAnAttemptReportsItOnceWhateverItsCandidates() {
        SequenceMatcher matcher = matcher().maxSources(1).door(SEALED, HINT_IN_WINDOW).build();
        knockDigits(matcher, 0, ALICE, 40000, 0, 1, 2);
        assertEquals(3, matcher.trackedCandidates());
        knockDigits(matcher, 1, BOB, 40000, 0);
        assertEquals(List.of(new Discard("sealed", ALICE, DiscardReason.EVICTED)), listener.discarded);
        assertEquals(1, matcher.trackedCandidates());
    }

    @Test
    void withoutWordThatItWasRecognisedAKnocksOwnOpeningDigitCompletesAsGarbageOnTheNextKnock() {
        SequenceMatcher matcher = matcher().door(SEALED, HINT_IN_WINDOW).build();
        knockDigits(matcher, 0, ALICE, 40000, 0, 100, 101, 3, 102, 103, 104, 105);  // its digit 3 opens
        knockDigits(matcher, 1, ALICE, 40000, 1, 200, 201, 202, 203, 204, 205, 206);
        assertEquals(List.of("[0, 100, 101, 3, 102, 103, 104, 105]", "[3, 102, 103, 104, 105, 1, 200, 201]",
                "[1, 200, 201, 202, 203, 204, 205, 206]"), completedDigits());
    }

    @Test
    void aRecognisedKnockEndsTheCandidatesItsOwnDigitsOpened() {
        SequenceMatcher matcher = matcher().door(SEALED, HINT_IN_WINDOW).build();
        knockDigits(matcher, 0, ALICE, 40000, 0, 100, 101, 3, 102, 103, 104, 105);
        assertEquals(1, matcher.trackedCandidates());
        matcher.recognised(listener.completed.get(0));
        assertEquals(0, matcher.trackedCandidates());
        assertEquals(0, matcher.trackedAttempts());
        knockDigits(matcher, 1, ALICE, 40000, 1, 200, 201, 202, 203, 204, 205, 206);
        assertEquals(List.of("[0, 100, 101, 3, 102, 103, 104, 105]", "[1, 200, 201, 202, 203, 204, 205, 206]"),
                completedDigits());
        assertEquals(List.of(), listener.discarded);
    }

    @Test
    void wordThatComesAfterTheNextKnocksFirstDigitsKeepsItsCandidate() {
        SequenceMatcher matcher = matcher().door(SEALED, HINT_IN_WINDOW).build();
        knockDigits(matcher, 0, ALICE, 40000, 0, 100, 101, 3, 102, 103, 104, 105);
        knockDigits(matcher, 1, ALICE, 40000, 1, 200);
        matcher.recognised(listener.completed.get(0));
        assertEquals(1, matcher.trackedCandidates(), "the candidate that began on 1");
        knockDigits(matcher, 1, ALICE, 40000, 201, 202, 203, 204, 205, 206);
        assertEquals(List.of("[0, 100, 101, 3, 102, 103, 104, 105]", "[1, 200, 201, 202, 203, 204, 205, 206]"),
                completedDigits());
    }

    @Test
    void wordThatComesAfterALaterGarbageCompletionStillEndsTheKnocksOwnCandidates() {
        SequenceMatcher matcher = matcher().door(SEALED, HINT_IN_WINDOW).build();
        // digits 2 and 4 of the knock open; the one on 2 completes on the next knock's first digits
        knockDigits(matcher, 0, ALICE, 40000, 0, 100, 2, 101, 4, 102, 103, 104);
        knockDigits(matcher, 1, ALICE, 40000, 1, 200);
        assertEquals("[2, 101, 4, 102, 103, 104, 1, 200]", completedDigits().get(1));
        matcher.recognised(listener.completed.get(0));
        assertEquals(1, matcher.trackedCandidates(), "the candidate that began on 1, not the one on 4");
        knockDigits(matcher, 2, ALICE, 40000, 201, 202, 203, 204, 205, 206);
        assertEquals(List.of("[0, 100, 2, 101, 4, 102, 103, 104]", "[2, 101, 4, 102, 103, 104, 1, 200]",
                "[1, 200, 201, 202, 203, 204, 205, 206]"), completedDigits());
    }

    @Test
    void wordOfAKnockTheMatcherNoLongerHoldsCandidatesOfChangesNothing() {
        SequenceMatcher matcher = matcher().door(SEALED, HINT_IN_WINDOW).build();
        knockDigits(matcher, 0, ALICE, 40000, 0, 100, 101, 102, 103, 104, 105, 106);
        knockDigits(matcher, 1, ALICE, 40000, 1, 200);
        matcher.recognised(listener.completed.get(0));
        assertEquals(1, matcher.trackedCandidates());
    }

    @Test
    void expireEndsCandidatesOfAShortTimeoutDoorThatStartedAfterThoseOfALongerOne() {
        OneTimeDoor quick = new OneTimeDoor("quick", Profile.builder().base(50000).tagDigits(4)
                .sequenceTimeout(Duration.ofSeconds(1)).build());
        SequenceMatcher matcher = matcher().door(SEALED, HINT_IN_WINDOW).door(quick, HINT_IN_WINDOW).build();
        knockDigits(matcher, 0, ALICE, 40000, 0);
        knockDigits(matcher, 100, BOB, 50000, 0);
        clock.set(at(100).plusSeconds(1).plusNanos(1));
        matcher.expire();
        assertEquals(List.of(new Discard("quick", BOB, DiscardReason.TIMEOUT)), listener.discarded);
        assertEquals(1, matcher.trackedAttempts());
    }

    @Test
    void expireReportsAnAttemptOnceWhenItsLastCandidateEnds() {
        SequenceMatcher matcher = matcher().door(SEALED, HINT_IN_WINDOW).build();
        knockDigits(matcher, 0, ALICE, 40000, 0);
        knockDigits(matcher, 1000, ALICE, 40000, 1);
        clock.set(T0.plus(SEALED.sequenceTimeout()).plusNanos(1));
        matcher.expire();
        assertEquals(List.of(), listener.discarded);
        assertEquals(1, matcher.trackedCandidates());
        clock.set(at(1000).plus(SEALED.sequenceTimeout()).plusNanos(1));
        matcher.expire();
        assertEquals(List.of(new Discard("sealed", ALICE, DiscardReason.TIMEOUT)), listener.discarded);
        assertEquals(0, matcher.trackedAttempts());
    }

    @Test
    void oneTimeDoorIgnoresPacketsOutsideItsRangeTransportAndFlags() {
        OneTimeDoor tcpDoor = new OneTimeDoor("tcp", Profile.builder().transport(Transport.TCP).tagDigits(4).build());
        SequenceMatcher matcher = matcher().door(tcpDoor, HINT_IN_WINDOW).build();
        int[] digits = {5, 1, 2, 3, 4, 5, 6, 7};
        for (int i = 0; i < digits.length; i++) {
            matcher.offer(syn(i, ALICE, 40000 + digits[i]));
            matcher.offer(udp(i, ALICE, 40000 + i));
            matcher.offer(syn(i, ALICE, 39999));
            matcher.offer(syn(i, ALICE, 44096));
            matcher.offer(PacketEvent.tcp(at(i), ALICE, SERVER, 40000 + i, TcpFlagFilter.SYN | TcpFlagFilter.ACK));
        }
        assertEquals(1, listener.completed.size());
        assertArrayEquals(digits, listener.completed.get(0).digits());
    }

    @Test
    void oneTimeKnockCarriesTheFirstPacketsDestinationAndTimes() {
        SequenceMatcher matcher = matcher().door(SEALED, HINT_IN_WINDOW).build();
        InetAddress other = ip("192.0.2.2");
        matcher.offer(PacketEvent.udp(at(10), CAROL, other, 40000));
        knockDigits(matcher, 20, CAROL, 40000, 1, 2, 3, 4, 5, 6);
        knockDigits(matcher, 30, CAROL, 40000, 7);
        CompletedKnock knock = listener.completed.get(0);
        assertEquals(other, knock.destination());
        assertEquals(at(10), knock.firstPacket());
        assertEquals(at(30), knock.lastPacket());
    }

    @Test
    void singlePortSequenceCompletesOnItsFirstPacket() {
        FixedDoor one = new FixedDoor("one", FixedSequence.parse("7000:udp"), TIMEOUT, TcpFlagFilter.ANY);
        SequenceMatcher matcher = matcher().door(one).build();
        matcher.offer(udp(0, ALICE, 7000));
        assertEquals(1, listener.completed.size());
        assertEquals(0, matcher.trackedAttempts());
    }

    @Test
    void startingAnAttemptAtTheLimitEvictsTheOldestAndReportsIt() {
        SequenceMatcher matcher = matcher().maxSources(2).door(SSH).build();
        matcher.offer(syn(0, ALICE, 7000));
        matcher.offer(syn(1, BOB, 7000));
        matcher.offer(syn(2, ALICE, 8000));
        matcher.offer(syn(3, CAROL, 7000));
        assertEquals(List.of(new Discard("ssh", ALICE, DiscardReason.EVICTED)), listener.discarded);
        assertEquals(2, matcher.trackedAttempts());
        matcher.offer(syn(4, ALICE, 9000));
        matcher.offer(syn(5, BOB, 8000));
        matcher.offer(syn(6, BOB, 9000));
        assertEquals(List.of(BOB), listener.completed.stream().map(CompletedKnock::source).toList());
    }

    @Test
    void attemptsOnSeveralDoorsCountAgainstTheLimitEach() {
        SequenceMatcher matcher = matcher().maxSources(2).door(SSH).door(SEALED, HINT_IN_WINDOW).build();
        matcher.offer(syn(0, ALICE, 7000));
        knockDigits(matcher, 1, ALICE, 40000, 0);
        matcher.offer(syn(2, BOB, 7000));
        assertEquals(List.of(new Discard("ssh", ALICE, DiscardReason.EVICTED)), listener.discarded);
        assertEquals(2, matcher.trackedAttempts());
    }

    @Test
    void floodOfSpoofedSourcesStaysWithinTheLimit() throws UnknownHostException {
        SequenceMatcher matcher = matcher().maxSources(100).door(SSH).build();
        for (int i = 0; i < 10_000; i++) {
            byte[] address = InetAddress.getByName("2001:db8::").getAddress();
            address[14] = (byte) (i >> 8);
            address[15] = (byte) i;
            InetAddress spoofed = InetAddress.getByAddress(address);
            matcher.offer(PacketEvent.tcp(at(i), spoofed, SERVER, 7000, TcpFlagFilter.SYN));
            assertTrue(matcher.trackedAttempts() <= 100);
        }
        assertEquals(100, matcher.trackedAttempts());
        assertTrue(listener.discarded.stream().allMatch(d -> d.reason() == DiscardReason.EVICTED));
    }

    @Test
    void expireDiscardsAttemptsPastTheirTimeoutByTheClock() {
        SequenceMatcher matcher = matcher().door(SSH).door(SEALED, HINT_IN_WINDOW).build();
        matcher.offer(syn(0, ALICE, 7000));
        knockDigits(matcher, 2000, BOB, 40000, 0, 1);
        clock.set(T0.plus(TIMEOUT));
        matcher.expire();
        assertEquals(List.of(), listener.discarded);
        clock.advance(Duration.ofNanos(1));
        matcher.expire();
        assertEquals(List.of(new Discard("ssh", ALICE, DiscardReason.TIMEOUT)), listener.discarded);
        assertEquals(1, matcher.trackedAttempts());
        clock.set(at(2000).plus(SEALED.sequenceTimeout()).plusNanos(1));
        matcher.expire();
        assertEquals(new Discard("sealed", BOB, DiscardReason.TIMEOUT), listener.discarded.get(1));
        assertEquals(0, matcher.trackedAttempts());
    }

    @Test
    void listenerMustNotCallBackIntoTheMatcher() {
        SequenceMatcher[] holder = new SequenceMatcher[1];
        SequenceMatcher matcher = SequenceMatcher.builder().clock(clock).door(SSH)
                .listener(knock -> holder[0].expire()).build();
        holder[0] = matcher;
        matcher.offer(syn(0, ALICE, 7000));
        matcher.offer(syn(1, ALICE, 8000));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> matcher.offer(syn(2, ALICE, 9000)));
        assertEquals("a match listener must not call back into the matcher", e.getMessage());
        matcher.expire();
    }

    @Test
    void builderRequiresAClock() {
        SequenceMatcher.Builder builder = SequenceMatcher.builder().listener(listener).door(SSH);
        assertEquals("a clock is required", assertThrows(IllegalStateException.class, builder::build).getMessage());
    }

    @Test
    void builderRequiresAListener() {
        SequenceMatcher.Builder builder = SequenceMatcher.builder().clock(clock).door(SSH);
        assertEquals("a listener is required", assertThrows(IllegalStateException.class, builder::build).getMessage());
    }

    @Test
    void builderRequiresADoor() {
        SequenceMatcher.Builder builder = matcher();
        assertEquals("at least one door is required",
                assertThrows(IllegalStateException.class, builder::build).getMessage());
    }

    @Test
    void builderOptionsAreSetOnceAndASecondSettingNamesTheValueAlreadySet() {
        SequenceMatcher.Builder builder = matcher().maxSources(5);
        assertEquals("clock already set to " + clock,
                assertThrows(IllegalStateException.class, () -> builder.clock(clock)).getMessage());
        assertEquals("listener already set to " + listener,
                assertThrows(IllegalStateException.class, () -> builder.listener(listener)).getMessage());
        assertEquals("max sources already set to 5",
                assertThrows(IllegalStateException.class, () -> builder.maxSources(6)).getMessage());
    }

    @Test
    void builderRefusesMaxSourcesBelowOne() {
        assertEquals("max sources must be at least 1: 0",
                assertThrows(IllegalArgumentException.class, () -> matcher().maxSources(0)).getMessage());
    }

    @Test
    void builderRefusesTwoDoorsOfOneName() {
        FixedDoor twin = new FixedDoor("ssh", FixedSequence.parse("1,2"), TIMEOUT, TcpFlagFilter.ANY);
        SequenceMatcher.Builder builder = matcher().door(SSH);
        assertEquals("duplicate door name 'ssh'",
                assertThrows(IllegalArgumentException.class, () -> builder.door(twin)).getMessage());
    }
}
