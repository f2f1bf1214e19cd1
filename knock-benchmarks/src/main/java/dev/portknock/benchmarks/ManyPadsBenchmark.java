package dev.portknock.benchmarks;

import dev.portknock.core.Profile;
import dev.portknock.core.SealedScheme;
import dev.portknock.pad.DoorVerifier;
import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.InMemoryPadStateStore;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadGenerator;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import dev.portknock.pad.Verification;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One sealed door holding {@code pads} pads (the default profile, k = 12, M = 3, A = 7, bound to an
 * IPv4 source, with {@code hintDigits} hint digits): what a knock costs as the door's pads grow,
 * and how long a server takes to start with them (issue 14: with 10,000 pads a knock should cost
 * at most twice what it costs with one).
 *
 * <ul>
 *   <li>{@code goodKnock}: {@link DoorVerifier#verify} of a valid knock, accepted and its cursor
 *       stored in an {@link InMemoryPadStateStore} (the durable write is
 *       {@link StatePersistenceBenchmark}'s subject). Knocks go to the pads in turn, knock
 *       {@code i} to pad {@code i mod pads} at its next block, so every pad's cursor moves; the
 *       store and verifier start afresh every iteration (outside the score, inside the CPU time
 *       {@link CpuTimeProfiler} counts), and an
 *       iteration that used every prepared knock starts them afresh inside the operation that
 *       finds them used up (sized so that it does not happen at the expected rates).</li>
 *   <li>{@code garbageKnock}: random digits from one source, the throttle lifted so that every
 *       knock is looked at: most name no window block (with one hint digit, a hint a region holds
 *       is checked against every pad holding it).</li>
 *   <li>{@code forgedKnock}: garbage aimed at a window, a pad's next knock with its last tag
 *       digit changed (the pads in turn): rejected after the tag check, one failure counted.</li>
 *   <li>{@code serverStart} ({@link Start}): what a server does with its pads when it starts,
 *       one single shot per iteration: open and check every pad file ({@link Pad#open}, which
 *       hashes each pad's material), then build the verifier over a {@link FilePadStateStore}
 *       directory, as {@code knock server} does (one state file read per pad, then the index).
 *       The files were just written, so they come from the page cache, not the disk.</li>
 * </ul>
 *
 * <p>Logging goes to slf4j's no-operation provider, as in {@link VerifierBenchmark}.
 *
 * <p>Run with (from the repository root, after {@code mvn -B -q -pl knock-benchmarks -am package}):
 * <pre>{@code
 * java -jar knock-benchmarks/target/benchmarks.jar ManyPadsBenchmark -prof dev.portknock.benchmarks.CpuTimeProfiler
 * }</pre>
 * and, for one hint digit with 10,000 pads only, add {@code -p hintDigits=1 -p pads=10000}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@Threads(1)
public class ManyPadsBenchmark {
    private static final int SAMPLES = 4096;
    private static final int[] COMMAND = {22, 60, 1};

    /** Creates the benchmark; JMH instantiates it. */
    public ManyPadsBenchmark() {
    }

    /** The door's profile: the default with the given hint digits. */
    static Profile profile(int hintDigits) {
        return Profile.defaults().toBuilder().hintDigits(hintDigits).build();
    }

    /** Writes {@code count} pads of {@code knocks} knocks each, of random digits, into a directory. */
    static List<Pad> writePads(Path directory, Profile profile, int count, long knocks) throws IOException {
        PadGenerator generator = PadGenerator.secureRandom();
        List<Pad> pads = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            Path file = directory.resolve(p + ".pad");
            generator.generate(file, profile.digitBits(), PadGenerator.digitsFor(profile, knocks),
                    PadGenerator.Progress.NONE);
            pads.add(Pad.open(file));
        }
        return pads;
    }

    /**
     * The door: its pads, the knocks a client of each would send in turn, garbage, forgeries, and
     * the verifiers they go to. Benchmark methods take only this state (see {@link VerifierBenchmark}
     * on JMH 1.37's state injection).
     */
    @State(Scope.Thread)
    public static class Door {
        /** Pads on the door. */
        @Param({"1", "100", "10000"})
        public int pads;

        /** Hint digits P of the profile (PROTOCOL.md §3.3). */
        @Param({"2", "1"})
        public int hintDigits;

        /** Valid knocks prepared, spread over the pads: more than an iteration accepts. */
        @Param("2000000")
        public int goodKnocks;

        final InetAddress client = Addresses.client(1);
        Profile profile;
        TemporaryDirectory directory;
        List<Pad> padList;
        int length;
        /** Good knock {@code i}'s digits at {@code [i * length, (i + 1) * length)}. */
        short[] good;
        int[][] garbage;
        int[][] forged;
        DoorVerifier accepting;
        DoorVerifier rejecting;
        int nextGood;
        int nextGarbage;
        int nextForged;
        /** The good knock being sent, refilled by every operation. */
        int[] knock;

        /** Creates the state; JMH instantiates it. */
        public Door() {
        }

        /** Generates the pads and encodes the knocks. */
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            profile = profile(hintDigits);
            length = profile.knockLength();
            knock = new int[length];
            directory = TemporaryDirectory.create("portknock-many-pads");
            long perPad = (goodKnocks + pads - 1) / pads;
            padList = writePads(directory.path(), profile, pads, perPad);
            SealedScheme scheme = new SealedScheme(profile);
            good = new short[Math.multiplyExact(goodKnocks, length)];
            for (int i = 0; i < goodKnocks; i++) {
                int[] knock = encode(scheme, padList.get(i % pads), i / pads);
                for (int d = 0; d < length; d++) {
                    good[i * length + d] = (short) knock[d];
                }
            }
            SplittableRandom random = new SplittableRandom(14);
            garbage = new int[SAMPLES][];
            forged = new int[SAMPLES][];
            for (int s = 0; s < SAMPLES; s++) {
                garbage[s] = random.ints(length, 0, profile.radix()).toArray();
                int[] knock = encode(scheme, padList.get(s % pads), 0);
                knock[length - 1] ^= 1 + random.nextInt(profile.radix() - 1);
                forged[s] = knock;
            }
            rejecting = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(padArray()))
                    .pads(padList).failureLimit(Integer.MAX_VALUE).build();
            Verification outcome = rejecting.verify(forged[0], client);
            if (!(outcome instanceof Verification.Rejected r && r.reason() == Verification.Reason.BAD_TAGS)) {
                throw new IllegalStateException("a forged knock was not rejected for its tags: " + outcome);
            }
        }

        private int[] encode(SealedScheme scheme, Pad pad, long j) {
            return scheme.encode(j, pad.id().hintOffset(profile), pad.block(j, profile.blockDigits()), COMMAND,
                    Optional.of(client));
        }

        private Pad[] padArray() {
            return padList.toArray(Pad[]::new);
        }

        /**
         * Starts the pads afresh for good knocks, in their trials only: a new store at cursor 0 and
         * a verifier over it. (Its CPU time falls inside the iteration that {@link CpuTimeProfiler}
         * measures; the other benchmarks' iterations do not pay for it.)
         */
        @Setup(Level.Iteration)
        public void reset(BenchmarkParams params) throws IOException {
            if (params.getBenchmark().endsWith(".goodKnock")) {
                reset();
            }
        }

        void reset() throws IOException {
            accepting = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(padArray()))
                    .pads(padList).build();
            nextGood = 0;
        }

        /** Fails the trial if a good knock was refused or garbage moved a cursor. */
        @TearDown(Level.Iteration)
        public void check() {
            long moved = accepting == null ? 0 : accepting.pads().stream().mapToLong(s -> s.cursor()).sum();
            if (moved != nextGood) {
                throw new IllegalStateException("sent " + nextGood + " good knocks, cursors moved " + moved);
            }
            long forgedThrough = rejecting.pads().stream().mapToLong(s -> s.cursor()).sum();
            if (forgedThrough != 0) {
                throw new IllegalStateException("garbage moved cursors by " + forgedThrough);
            }
        }

        /** Removes the pads. */
        @TearDown(Level.Trial)
        public void tearDown() {
            directory.close();
        }
    }

    /** A server's pads and state directory, written once; each operation starts the door from them. */
    @State(Scope.Thread)
    public static class Start {
        /** Pads on the door. */
        @Param({"1", "100", "10000"})
        public int pads;

        /** Hint digits P of the profile. */
        @Param({"2", "1"})
        public int hintDigits;

        /** Knocks in each pad (the checksum of each pad file is computed over all of them). */
        @Param("1000")
        public long knocksPerPad;

        Profile profile;
        TemporaryDirectory directory;
        Path padDirectory;
        Path stateDirectory;

        /** Creates the state; JMH instantiates it. */
        public Start() {
        }

        /** Writes the pads and each one's server state. */
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            profile = profile(hintDigits);
            directory = TemporaryDirectory.create("portknock-server-start");
            padDirectory = directory.path().resolve("pads");
            Files.createDirectory(padDirectory);
            stateDirectory = directory.path().resolve("state");
            FilePadStateStore store = new FilePadStateStore(stateDirectory);
            for (Pad pad : writePads(padDirectory, profile, pads, knocksPerPad)) {
                store.create(PadState.fresh(pad.id(), Side.SERVER));
            }
        }

        /** Removes the pads and states. */
        @TearDown(Level.Trial)
        public void tearDown() {
            directory.close();
        }
    }

    /** A valid knock of the next pad in turn: accepted, cursor stored. */
    @Benchmark
    public Verification goodKnock(Door door) throws IOException {
        if (door.nextGood == door.goodKnocks) {
            door.reset();
        }
        int from = door.nextGood++ * door.length;
        for (int d = 0; d < door.length; d++) {
            door.knock[d] = door.good[from + d];
        }
        return door.accepting.verify(door.knock, door.client);
    }

    /** Random digits: rejected (most without a candidate). */
    @Benchmark
    public Verification garbageKnock(Door door) throws IOException {
        return door.rejecting.verify(door.garbage[door.nextGarbage++ & (SAMPLES - 1)], door.client);
    }

    /** A pad's next knock with a tag changed: rejected after the tag check. */
    @Benchmark
    public Verification forgedKnock(Door door) throws IOException {
        return door.rejecting.verify(door.forged[door.nextForged++ & (SAMPLES - 1)], door.client);
    }

    /** A server's start with the door's pads: open and check every pad file, read every state, build the index. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public DoorVerifier serverStart(Start start) throws IOException {
        List<Pad> pads = new ArrayList<>(start.pads);
        for (int p = 0; p < start.pads; p++) {
            pads.add(Pad.open(start.padDirectory.resolve(p + ".pad")));
        }
        return DoorVerifier.builder(start.profile, FilePadStateStore.existing(start.stateDirectory)).pads(pads).build();
    }
}
