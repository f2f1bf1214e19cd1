package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.RecordingListener.Discard;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Packets offered as {@link CapturedPacket} views, filled from a frame's bytes and reused, as a
 * capture that parses frames hands them over: the same outcomes as events, with the source
 * addresses the bytes say.
 */
class SequenceMatcherViewTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Raw, UDP 50000..51023, k=10, A=4, M=3: 7 digits a knock, every digit opening. */
    private static final OneTimeDoor RAW = new OneTimeDoor("raw",
            Profile.builder().scheme(Scheme.RAW).base(50000).digitBits(10).tagDigits(4).build());
    private static final FixedDoor SSH = new FixedDoor("ssh", FixedSequence.parse("7000,8000,9000"),
            TIMEOUT, TcpFlagFilter.SYN_ONLY);
    private static final int[] KNOCK = {3, 1, 4, 1, 5, 9, 2};

    private final MutableClock clock = new MutableClock(T0);
    private final RecordingListener listener = new RecordingListener();
    private final CapturedPacket packet = new CapturedPacket();
    private final InetAddress server;
    private final InetAddress alice;
    private final byte[] frame;

    SequenceMatcherViewTest() throws Exception {
        server = InetAddress.getByName("2001:db8::2");
        alice = InetAddress.getByName("2001:db8:1::a11c");
        // the source's bytes at offset 8 of a frame, as in an IPv6 header
        frame = new byte[40];
        System.arraycopy(alice.getAddress(), 0, frame, 8, 16);
    }

    private SequenceMatcher matcher(Door door) {
        SequenceMatcher.Builder builder = SequenceMatcher.builder().clock(clock).listener(listener);
        return door instanceof FixedDoor fixed ? builder.door(fixed).build()
                : builder.door((OneTimeDoor) door, digit -> true).build();
    }

    /** The reused view, refilled with a packet from Alice's frame bytes. */
    private CapturedPacket fromFrame(long millis) {
        Instant time = T0.plusMillis(millis);
        return packet.time(time.getEpochSecond(), time.getNano()).source(frame, 8, 16).destination(server);
    }

    /** Alice's knock into the raw door, each digit in the reused view at 10 ms: what completed. */
    private CompletedKnock knockOfViews(SequenceMatcher matcher) {
        for (int digit : KNOCK) {
            matcher.offer(fromFrame(10).udp(50000 + digit));
        }
        return listener.completed.get(0);
    }

    @Test
    void aKnockOfViewsCompletesWithTheSourceItsBytesSay() {
        CompletedKnock knock = knockOfViews(matcher(RAW));
        assertEquals(alice, knock.source());
        assertArrayEquals(KNOCK, knock.digits());
        assertEquals(T0.plusMillis(10), knock.lastPacket());
    }

    @Test
    void anAttemptBegunAsAnEventGoesOnAsViews() {
        SequenceMatcher matcher = matcher(SSH);
        matcher.offer(PacketEvent.tcp(T0, alice, server, 7000, TcpFlagFilter.SYN));
        matcher.offer(fromFrame(100).tcp(8000, TcpFlagFilter.SYN));
        matcher.offer(fromFrame(200).tcp(9000, TcpFlagFilter.SYN));
        assertEquals(List.of(alice), listener.completed.stream().map(CompletedKnock::source).toList());
    }

    @Test
    void anIpv4AttemptBegunAsAnEventGoesOnAsViews() throws Exception {
        InetAddress bob = InetAddress.getByName("192.0.2.1");
        byte[] header = new byte[20];
        System.arraycopy(bob.getAddress(), 0, header, 12, 4);
        SequenceMatcher matcher = matcher(SSH);
        matcher.offer(PacketEvent.tcp(T0, bob, server, 7000, TcpFlagFilter.SYN));
        for (int port : new int[] {8000, 9000}) {
            matcher.offer(packet.time(T0.getEpochSecond(), 0).source(header, 12, 4).destination(server)
                    .tcp(port, TcpFlagFilter.SYN));
        }
        assertEquals(List.of(bob), listener.completed.stream().map(CompletedKnock::source).toList());
    }

    @Test
    void aKnockOfViewsIsRecognisedByItsReportedSource() {
        SequenceMatcher matcher = matcher(RAW);
        // every digit of this door opens a candidate: the knock's later digits leave some behind
        CompletedKnock knock = knockOfViews(matcher);
        assertTrue(matcher.trackedCandidates() > 0);
        matcher.recognised(knock);
        assertEquals(0, matcher.trackedCandidates());
    }

    @Test
    void anAttemptOfViewsThatTimesOutIsReportedWithItsSource() {
        SequenceMatcher matcher = matcher(SSH);
        matcher.offer(fromFrame(0).tcp(7000, TcpFlagFilter.SYN));
        clock.set(T0.plus(TIMEOUT).plusMillis(1));
        matcher.expire();
        assertEquals(List.of(new Discard("ssh", alice, DiscardReason.TIMEOUT)), listener.discarded);
    }

    @Test
    void aViewArrivingAfterItsAttemptsTimeoutEndsItByTheViewsTime() {
        SequenceMatcher matcher = matcher(SSH);
        matcher.offer(fromFrame(0).tcp(7000, TcpFlagFilter.SYN));
        matcher.offer(fromFrame(TIMEOUT.toMillis()).tcp(8000, TcpFlagFilter.SYN));
        matcher.offer(fromFrame(TIMEOUT.toMillis() + 1).tcp(9000, TcpFlagFilter.SYN));
        assertEquals(List.of(new Discard("ssh", alice, DiscardReason.TIMEOUT)), listener.discarded);
        assertEquals(List.of(), listener.completed);
    }

    @Test
    void anEventOfferedByAListenerIsRefusedWithoutDisturbingThePacketBeingMatched() throws Exception {
        InetAddress bob = InetAddress.getByName("198.51.100.20");
        FixedDoor single = new FixedDoor("single", FixedSequence.parse("7000"), TIMEOUT, TcpFlagFilter.SYN_ONLY);
        SequenceMatcher[] matcher = new SequenceMatcher[1];
        List<String> completions = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        matcher[0] = SequenceMatcher.builder().clock(clock)
                .listener(knock -> {
                    completions.add(knock.door().name() + " " + knock.source().getHostAddress());
                    if (knock.door() == single) {
                        refusals.add(assertThrows(IllegalStateException.class, () -> matcher[0].offer(
                                PacketEvent.tcp(T0, bob, server, 7000, TcpFlagFilter.SYN))).getMessage());
                    }
                })
                .door(single)
                .door(SSH)
                .build();
        for (int port : new int[] {7000, 8000, 9000}) {
            matcher[0].offer(PacketEvent.tcp(T0, alice, server, port, TcpFlagFilter.SYN));
        }
        assertEquals(List.of("a match listener must not call back into the matcher"), refusals);
        // the ssh door, after the single door's listener tried Bob's packet, still saw Alice's
        assertEquals(List.of("single " + alice.getHostAddress(), "ssh " + alice.getHostAddress()), completions);
    }
}
