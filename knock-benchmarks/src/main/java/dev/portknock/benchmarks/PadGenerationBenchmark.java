package dev.portknock.benchmarks;

import dev.portknock.pad.Pad;
import dev.portknock.pad.PadGenerator;
import dev.portknock.pad.PadId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link PadGenerator} writing whole pads of 12 MiB (2^23 digits of 12 bits) into a temporary
 * directory, from {@link PadGenerator#secureRandom()} (the JDK's Hash_DRBG, prediction resistance
 * per MiB) or {@link PadGenerator#drbg()} (Bouncy Castle's CTR_DRBG, prediction resistance per
 * 32 KiB request). Each invocation counts as 12 operations, so the score in ops/s is MiB/s of pad
 * material; it includes hashing, writing, {@code fsync} and the atomic link. Target: 50 MB/s.
 * The CPU time per operation also counts the check after each invocation (opening the pad, which
 * hashes it again, and deleting it), so it overstates the generation's cost by about 1 ms/MiB.
 *
 * <p>The directory is under {@code java.io.tmpdir} (on this machine the work disk); move it with
 * {@code -jvmArgsAppend -Djava.io.tmpdir=DIR}. Each pad is opened (and so checked against its
 * checksum) and deleted after the invocation, outside the measurement.
 *
 * <p>Run with (from the repository root, after {@code mvn -B -q -pl knock-benchmarks -am package}):
 * <pre>{@code
 * java -jar knock-benchmarks/target/benchmarks.jar PadGenerationBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class PadGenerationBenchmark {
    private static final int MEBIBYTES = 12;
    private static final int DIGIT_BITS = 12;
    private static final long DIGITS = MEBIBYTES * (1L << 20) * 8 / DIGIT_BITS;

    /** Creates the benchmark; JMH instantiates it. */
    public PadGenerationBenchmark() {
    }

    /** The generator and the directory its pads go to. */
    @State(Scope.Thread)
    public static class Target {
        /** The material source: {@code secureRandom} or {@code drbg}. */
        @Param({"secureRandom", "drbg"})
        public String source;

        PadGenerator generator;
        TemporaryDirectory directory;
        Path file;
        PadId written;
        long pads;

        /** Creates the state; JMH instantiates it. */
        public Target() {
        }

        /** Makes the generator and the directory. */
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            generator = switch (source) {
                case "secureRandom" -> PadGenerator.secureRandom();
                case "drbg" -> PadGenerator.drbg();
                default -> throw new IllegalArgumentException("unknown source: " + source);
            };
            directory = TemporaryDirectory.create("portknock-padgen");
            file = directory.path().resolve("bench.pad");
        }

        /** Checks the pad just written (outside the measurement) and deletes it. */
        @TearDown(Level.Invocation)
        public void checkAndDelete() throws IOException {
            Pad pad = Pad.open(file);
            if (!pad.id().equals(written) || pad.digitCount() != DIGITS) {
                throw new IllegalStateException("the generated pad is not the one asked for: " + pad);
            }
            Files.delete(file);
            pads++;
        }

        /** Removes the directory. */
        @TearDown(Level.Trial)
        public void tearDown() {
            directory.close();
        }
    }

    /** One pad of 12 MiB, counted as 12 operations: the score is MiB/s. */
    @Benchmark
    @OperationsPerInvocation(MEBIBYTES)
    public PadId generate(Target target) throws IOException {
        target.written = target.generator.generate(target.file, DIGIT_BITS, DIGITS, PadGenerator.Progress.NONE);
        return target.written;
    }
}
