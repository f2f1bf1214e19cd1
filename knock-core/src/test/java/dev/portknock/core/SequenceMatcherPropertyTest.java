package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The overlapping candidates of a one-time door, over random doors, strays and knocks: what the
 * matcher promises whatever the door opens with.
 */
class SequenceMatcherPropertyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** UDP 40000..40063, radix 64. */
    private static final OneTimeDoor DOOR = new OneTimeDoor("door",
            Profile.builder().digitBits(6).tagDigits(5).acceptWeakness().build());
    private static final InetAddress SERVER = address(1);
    private static final InetAddress CLIENT = address(10);

    private static InetAddress address(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) last});
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Made anew for each try by {@link #matcher}: jqwik runs every try on one instance. */
    private RecordingListener listener;

    private SequenceMatcher matcher(boolean[] opens, int maxSources) {
        listener = new RecordingListener();
        return SequenceMatcher.builder().clock(new MutableClock(T0)).listener(listener).maxSources(maxSources)
                .door(DOOR, digit -> opens[digit]).build();
    }

    @Provide
    Arbitrary<boolean[]> opens() {
        return Arbitraries.integers().between(0, 1).list().ofSize(64).map(bits -> {
            boolean[] opens = new boolean[64];
            for (int i = 0; i < 64; i++) {
                opens[i] = bits.get(i) == 1;
            }
            return opens;
        });
    }

    @Provide
    Arbitrary<int[]> knock() {
        return Arbitraries.integers().between(0, 63).array(int[].class).ofSize(DOOR.knockLength());
    }

    private static void send(SequenceMatcher matcher, long millis, InetAddress source, int... digits) {
        for (int digit : digits) {
            matcher.offer(PacketEvent.udp(T0.plusMillis(millis), source, SERVER, 40000 + digit));
        }
    }

    private boolean completed(int[] knock) {
        return listener.completed.stream().anyMatch(k -> Arrays.equals(knock, k.digits()));
    }

    @Property
    void aKnockWithoutStraysCompletesWhateverItsOwnDigitsOpen(@ForAll("opens") boolean[] opens,
                                                             @ForAll("knock") int[] knock) {
        opens[knock[0]] = true;
        SequenceMatcher matcher = matcher(opens, 16);
        send(matcher, 0, CLIENT, knock);
        assertEquals(List.of(Arrays.toString(knock)),
                listener.completed.stream().map(k -> Arrays.toString(k.digits())).toList());
    }

    @Property
    void aKnockAfterFewerStraysThanTheCapLessOneCompletes(@ForAll("opens") boolean[] opens, @ForAll("knock") int[] knock,
            @ForAll @Size(max = SequenceMatcher.CANDIDATES - 2) List<@IntRange(max = 63) Integer> strays) {
        opens[knock[0]] = true;
        SequenceMatcher matcher = matcher(opens, 16);
        strays.forEach(stray -> send(matcher, 0, CLIENT, stray));
        send(matcher, 1, CLIENT, knock);
        assertTrue(completed(knock), "the knock after " + strays);
    }

    @Property
    void noFloodGrowsTheMatcherBeyondItsBounds(@ForAll("opens") boolean[] opens,
            @ForAll @Size(max = 400) List<@IntRange(max = 8 * 64 - 1) Integer> packets,
            @ForAll @IntRange(min = 1, max = 6) int maxSources) {
        SequenceMatcher matcher = matcher(opens, maxSources);
        long millis = 0;
        for (int packet : packets) {
            millis += packet % 3 * 1000;  // now and then past a candidate's timeout
            send(matcher, millis, address(20 + packet / 64), packet % 64);
            assertTrue(matcher.trackedAttempts() <= maxSources);
            assertTrue(matcher.trackedCandidates() <= SequenceMatcher.CANDIDATES * matcher.trackedAttempts());
            assertTrue(matcher.trackedCandidates() >= matcher.trackedAttempts());
        }
    }
}
