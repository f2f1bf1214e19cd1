package dev.portknock.benchmarks;

import dev.portknock.core.Profile;
import dev.portknock.core.SealedScheme;
import dev.portknock.pad.DoorVerifier;
import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadGenerator;
import dev.portknock.pad.PadId;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import dev.portknock.pad.Verification;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One accepted sealed knock's verification at a server's pace, not in a tight loop: what a knock
 * costs when the verifier's code and data have gone cold between knocks, as they do in a server
 * that verifies a knock a second (JMH's loops keep them hot; {@link VerifierBenchmark} and
 * {@link StatePersistenceBenchmark} measure that case). Each knock is {@link DoorVerifier#verify}
 * of the pad's next knock (default profile: k = 12, M = 3, A = 7, W = 64, bound to an IPv4
 * source) on a {@link FilePadStateStore}, so it includes the durable cursor update; or, with
 * {@code store}, the store's {@link FilePadStateStore#compareAndSet} alone. Knocks are
 * {@code PACE_MS} apart. Prints the wall time and the calling thread's CPU time per knock
 * (median, p90, p99, maximum, over the knocks after the first {@code SKIP}; the first knock apart,
 * as it also pays class loading), and the load average: the wall time's tail on a disk is mostly its {@code fsync}s ({@code bench/FsyncLatency.java}
 * measures those alone), the CPU time is the code's.
 *
 * <p>Run with (from the repository root, after {@code mvn -B -q -pl knock-benchmarks -am package}),
 * the state in a fresh directory under {@code DIR} (the file system to measure: {@code /dev/shm} for
 * tmpfs, which takes the disk out, or a directory on the disk the server's state lives on):
 * <pre>{@code
 * java -cp knock-benchmarks/target/benchmarks.jar dev.portknock.benchmarks.PacedVerification DIR [KNOCKS [PACE_MS [verify|store [SKIP]]]]
 * }</pre>
 * Defaults: 200 knocks, 250 ms apart, {@code verify}, 1 left out. Leaving more out shows what
 * the JVM's options make of the code once the first few knocks have run it (with the JVM's options
 * of choice: {@code java -XX:... -cp ...}). Logging goes nowhere (slf4j-nop), as in the JMH
 * benchmarks.
 */
public final class PacedVerification {
    private static final Profile PROFILE = Profile.defaults();
    private static final Instant USE = Instant.parse("2026-01-01T00:00:00Z");

    private PacedVerification() {
    }

    /**
     * Runs the measurement.
     *
     * @param args DIR, then optionally KNOCKS, PACE_MS, {@code verify} or {@code store}, and SKIP
     * @throws Exception when the state cannot be written or a knock is not accepted
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 5) {
            System.err.println("usage: PacedVerification DIR [KNOCKS [PACE_MS [verify|store [SKIP]]]]");
            System.exit(2);
        }
        Path parent = Path.of(args[0]);
        int knocks = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        long paceMillis = args.length > 2 ? Long.parseLong(args[2]) : 250;
        String subject = args.length > 3 ? args[3] : "verify";
        int skip = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        if (knocks < 2 || paceMillis < 0 || !(subject.equals("verify") || subject.equals("store")) || skip < 1
                || skip >= knocks) {
            throw new IllegalArgumentException("need KNOCKS >= 2, PACE_MS >= 0, verify or store, and"
                    + " 1 <= SKIP < KNOCKS: " + String.join(" ", args));
        }
        try (TemporaryDirectory directory = TemporaryDirectory.createIn(parent, "paced-verification")) {
            Subject measured = subject.equals("verify") ? verifier(directory.path(), knocks) : store(directory.path());
            long[] wall = new long[knocks];
            long[] cpu = new long[knocks];
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int i = 0; i < knocks; i++) {
                TimeUnit.MILLISECONDS.sleep(paceMillis);
                long cpuStart = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                measured.run(i);
                wall[i] = System.nanoTime() - start;
                cpu[i] = threads.getCurrentThreadCpuTime() - cpuStart;
            }
            System.out.printf("%s: %d knocks %d ms apart, state in %s (%d cores, load average %s)%n", subject, knocks,
                    paceMillis, parent, Runtime.getRuntime().availableProcessors(),
                    Files.readString(Path.of("/proc/loadavg")).trim());
            System.out.printf("  ms, without the first %d: %6s %7s %7s %7s   first%n", skip, "median", "p90", "p99",
                    "max");
            print("wall time", wall, skip);
            print("thread CPU time", cpu, skip);
        }
    }

    /** One knock's work; i counts from 0. */
    @FunctionalInterface
    private interface Subject {
        void run(int i) throws IOException;
    }

    /** The door's verifier over a fresh pad, and its knocks, accepted one after the other. */
    private static Subject verifier(Path directory, int knocks) throws IOException {
        Path padFile = directory.resolve("door.pad");
        PadGenerator.secureRandom().generate(padFile, PROFILE.digitBits(), PadGenerator.digitsFor(PROFILE, knocks),
                PadGenerator.Progress.NONE);
        Pad pad = Pad.open(padFile);
        Path stateDirectory = directory.resolve("state");
        new FilePadStateStore(stateDirectory).create(PadState.fresh(pad.id(), Side.SERVER));
        DoorVerifier verifier = DoorVerifier.builder(PROFILE, FilePadStateStore.existing(stateDirectory)).pads(pad)
                .build();
        SealedScheme scheme = new SealedScheme(PROFILE);
        InetAddress client = Addresses.client(1);
        SplittableRandom random = new SplittableRandom(18);
        int[][] sent = new int[knocks][];
        for (int j = 0; j < knocks; j++) {
            int[] command = random.ints(PROFILE.commandDigits(), 0, PROFILE.radix()).toArray();
            sent[j] = scheme.encode(j, pad.block(j, PROFILE.blockDigits()), command, Optional.of(client));
        }
        return i -> {
            Verification outcome = verifier.verify(sent[i], client);
            if (!(outcome instanceof Verification.Accepted accepted) || accepted.knockIndex() != i) {
                throw new IllegalStateException("knock " + i + " was not accepted: " + outcome);
            }
        };
    }

    /** The store's compare-and-set alone, moving one pad's cursor forward by one each time. */
    private static Subject store(Path directory) throws IOException {
        FilePadStateStore store = new FilePadStateStore(directory.resolve("state"));
        PadState[] current = {PadState.fresh(PadId.random(new SecureRandom()), Side.SERVER)};
        store.create(current[0]);
        return i -> {
            PadState updated = current[0].advancedTo(current[0].cursor() + 1, USE);
            if (!store.compareAndSet(current[0], updated)) {
                throw new IllegalStateException("compare-and-set failed at cursor " + current[0].cursor());
            }
            current[0] = updated;
        };
    }

    private static void print(String what, long[] nanos, int skip) {
        long[] sorted = Arrays.copyOfRange(nanos, skip, nanos.length);
        Arrays.sort(sorted);
        System.out.printf("  %-22s %9.3f %7.3f %7.3f %7.3f %7.3f%n", what, at(sorted, 0.50), at(sorted, 0.90),
                at(sorted, 0.99), sorted[sorted.length - 1] / 1e6, nanos[0] / 1e6);
    }

    /** The nearest-rank percentile, in ms. */
    private static double at(long[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
