package dev.portknock.benchmarks;

import dev.portknock.core.Profile;
import dev.portknock.core.SealedScheme;
import dev.portknock.pad.DoorVerifier;
import dev.portknock.pad.InMemoryPadStateStore;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadGenerator;
import dev.portknock.pad.Verification;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
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
 * Sealed verification on one thread with the default profile (k = 12, M = 3, A = 4, bound to an
 * IPv4 source), one knock per operation; target 1 million knocks/s or more.
 *
 * <ul>
 *   <li>{@code sealedSchemeVerify}: {@link SealedScheme#verify} of valid knocks, the pure math
 *       (four one-time MAC tags over GF(2^12)), cycling over 1024 pre-computed knocks.</li>
 *   <li>{@code doorVerifierRejectsForged}: {@link DoorVerifier#verify} of knocks for the pad's
 *       next block with one tag digit altered: index lookup, tag check, and the failure counted
 *       in memory (added to the store at most once per second). The failure limit is lifted so that every knock is checked
 *       rather than dropped by the throttle, which would otherwise take over after 8 per second.</li>
 *   <li>{@code doorVerifierAcceptsFresh}: {@link DoorVerifier#verify} of the pad's knocks in order,
 *       each accepted and its new cursor stored (compare-and-set in an {@link InMemoryPadStateStore}:
 *       durable storage is {@link StatePersistenceBenchmark}'s subject). The pad holds
 *       {@code knocks} knocks; the store and verifier start afresh every iteration, and should an
 *       iteration use the whole pad, the operation that finds it used up starts them afresh too.</li>
 * </ul>
 *
 * <p>The states that need the pad hold the {@link Knocks} they were set up with, and the benchmark
 * methods take only them: JMH 1.37 gives a benchmark method's {@code Scope.Thread} argument and
 * the same type injected into another state's {@code @Setup} two different instances, which would
 * send one pad's knocks to a verifier of another.
 *
 * <p>Logging goes to slf4j's no-operation provider: the verifier logs every knock at info level,
 * whose cost in a real server depends on its logging configuration.
 *
 * <p>Run with (from the repository root, after {@code mvn -B -q -pl knock-benchmarks -am package}):
 * <pre>{@code
 * java -jar knock-benchmarks/target/benchmarks.jar VerifierBenchmark -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class VerifierBenchmark {
    private static final Profile PROFILE = Profile.defaults();
    private static final int SAMPLES = 1024;

    /** Creates the benchmark; JMH instantiates it. */
    public VerifierBenchmark() {
    }

    /** A pad of random digits in a temporary directory, and knocks cut from it as a client would. */
    @State(Scope.Thread)
    public static class Knocks {
        /** Knocks in the pad: enough for an iteration of fresh knocks at the expected rate. */
        @Param("2097152")
        public int knocks;

        final InetAddress client = Addresses.client(1);
        final SealedScheme scheme = new SealedScheme(PROFILE);
        TemporaryDirectory directory;
        Pad pad;
        /** Knock j's digits at {@code [j * length, (j + 1) * length)}; digits fit in 12 bits. */
        short[] digits;
        int length;
        int[][] blocks;
        int[][] valid;
        int[][] forged;

        /** Creates the state; JMH instantiates it. */
        public Knocks() {
        }

        /** Generates the pad and encodes every knock of it. */
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            directory = TemporaryDirectory.create("portknock-verifier");
            Path file = directory.path().resolve("bench.pad");
            PadGenerator.secureRandom().generate(file, PROFILE.digitBits(),
                    PadGenerator.digitsFor(PROFILE, knocks), PadGenerator.Progress.NONE);
            pad = Pad.open(file);
            length = PROFILE.knockLength();
            digits = new short[knocks * length];
            SplittableRandom random = new SplittableRandom(4);
            blocks = new int[SAMPLES][];
            valid = new int[SAMPLES][];
            for (int j = 0; j < knocks; j++) {
                int[] block = pad.block(j, PROFILE.blockDigits());
                int[] command = random.ints(PROFILE.commandDigits(), 0, PROFILE.radix()).toArray();
                int[] knock = scheme.encode(j, block, command, Optional.of(client));
                for (int i = 0; i < length; i++) {
                    digits[j * length + i] = (short) knock[i];
                }
                if (j < SAMPLES) {
                    blocks[j] = block;
                    valid[j] = knock;
                }
            }
            forged = new int[SAMPLES][];
            for (int f = 0; f < SAMPLES; f++) {
                // knock 0 (the block at a fresh cursor) with its last tag digit changed
                int[] knock = valid[0].clone();
                knock[length - 1] ^= 1 + random.nextInt(PROFILE.radix() - 1);
                forged[f] = knock;
            }
            for (int j = 0; j < SAMPLES; j++) {
                if (!scheme.verify(blocks[j], valid[j], client) || scheme.verify(blocks[0], forged[j], client)) {
                    throw new IllegalStateException("the fixture's knocks do not verify as they should");
                }
            }
        }

        /** Removes the pad. */
        @TearDown(Level.Trial)
        public void tearDown() {
            directory.close();
        }

        /** A verifier over the pad with a fresh in-memory store. */
        DoorVerifier freshVerifier(int failureLimit) throws IOException {
            return DoorVerifier.builder(PROFILE, InMemoryPadStateStore.withFreshServerStates(pad))
                    .pads(pad)
                    .failureLimit(failureLimit)
                    .build();
        }
    }

    /** Cycles over the valid sample knocks. */
    @State(Scope.Thread)
    public static class SchemeCursor {
        int next;

        /** Creates the state; JMH instantiates it. */
        public SchemeCursor() {
        }
    }

    /** A verifier that is sent forged knocks only. */
    @State(Scope.Thread)
    public static class Forgeries {
        Knocks knocks;
        DoorVerifier verifier;
        int next;

        /** Creates the state; JMH instantiates it. */
        public Forgeries() {
        }

        /** A verifier that checks every forgery instead of throttling. */
        @Setup(Level.Trial)
        public void setUp(Knocks fixture) throws IOException {
            knocks = fixture;
            verifier = knocks.freshVerifier(Integer.MAX_VALUE);
            Verification outcome = verifier.verify(knocks.forged[0], knocks.client);
            if (!(outcome instanceof Verification.Rejected r && r.reason() == Verification.Reason.BAD_TAGS)) {
                throw new IllegalStateException("a forged knock was not rejected for its tags: " + outcome);
            }
        }

        /** Fails the trial if a forgery moved the cursor. */
        @TearDown(Level.Trial)
        public void check() {
            long cursor = verifier.pads().get(0).cursor();
            if (cursor != 0) {
                throw new IllegalStateException("forged knocks moved the cursor to " + cursor);
            }
        }
    }

    /** A verifier that is sent the pad's knocks in order. */
    @State(Scope.Thread)
    public static class FreshKnocks {
        Knocks knocks;
        DoorVerifier verifier;
        int next;
        long accepted;
        final int[] knock = new int[PROFILE.knockLength()];

        /** Creates the state; JMH instantiates it. */
        public FreshKnocks() {
        }

        /** Takes the pad and its knocks. */
        @Setup(Level.Trial)
        public void setUp(Knocks fixture) {
            knocks = fixture;
        }

        /** Starts the pad afresh: a new store at cursor 0 and a verifier over it. */
        @Setup(Level.Iteration)
        public void reset() throws IOException {
            verifier = knocks.freshVerifier(8);
            next = 0;
        }

        /** Fails the trial unless every knock sent in the iteration was accepted. */
        @TearDown(Level.Iteration)
        public void check() {
            long cursor = verifier.pads().get(0).cursor();
            if (cursor != next) {
                throw new IllegalStateException("sent " + next + " fresh knocks, cursor at " + cursor);
            }
        }
    }

    /** The tag check alone, on a valid knock. */
    @Benchmark
    public boolean sealedSchemeVerify(Knocks knocks, SchemeCursor cursor) {
        int j = cursor.next++ & (SAMPLES - 1);
        return knocks.scheme.verify(knocks.blocks[j], knocks.valid[j], knocks.client);
    }

    /** A forged knock through the door's verifier: rejected, failure counted. */
    @Benchmark
    public Verification doorVerifierRejectsForged(Forgeries state) throws IOException {
        return state.verifier.verify(state.knocks.forged[state.next++ & (SAMPLES - 1)], state.knocks.client);
    }

    /** The pad's next knock through the door's verifier: accepted, cursor stored. */
    @Benchmark
    public Verification doorVerifierAcceptsFresh(FreshKnocks state) throws IOException {
        Knocks knocks = state.knocks;
        if (state.next == knocks.knocks) {
            state.reset();
        }
        int from = state.next++ * knocks.length;
        for (int i = 0; i < state.knock.length; i++) {
            state.knock[i] = knocks.digits[from + i];
        }
        return state.verifier.verify(state.knock, knocks.client);
    }
}
