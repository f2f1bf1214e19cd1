package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * The two ways into the matcher tell the same story: random packet sequences offered to one
 * matcher as events and to another as ONE reused view (refilled the way the pcap capture does,
 * then overwritten with garbage as soon as {@code offer} returns, so that anything the matcher
 * kept of the view would show), with {@code expire()} and {@code recognised()} interleaved, give
 * their listeners the same calls in the same order as a third matcher that is offered a view of
 * its own for every packet (which no later packet can change: what the matcher promises).
 */
class SequenceMatcherViewDifferentialTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** The server's addresses: a packet goes to either, so a view kept past its packet would report the wrong one. */
    private static final InetAddress[] SERVER = {address("2001:db8::2"), address("192.0.2.2")};
    private static final InetAddress GARBAGE_DESTINATION = address("198.51.100.99");
    /** Five sources: two IPv4, two IPv6, one scoped IPv6 link-local and its unscoped twin (six addresses, five keys). */
    private static final InetAddress[] SOURCES = {
        address("192.0.2.10"), address("192.0.2.11"), address("2001:db8::a"), address("2001:db8::b"),
        scoped("fe80::1", 1), address("fe80::1"),
    };
    /** Sealed, UDP 40000..40015, 4 digits; which digits open is drawn for each try. */
    private static final OneTimeDoor SEALED = new OneTimeDoor("sealed", Profile.builder().base(40000).digitBits(4)
            .tagDigits(2).commandDigits(1).sequenceTimeout(Duration.ofSeconds(3)).window(4).acceptWeakness().build());
    /** Raw, UDP 40004..40019 (overlapping the sealed door's range), 3 digits, the even digits open. */
    private static final OneTimeDoor RAW_UDP = new OneTimeDoor("raw-udp", Profile.builder().scheme(Scheme.RAW)
            .base(40004).digitBits(4).tagDigits(2).commandDigits(1).sequenceTimeout(Duration.ofSeconds(5))
            .window(4).acceptWeakness().build());
    /** Raw, TCP SYN 40008..40023, 2 digits, every digit opens: the most overlapping candidates. */
    private static final OneTimeDoor RAW_TCP = new OneTimeDoor("raw-tcp", Profile.builder().scheme(Scheme.RAW)
            .base(40008).digitBits(4).tagDigits(2).commandDigits(0).transport(Transport.TCP)
            .tcpFlags(TcpFlagFilter.SYN_ONLY).sequenceTimeout(Duration.ofSeconds(2)).window(4).acceptWeakness().build());
    private static final FixedDoor SSH = new FixedDoor("ssh", FixedSequence.parse("7000,8000,9000"),
            Duration.ofSeconds(5), TcpFlagFilter.SYN_ONLY);
    /** A fixed UDP door whose ports lie inside the one-time doors' range. */
    private static final FixedDoor FIXED_UDP = new FixedDoor("fixed-udp",
            FixedSequence.parse("40001:udp,40002:udp,40001:udp"), Duration.ofSeconds(4), TcpFlagFilter.ANY);

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static InetAddress scoped(String literal, int scope) {
        try {
            return Inet6Address.getByAddress(null, address(literal).getAddress(), scope);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * One thing the capture thread does: offer a packet, offer a whole knock on one of the doors
     * (its sequence, or random digits of a one-time door's length) from one source, expire by the
     * clock, or apply a recognised knock.
     */
    record Step(Kind kind, int source, int port, boolean tcp, int flags, int millis, boolean asBytes, int pick) {
    }

    enum Kind { PACKET, KNOCK, EXPIRE, RECOGNISED }

    @Provide
    Arbitrary<Step> steps() {
        Arbitrary<Kind> kind = Arbitraries.frequency(
                Tuple.of(70, Kind.PACKET), Tuple.of(15, Kind.KNOCK), Tuple.of(8, Kind.EXPIRE),
                Tuple.of(7, Kind.RECOGNISED));
        Arbitrary<Integer> port = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(39998, 40025)),
                Tuple.of(2, Arbitraries.of(7000, 8000, 9000, 7001)),
                Tuple.of(1, Arbitraries.integers().between(0, 65535)));
        Arbitrary<Integer> millis = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(0)),
                Tuple.of(5, Arbitraries.integers().between(1, 400)),
                Tuple.of(1, Arbitraries.integers().between(1000, 9000)));
        Arbitrary<Integer> flags = Arbitraries.of(TcpFlagFilter.SYN, TcpFlagFilter.SYN, TcpFlagFilter.SYN,
                TcpFlagFilter.SYN | TcpFlagFilter.ACK, TcpFlagFilter.ACK, 0, TcpFlagFilter.FIN);
        return Combinators.combine(kind, Arbitraries.integers().between(0, SOURCES.length - 1), port,
                Arbitraries.of(false, true), flags, millis, Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 1000)).as(Step::new);
    }

    @Provide
    Arbitrary<boolean[]> opens() {
        return Arbitraries.of(false, true).list().ofSize(16).map(bits -> {
            boolean[] opens = new boolean[16];
            for (int i = 0; i < 16; i++) {
                opens[i] = bits.get(i);
            }
            return opens;
        });
    }

    @Property(tries = 400)
    void eventsAndOneReusedViewTellTheListenerWhatAViewPerPacketTells(@ForAll("opens") boolean[] opens,
            @ForAll @IntRange(min = 1, max = 4) int maxSources,
            @ForAll @Size(min = 20, max = 250) List<@From("steps") Step> steps, @ForAll long garbageSeed) {
        Run events = new Run(opens, maxSources);
        Run views = new Run(opens, maxSources);
        // the reference: a view of its own for every packet, which nothing can refill
        Run freshViews = new Run(opens, maxSources);
        List<Run> runs = List.of(events, views, freshViews);
        CapturedPacket view = new CapturedPacket();
        byte[] frame = new byte[64];
        Random garbage = new Random(garbageSeed);
        Instant now = T0;
        boolean endedCandidates = false;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            now = now.plusMillis(step.millis());
            for (Run run : runs) {
                run.clock.set(now);
            }
            switch (step.kind()) {
                case PACKET, KNOCK -> {
                    for (PacketEvent event : packets(step, now)) {
                        events.matcher.offer(event);
                        views.matcher.offer(fill(view, frame, step, event));
                        overwrite(view, frame, garbage);
                        freshViews.matcher.offer(new CapturedPacket().of(event));
                    }
                }
                case EXPIRE -> runs.forEach(run -> run.matcher.expire());
                case RECOGNISED -> {
                    int before = events.matcher.trackedCandidates();
                    runs.forEach(run -> run.recognise(step.pick()));
                    endedCandidates |= events.matcher.trackedCandidates() < before;
                }
            }
            for (Run run : List.of(events, views)) {
                String what = (run == events ? "events" : "one reused view") + " after step " + i + " of " + steps;
                assertEquals(freshViews.calls, run.calls, what);
                assertEquals(freshViews.matcher.trackedAttempts(), run.matcher.trackedAttempts(), "attempts of " + what);
                assertEquals(freshViews.matcher.trackedCandidates(), run.matcher.trackedCandidates(),
                        "candidates of " + what);
            }
        }
        cover(events.calls, endedCandidates);
    }

    /** Fails the property when too few tries reach each kind of call (the generator would have gone blind). */
    private static void cover(List<String> calls, boolean endedCandidates) {
        String[] kinds = {"completed sealed", "completed raw-udp", "completed raw-tcp", "completed ssh",
            "completed fixed-udp", ": TIMEOUT", ": EVICTED", ": WRONG_PACKET", "from Inet6Address fe80:0:0:0:0:0:0:1%1"};
        for (String kind : kinds) {
            Statistics.label(kind).collect(calls.stream().anyMatch(call -> call.contains(kind)));
            Statistics.label(kind).coverage(checker -> checker.check(true).percentage(p -> p >= 2));
        }
        Statistics.label("recognised ended candidates").collect(endedCandidates);
        Statistics.label("recognised ended candidates").coverage(checker -> checker.check(true).percentage(p -> p >= 2));
    }

    /** The step's packets, all at its time: one packet, or a knock (some broken ones on the fixed doors) chosen by {@code pick % 7}. */
    private static List<PacketEvent> packets(Step step, Instant time) {
        if (step.kind() == Kind.PACKET) {
            return List.of(packet(step, 0, time, step.tcp() ? Transport.TCP : Transport.UDP, step.port(), step.flags()));
        }
        List<PacketEvent> knock = new ArrayList<>();
        switch (step.pick() % 7) {
            case 0 -> List.of(7000, 8000, 9000).forEach(port ->
                    knock.add(packet(step, knock.size(), time, Transport.TCP, port, TcpFlagFilter.SYN)));
            case 1 -> List.of(40001, 40002, 40001).forEach(port ->
                    knock.add(packet(step, knock.size(), time, Transport.UDP, port, 0)));
            case 2 -> List.of(7000, 9000).forEach(port ->
                    knock.add(packet(step, knock.size(), time, Transport.TCP, port, TcpFlagFilter.SYN)));
            case 3 -> List.of(40001, 40001).forEach(port ->
                    knock.add(packet(step, knock.size(), time, Transport.UDP, port, 0)));
            default -> {
                OneTimeDoor door = List.of(SEALED, RAW_UDP, RAW_TCP).get(step.pick() % 7 - 4);
                Random digits = new Random(step.pick());
                for (int k = 0; k < door.knockLength(); k++) {
                    int port = door.profile().base() + digits.nextInt(door.profile().radix());
                    knock.add(packet(step, k, time, door.profile().transport(), port, TcpFlagFilter.SYN));
                }
            }
        }
        return knock;
    }

    /** The step's {@code k}-th packet, to one of the server's addresses. */
    private static PacketEvent packet(Step step, int k, Instant time, Transport transport, int port, int flags) {
        return new PacketEvent(time, SOURCES[step.source()], SERVER[(step.pick() / 7 + k) % 2], port, transport,
                transport == Transport.TCP ? flags : 0);
    }

    /**
     * The view filled as the pcap capture fills it: time as numbers, the source as bytes read from
     * the frame (or as the object, as a backend that knows it would: always for the scoped source,
     * whose scope its bytes do not say), the destination object, then the transport.
     */
    private static CapturedPacket fill(CapturedPacket view, byte[] frame, Step step, PacketEvent event) {
        view.time(event.time().getEpochSecond(), event.time().getNano());
        InetAddress source = event.source();
        if (step.asBytes() && source != SOURCES[4]) {
            byte[] bytes = source.getAddress();
            int offset = step.pick() % (frame.length - 16);
            System.arraycopy(bytes, 0, frame, offset, bytes.length);
            view.source(frame, offset, bytes.length);
        } else {
            view.source(source);
        }
        view.destination(event.destination());
        return event.transport() == Transport.TCP ? view.tcp(event.destinationPort(), event.tcpFlags())
                : view.udp(event.destinationPort());
    }

    /** Refills every part of the view, and the frame its source was read from, with garbage. */
    private static void overwrite(CapturedPacket view, byte[] frame, Random garbage) {
        garbage.nextBytes(frame);
        view.time(garbage.nextInt(2_000_000_000), garbage.nextInt(1_000_000_000));
        view.source(frame, garbage.nextInt(frame.length - 16), garbage.nextBoolean() ? 4 : 16);
        view.destination(GARBAGE_DESTINATION);
        if (garbage.nextBoolean()) {
            view.tcp(garbage.nextInt(65536), garbage.nextInt(256));
        } else {
            view.udp(40000 + garbage.nextInt(26));
        }
    }

    /** One matcher over all the doors and what its listener was told, in order. */
    private static final class Run implements MatchListener {
        final MutableClock clock = new MutableClock(T0);
        final List<String> calls = new ArrayList<>();
        final List<CompletedKnock> completed = new ArrayList<>();
        final SequenceMatcher matcher;

        Run(boolean[] opens, int maxSources) {
            matcher = SequenceMatcher.builder().clock(clock).listener(this).maxSources(maxSources)
                    .door(SEALED, digit -> opens[digit]).door(RAW_UDP, digit -> digit % 2 == 0)
                    .door(RAW_TCP, digit -> true).door(SSH).door(FIXED_UDP).build();
        }

        /** Tells the matcher that the {@code pick}-th knock completed so far (modulo their number) was genuine. */
        void recognise(int pick) {
            if (!completed.isEmpty()) {
                matcher.recognised(completed.get(pick % completed.size()));
            }
        }

        @Override
        public void completed(CompletedKnock knock) {
            completed.add(knock);
            calls.add("completed " + knock.door().name() + " from " + describe(knock.source()) + " to "
                    + describe(knock.destination()) + " digits " + Arrays.toString(knock.digits()) + " "
                    + knock.firstPacket() + ".." + knock.lastPacket());
        }

        @Override
        public void discarded(Door door, InetAddress source, DiscardReason reason) {
            calls.add("discarded " + door.name() + " from " + describe(source) + ": " + reason);
        }

        /** The address with its family and scope, which {@code InetAddress.equals} does not compare. */
        private static String describe(InetAddress address) {
            return address.getClass().getSimpleName() + " " + address.getHostAddress();
        }
    }
}
