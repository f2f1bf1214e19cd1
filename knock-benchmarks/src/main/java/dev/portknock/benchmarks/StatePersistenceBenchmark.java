package dev.portknock.benchmarks;

import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.PadId;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable cursor updates: {@link FilePadStateStore#compareAndSet} moving one pad's server cursor
 * forward by one, as an accepted knock does. Each operation takes the per-file lock and file lock,
 * reads and checks the current state file, writes a temporary file, forces it, renames it over
 * the state file and forces the directory; so the score, in updates/s, is bounded by the disk's
 * {@code fsync} latency (two per update).
 *
 * <p>The directory is under {@code java.io.tmpdir} (on this machine the work disk); move it with
 * {@code -jvmArgsAppend -Djava.io.tmpdir=DIR}. The trial fails unless every update succeeded
 * and the stored cursor equals the number of updates.
 *
 * <p>Run with (from the repository root, after {@code mvn -B -q -pl knock-benchmarks -am package}):
 * <pre>{@code
 * java -jar knock-benchmarks/target/benchmarks.jar StatePersistenceBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class StatePersistenceBenchmark {
    private static final Instant USE = Instant.parse("2026-01-01T00:00:00Z");

    /** Creates the benchmark; JMH instantiates it. */
    public StatePersistenceBenchmark() {
    }

    /** A store in a temporary directory and the pad state it holds. */
    @State(Scope.Thread)
    public static class Store {
        TemporaryDirectory directory;
        FilePadStateStore store;
        PadState current;

        /** Creates the state; JMH instantiates it. */
        public Store() {
        }

        /** A store with a fresh server state for a random pad. */
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            directory = TemporaryDirectory.create("portknock-state");
            store = new FilePadStateStore(directory.path());
            current = store.read(PadId.random(new SecureRandom()), Side.SERVER);
        }

        /** Fails the trial unless the file holds the last cursor written; removes the directory. */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            try {
                PadState stored = store.read(current.padId(), Side.SERVER);
                if (!stored.equals(current)) {
                    throw new IllegalStateException("stored cursor " + stored.cursor() + ", expected " + current.cursor());
                }
            } finally {
                directory.close();
            }
        }
    }

    /** One durable compare-and-set moving the cursor forward by one. */
    @Benchmark
    public PadState compareAndSet(Store state) throws IOException {
        PadState updated = state.current.advancedTo(state.current.cursor() + 1, USE);
        if (!state.store.compareAndSet(state.current, updated)) {
            throw new IllegalStateException("compare-and-set failed at cursor " + state.current.cursor());
        }
        state.current = updated;
        return updated;
    }
}
