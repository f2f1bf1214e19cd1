package dev.portknock.benchmarks;

import dev.portknock.core.CapturedPacket;
import dev.portknock.core.DiscardReason;
import dev.portknock.core.FixedDoor;
import dev.portknock.core.FixedSequence;
import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.PacketEvent;
import dev.portknock.core.Profile;
import dev.portknock.core.SealedScheme;
import dev.portknock.core.SequenceMatcher;
import dev.portknock.core.TcpFlagFilter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@link SequenceMatcher} on one thread, one packet per operation, so the score in ops/s is
 * packets per second. The matcher watches a fixed TCP door (7000, 8000, 9000) and a sealed UDP
 * door with the default profile (ports 40000..44095, knocks of 8 digits, 10 s timeout) whose
 * {@code opensWith} accepts the hints of {@code pads} pads' windows of 64, as a door holding that
 * many pads would. Packets come from a pre-built array that is cycled, so what is measured is the
 * matcher and not the creation of events; a capture would hand over each event fresh.
 *
 * <ul>
 *   <li>{@code outOfRangeNoise}: packets to ports no door watches (4096 distinct, both transports):
 *       the bitmap rejection that most of a busy host's traffic takes. Target: 20 million/s or
 *       more, and about 0 B/op under {@code -prof gc}.</li>
 *   <li>{@code inRangeNoise}: random digits into the sealed door from {@code sources} spoofed
 *       sources, 0.5 ms apart: attempts start on accepted hints, collect digits, complete as
 *       garbage, are evicted past {@code maxSources} and time out. Target: 5 million/s or more.</li>
 *   <li>{@code mixedTraffic}: three quarters out-of-range noise, a quarter in-range noise, and 64
 *       legitimate sealed knocks from 64 clients with each of their packets 64 packets apart; the
 *       matcher is told of each legitimate knock's acceptance, as the server tells it once the
 *       knock is verified. The trial fails unless every legitimate knock that was offered
 *       completed with its digits.</li>
 *   <li>{@code collidingSources}: a hash flood. Opening digits into the sealed door from
 *       {@code sources} addresses of one IPv6 /64 that all have the same
 *       {@code InetAddress.hashCode()}, each source's packets 65536 packets apart, so that the
 *       matcher holds an attempt for nearly every one of them and looks each packet's source up
 *       among them all. A table hashed by {@code hashCode} puts them in one run of slots and
 *       every lookup walks it; a keyed hash spreads them like any other sources.</li>
 *   <li>{@code expireHoldingAttempts}: one periodic {@link SequenceMatcher#expire()} of a matcher
 *       holding {@code sources} attempts of which none is due, as a server's expiry timer finds it
 *       under a flood: a pass over every attempt costs in proportion to them, an expiry that
 *       looks only at what is due costs next to nothing. The matcher's lock is held meanwhile, so
 *       this is how long the capture thread may wait behind it.</li>
 *   <li>{@code loneStrays}: what {@code bench/flood.sh --runs v6-side-by-side} sends, as the
 *       matcher sees it: one opening digit from each of {@code sources} spoofed IPv6 sources in
 *       turn, 0.5 ms apart (2,000 packets a second), so that every packet starts an attempt of a
 *       lone candidate that nothing follows and the sequence timeout ends; {@link SequenceMatcher#expire()}
 *       runs once per second of capture time, as the server's timer does, and its cost is shared
 *       among that second's packets. Each operation makes its packet's event and capture time, as
 *       a capture does; the sources' address objects are made once. The trial fails unless the
 *       attempts ended by timeout, none by eviction.</li>
 *   <li>{@code ipv6FloodAsEvents} and {@code ipv6FloodAsViews}: what {@code bench/capacity.sh
 *       --family 6 --sources 60000} sends, as the pcap capture hands it to the matcher: random
 *       digits into the sealed door (one pad's window of 64 opens) from 60,000 IPv6 sources in
 *       turn, 2 us apart (500,000 packets a second), the expiry once per second of capture time.
 *       Each operation reads its packet's source from the bytes a frame holds, as the capture
 *       does: {@code AsEvents} as the capture did up to issue 18 (a new {@code Inet6Address}, an
 *       {@code Instant} and a {@link PacketEvent} per packet, {@link SequenceMatcher#offer(PacketEvent)}),
 *       {@code AsViews} as it does now (one reused {@link CapturedPacket} filled from the bytes,
 *       {@link SequenceMatcher#offer(CapturedPacket)}). The trials fail unless attempts ended by
 *       timeout or completion only.</li>
 * </ul>
 *
 * <p>When the array wraps around, capture times jump back; attempts then end by eviction rather
 * than timeout, which is why the in-range array spans 33 s of traffic, over three timeouts.
 *
 * <p>Run with (from the repository root, after {@code mvn -B -q -pl knock-benchmarks -am package}):
 * <pre>{@code
 * java -jar knock-benchmarks/target/benchmarks.jar MatcherBenchmark -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class MatcherBenchmark {
    /** The sealed door's profile: PROTOCOL.md's defaults. */
    static final Profile PROFILE = Profile.defaults();
    /** The capture time of the first packet of each array. */
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final FixedDoor SSH = new FixedDoor("ssh", FixedSequence.parse("7000,8000,9000"),
            Duration.ofSeconds(5), TcpFlagFilter.SYN_ONLY);

    /** Creates the benchmark; JMH instantiates it. */
    public MatcherBenchmark() {
    }

    /** A matcher with both doors, whose sealed door opens with the hints in {@code opens}. */
    static SequenceMatcher matcher(OutcomeCounter outcomes, int maxSources, boolean[] opens) {
        return SequenceMatcher.builder()
                .clock(Clock.fixed(START, ZoneOffset.UTC))
                .listener(outcomes)
                .maxSources(maxSources)
                .door(SSH)
                .door(new OneTimeDoor("sealed", PROFILE), hint -> opens[hint])
                .build();
    }

    /**
     * A matcher of the sealed door alone, expiring by the benchmark's clock, whose door opens with
     * the hints of one pad's window at cursor 0.
     */
    static SequenceMatcher sealedOnly(CaptureClock clock, OutcomeCounter outcomes) {
        boolean[] opens = new boolean[PROFILE.radix()];
        Arrays.fill(opens, 0, PROFILE.window(), true);
        return SequenceMatcher.builder()
                .clock(clock)
                .listener(outcomes)
                .door(new OneTimeDoor("sealed", PROFILE), hint -> opens[hint])
                .build();
    }

    /** Whether any door watches the port, on any transport. */
    static boolean watched(int port) {
        return port == 7000 || port == 8000 || port == 9000 || PROFILE.digitOf(port) != Profile.NO_DIGIT;
    }

    /** A packet to a port no door watches, UDP or TCP SYN, from a random spoofed source. */
    static PacketEvent outOfRange(SplittableRandom random, Instant time, InetAddress server) {
        int port;
        do {
            port = 1 + random.nextInt(65535);
        } while (watched(port));
        InetAddress source = Addresses.spoofed(random.nextInt(1 << 20));
        return random.nextBoolean()
                ? PacketEvent.udp(time, source, server, port)
                : PacketEvent.tcp(time, source, server, port, TcpFlagFilter.SYN);
    }

    /** The packets no door watches. */
    @State(Scope.Thread)
    public static class OutOfRangeNoise {
        private static final int EVENTS = 1 << 12;

        PacketEvent[] events;
        OutcomeCounter outcomes;
        SequenceMatcher matcher;
        int next;

        /** Creates the state; JMH instantiates it. */
        public OutOfRangeNoise() {
        }

        /** Builds the matcher and the packets. */
        @Setup(Level.Trial)
        public void setUp() {
            SplittableRandom random = new SplittableRandom(1);
            InetAddress server = Addresses.server();
            events = new PacketEvent[EVENTS];
            for (int i = 0; i < EVENTS; i++) {
                events[i] = outOfRange(random, START.plusNanos(i * 1_000L), server);
            }
            outcomes = OutcomeCounter.noiseOnly();
            matcher = matcher(outcomes, 65536, new boolean[PROFILE.radix()]);
        }

        /** Fails the trial if any packet reached a door. */
        @TearDown(Level.Trial)
        public void check() {
            if (outcomes.completed() != 0 || matcher.trackedAttempts() != 0) {
                throw new IllegalStateException("out-of-range packets reached a door: " + outcomes.summary());
            }
        }
    }

    /** What the in-range floods share: spoofed sources, the sealed door's gate, the matcher's bound. */
    @State(Scope.Thread)
    public abstract static class Flood {
        static final int EVENTS = 1 << 16;

        /** Distinct spoofed sources of the in-range noise. */
        @Param("16384")
        public int sources;
        /** The matcher's bound on tracked attempts. */
        @Param("4096")
        public int maxSources;
        /** Pads of the sealed door; each one's window of 64 hints opens an attempt. */
        @Param("16")
        public int pads;

        PacketEvent[] events;
        OutcomeCounter outcomes;
        SequenceMatcher matcher;
        long offered;

        /** The hints that open an attempt: pad 0's window at cursor 0, the others' at random cursors. */
        boolean[] opens(SplittableRandom random) {
            boolean[] opens = new boolean[PROFILE.radix()];
            for (int pad = 0; pad < pads; pad++) {
                int cursor = pad == 0 ? 0 : random.nextInt(PROFILE.radix());
                for (int w = 0; w < PROFILE.window(); w++) {
                    opens[(cursor + w) % PROFILE.radix()] = true;
                }
            }
            return opens;
        }

        /** A random digit into the sealed door from one of the spoofed sources. */
        PacketEvent inRange(SplittableRandom random, Instant time, InetAddress server) {
            InetAddress source = Addresses.spoofed(random.nextInt(sources));
            return PacketEvent.udp(time, source, server, PROFILE.portOf(random.nextInt(PROFILE.radix())));
        }

        /** The traffic's name in the report. */
        abstract String name();

        /** The next packet of the cycled array. */
        PacketEvent next() {
            return events[(int) offered++ & (EVENTS - 1)];
        }

        /** Prints what the matcher made of the traffic, for a look at its sanity. */
        @TearDown(Level.Trial)
        public void report() {
            System.out.println(name() + ": " + offered + " packets; tracked "
                    + matcher.trackedAttempts() + "; " + outcomes.summary());
        }
    }

    /** Random digits into the sealed door from many spoofed sources. */
    public static class InRangeNoise extends Flood {
        /** Creates the state; JMH instantiates it. */
        public InRangeNoise() {
        }

        @Override
        String name() {
            return "in-range noise";
        }

        /** Builds the matcher and the packets, 0.5 ms apart. */
        @Setup(Level.Trial)
        public void setUp() {
            SplittableRandom random = new SplittableRandom(2);
            InetAddress server = Addresses.server();
            events = new PacketEvent[EVENTS];
            for (int i = 0; i < EVENTS; i++) {
                events[i] = inRange(random, START.plusNanos(i * 500_000L), server);
            }
            outcomes = OutcomeCounter.noiseOnly();
            matcher = matcher(outcomes, maxSources, opens(random));
        }
    }

    /** Noise of both kinds with legitimate knocks interleaved. */
    public static class MixedTraffic extends Flood {
        private static final int KNOCKS = 64;
        /** Packets between two of a knock's: room for knocks of up to KNOCK_SPAN / SPACING = 16 digits. */
        private static final int SPACING = 64;
        private static final int KNOCK_SPAN = EVENTS / KNOCKS;

        /** Creates the state; JMH instantiates it. */
        public MixedTraffic() {
        }

        @Override
        String name() {
            return "mixed traffic";
        }

        /** Builds the matcher and the packets, 10 us apart; legitimate knocks are real sealed knocks. */
        @Setup(Level.Trial)
        public void setUp() {
            SplittableRandom random = new SplittableRandom(3);
            InetAddress server = Addresses.server();
            SealedScheme scheme = new SealedScheme(PROFILE);
            Map<InetAddress, int[]> legitimate = new HashMap<>();
            int[][] knocks = new int[KNOCKS][];
            for (int j = 0; j < KNOCKS; j++) {
                // knock j of pad 0, whose window at cursor 0 holds hints 0..63
                int[] block = random.ints(PROFILE.blockDigits(), 0, PROFILE.radix()).toArray();
                int[] command = random.ints(PROFILE.commandDigits(), 0, PROFILE.radix()).toArray();
                knocks[j] = scheme.encode(j, block, command, Optional.of(Addresses.client(j + 1)));
                legitimate.put(Addresses.client(j + 1), knocks[j]);
            }
            events = new PacketEvent[EVENTS];
            for (int i = 0; i < EVENTS; i++) {
                Instant time = START.plusNanos(i * 10_000L);
                if (i % SPACING == 0 && (i % KNOCK_SPAN) / SPACING < PROFILE.knockLength()) {
                    int j = i / KNOCK_SPAN;
                    int digit = knocks[j][(i % KNOCK_SPAN) / SPACING];
                    events[i] = PacketEvent.udp(time, Addresses.client(j + 1), server, PROFILE.portOf(digit));
                } else if (random.nextInt(4) == 0) {
                    events[i] = inRange(random, time, server);
                } else {
                    events[i] = outOfRange(random, time, server);
                }
            }
            outcomes = new OutcomeCounter(legitimate);
            matcher = matcher(outcomes, maxSources, opens(random));
        }

        /** Fails the trial unless every legitimate knock offered in full completed with its digits. */
        @TearDown(Level.Trial)
        public void check() {
            long rest = offered % EVENTS;
            long lastPacket = (long) (PROFILE.knockLength() - 1) * SPACING;
            long expected = offered / EVENTS * KNOCKS + (rest <= lastPacket ? 0 : (rest - lastPacket + KNOCK_SPAN - 1) / KNOCK_SPAN);
            if (outcomes.legitimateCompleted() != expected) {
                throw new IllegalStateException("legitimate knocks lost: expected " + expected + " completed; "
                        + outcomes.summary());
            }
        }
    }

    /** Opening digits from sources whose {@code InetAddress.hashCode()} is one and the same. */
    @State(Scope.Thread)
    public static class CollidingSources {
        private static final int EVENTS = 1 << 16;

        /** Distinct sources of the flood; the matcher may track as many attempts. */
        @Param("65536")
        public int sources;

        PacketEvent[] events;
        OutcomeCounter outcomes;
        SequenceMatcher matcher;
        int next;

        /** Creates the state; JMH instantiates it. */
        public CollidingSources() {
        }

        /** Builds the matcher and the packets, 1 us apart, and files an attempt for every source. */
        @Setup(Level.Trial)
        public void setUp() {
            SplittableRandom random = new SplittableRandom(4);
            InetAddress server = Addresses.server();
            events = new PacketEvent[EVENTS];
            for (int i = 0; i < EVENTS; i++) {
                int hint = random.nextInt(PROFILE.window());  // pad 0's window at cursor 0: every digit opens
                events[i] = PacketEvent.udp(START.plusNanos(i * 1_000L), Addresses.equalWordSum(i % sources), server,
                        PROFILE.portOf(hint));
            }
            boolean[] opens = new boolean[PROFILE.radix()];
            Arrays.fill(opens, 0, PROFILE.window(), true);
            outcomes = OutcomeCounter.noiseOnly();
            matcher = matcher(outcomes, sources, opens);
            for (PacketEvent event : events) {
                matcher.offer(event);
            }
        }

        /** Prints what the matcher made of the traffic, for a look at its sanity. */
        @TearDown(Level.Trial)
        public void report() {
            System.out.println("colliding sources: " + next + " packets; tracked " + matcher.trackedAttempts() + "; "
                    + outcomes.summary());
        }
    }

    /** A matcher holding an attempt for each of {@code sources} spoofed sources, none of them due. */
    @State(Scope.Thread)
    public static class HeldAttempts {
        /** Attempts the matcher holds; its bound. */
        @Param("65536")
        public int sources;

        SequenceMatcher matcher;

        /** Creates the state; JMH instantiates it. */
        public HeldAttempts() {
        }

        /** Files one attempt per source, 1 us apart: all due 10 s after the fixed clock's instant. */
        @Setup(Level.Trial)
        public void setUp() {
            SplittableRandom random = new SplittableRandom(5);
            boolean[] opens = new boolean[PROFILE.radix()];
            Arrays.fill(opens, 0, PROFILE.window(), true);
            matcher = matcher(OutcomeCounter.noiseOnly(), sources, opens);
            InetAddress server = Addresses.server();
            for (int i = 0; i < sources; i++) {
                matcher.offer(PacketEvent.udp(START.plusNanos(i * 1_000L), Addresses.spoofed(i), server,
                        PROFILE.portOf(random.nextInt(PROFILE.window()))));
            }
        }

        /** Fails the trial if an attempt expired or none was held. */
        @TearDown(Level.Trial)
        public void check() {
            if (matcher.trackedAttempts() != sources) {
                throw new IllegalStateException("expected " + sources + " attempts held, not " + matcher.trackedAttempts());
            }
        }
    }

    /** A clock the benchmark sets: the capture time of the packet offered last. */
    static final class CaptureClock extends Clock {
        Instant now = START;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException("a benchmark clock has one zone");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** One opening digit from each spoofed source in turn, expired by the clock. */
    @State(Scope.Thread)
    public static class LoneStrays {
        /** Packets a second, of capture time. */
        static final int RATE = 2000;

        /** Distinct sources, each coming back after {@code sources / RATE} seconds: past the 10 s timeout. */
        @Param("60000")
        public int sources;

        InetAddress[] addresses;
        InetAddress server;
        int opening;
        CaptureClock clock;
        OutcomeCounter outcomes;
        SequenceMatcher matcher;
        long offered;

        /** Creates the state; JMH instantiates it. */
        public LoneStrays() {
        }

        /** Builds the matcher ({@link #sealedOnly}) and the sources. */
        @Setup(Level.Trial)
        public void setUp() {
            addresses = new InetAddress[sources];
            for (int i = 0; i < sources; i++) {
                addresses[i] = Addresses.spoofed(i);
            }
            server = Addresses.server();
            opening = PROFILE.portOf(1);
            clock = new CaptureClock();
            outcomes = OutcomeCounter.noiseOnly();
            matcher = sealedOnly(clock, outcomes);
        }

        /** Fails the trial unless attempts ended by timeout only. */
        @TearDown(Level.Trial)
        public void check() {
            System.out.println("lone strays: " + offered + " packets; tracked " + matcher.trackedAttempts() + "; "
                    + outcomes.summary());
            if (outcomes.discarded(DiscardReason.TIMEOUT) == 0 || outcomes.discarded(DiscardReason.EVICTED) != 0) {
                throw new IllegalStateException("lone strays must end by timeout only: " + outcomes.summary());
            }
        }
    }

    /** Random digits from many IPv6 sources in turn, their addresses as a frame's bytes, expired by the clock. */
    @State(Scope.Thread)
    public static class Ipv6Flood {
        /** Packets a second, of capture time. */
        static final int RATE = 500_000;
        private static final int DIGITS = 1 << 16;

        /** Distinct sources, each coming back after {@code sources / RATE} seconds. */
        @Param("60000")
        public int sources;

        /** The sources' sixteen bytes each, one after the other, as frames would hold them. */
        byte[] frames;
        int[] ports;
        InetAddress server;
        CaptureClock clock;
        OutcomeCounter outcomes;
        SequenceMatcher matcher;
        CapturedPacket packet;
        long offered;

        /** Creates the state; JMH instantiates it. */
        public Ipv6Flood() {
        }

        /** Builds the matcher ({@link #sealedOnly}) and the traffic. */
        @Setup(Level.Trial)
        public void setUp() {
            SplittableRandom random = new SplittableRandom(6);
            frames = new byte[16 * sources];
            for (int i = 0; i < sources; i++) {
                System.arraycopy(Addresses.spoofed(i).getAddress(), 0, frames, 16 * i, 16);
            }
            ports = new int[DIGITS];
            for (int i = 0; i < DIGITS; i++) {
                ports[i] = PROFILE.portOf(random.nextInt(PROFILE.radix()));
            }
            server = Addresses.server();
            clock = new CaptureClock();
            outcomes = OutcomeCounter.noiseOnly();
            matcher = sealedOnly(clock, outcomes);
            packet = new CapturedPacket();
        }

        /** The capture time of packet n, in nanoseconds after {@link #START}. */
        static long nanos(long n) {
            return n * (1_000_000_000L / RATE);
        }

        /** Expires by the clock once per second of capture time, as the server's timer does. */
        void expireEachSecond(long n) {
            if (n % RATE == 0) {
                clock.now = START.plusNanos(nanos(n));
                matcher.expire();
            }
        }

        /** Fails the trial unless attempts ended by timeout or completion, none by eviction. */
        @TearDown(Level.Trial)
        public void check() {
            System.out.println("ipv6 flood: " + offered + " packets; tracked " + matcher.trackedAttempts() + "; "
                    + outcomes.summary());
            if (outcomes.discarded(DiscardReason.EVICTED) != 0) {
                throw new IllegalStateException("the flood's attempts must not be evicted: " + outcomes.summary());
            }
        }
    }

    /** One packet to a port no door watches. */
    @Benchmark
    public void outOfRangeNoise(OutOfRangeNoise state) {
        state.matcher.offer(state.events[state.next++ & (OutOfRangeNoise.EVENTS - 1)]);
    }

    /** One packet of in-range noise. */
    @Benchmark
    public void inRangeNoise(InRangeNoise state) {
        state.matcher.offer(state.next());
    }

    /** One packet of mixed traffic; a legitimate knock it completes is accepted, as the server would say. */
    @Benchmark
    public void mixedTraffic(MixedTraffic state) {
        state.matcher.offer(state.next());
        state.outcomes.takeLegitimate().ifPresent(state.matcher::recognised);
    }

    /** One packet of a hash flood. */
    @Benchmark
    public void collidingSources(CollidingSources state) {
        state.matcher.offer(state.events[state.next++ & (CollidingSources.EVENTS - 1)]);
    }

    /** One expiry pass over a matcher full of attempts none of which is due. */
    @Benchmark
    public void expireHoldingAttempts(HeldAttempts state) {
        state.matcher.expire();
    }

    /** One lone opening digit from the next source, and each second of capture time the expiry pass. */
    @Benchmark
    public void loneStrays(LoneStrays state) {
        long n = state.offered++;
        Instant time = START.plusNanos(n * (1_000_000_000L / LoneStrays.RATE));
        state.matcher.offer(PacketEvent.udp(time, state.addresses[(int) (n % state.sources)], state.server, state.opening));
        if (n % LoneStrays.RATE == 0) {
            state.clock.now = time;
            state.matcher.expire();
        }
    }

    /** One packet of the IPv6 flood made into an event with its own address object, as the capture did. */
    @Benchmark
    public void ipv6FloodAsEvents(Ipv6Flood state) throws UnknownHostException {
        long n = state.offered++;
        int source = (int) (n % state.sources);
        Instant time = START.plusNanos(Ipv6Flood.nanos(n));
        InetAddress address = Inet6Address.getByAddress(null,
                Arrays.copyOfRange(state.frames, 16 * source, 16 * source + 16), -1);
        state.matcher.offer(PacketEvent.udp(time, address, state.server, state.ports[(int) n & (Ipv6Flood.DIGITS - 1)]));
        state.expireEachSecond(n);
    }

    /** One packet of the IPv6 flood read into the reused view, as the capture does. */
    @Benchmark
    public void ipv6FloodAsViews(Ipv6Flood state) {
        long n = state.offered++;
        int source = (int) (n % state.sources);
        long nanos = Ipv6Flood.nanos(n);
        state.packet.time(START.getEpochSecond() + nanos / 1_000_000_000L, (int) (nanos % 1_000_000_000L))
                .source(state.frames, 16 * source, 16)
                .destination(state.server)
                .udp(state.ports[(int) n & (Ipv6Flood.DIGITS - 1)]);
        state.matcher.offer(state.packet);
        state.expireEachSecond(n);
    }
}
