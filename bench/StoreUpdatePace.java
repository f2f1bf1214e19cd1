import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.PadId;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * What the server's durable cursor update ({@code FilePadStateStore.compareAndSet}) costs at the
 * pace knocks come, not in a tight loop: one update, then a pause, as many times as asked. Prints
 * the wall time and this thread's CPU time per update (median, p90, p99, max, in ms) over the
 * updates after the first {@code SKIP}, which a fresh JVM runs interpreted. Run it with the
 * server's JVM options to see what they do to the knock path: with few updates a second the JIT's
 * default thresholds leave the store's code interpreted for a long time, and a pause empties the
 * caches (docs/PERFORMANCE.md, "The knock path's JIT thresholds").
 *
 * <p>Usage, from the repository (a directory on the file system the state lives on):
 * {@code java [JVM options] -cp knock-examples/target/knock.jar bench/StoreUpdatePace.java DIRECTORY
 * [PAUSE_MS] [COUNT] [SKIP]}, defaults 200 ms, 250 updates, 50 skipped.
 */
public final class StoreUpdatePace {
    private StoreUpdatePace() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1 || args.length > 4) {
            System.err.println("usage: StoreUpdatePace DIRECTORY [PAUSE_MS] [COUNT] [SKIP]");
            System.exit(2);
        }
        Path directory = Files.createTempDirectory(Path.of(args[0]), "store-update-pace");
        long pauseMillis = args.length > 1 ? Long.parseLong(args[1]) : 200;
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 250;
        int skip = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        if (pauseMillis < 0 || skip < 0 || count <= skip) {
            throw new IllegalArgumentException("need PAUSE_MS >= 0 and COUNT > SKIP >= 0");
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] wall = new long[count];
        long[] cpu = new long[count];
        try (FilePadStateStore store = new FilePadStateStore(directory)) {
            PadState state = PadState.fresh(PadId.parse("0123456789abcdef0123456789abcdef"), Side.SERVER);
            store.create(state);
            for (int i = 0; i < count; i++) {
                Thread.sleep(pauseMillis);
                PadState advanced = state.advancedTo(state.cursor() + 1, Instant.now());
                long cpuStart = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                if (!store.compareAndSet(state, advanced)) {
                    throw new IllegalStateException("the state changed under the benchmark");
                }
                wall[i] = System.nanoTime() - start;
                cpu[i] = threads.getCurrentThreadCpuTime() - cpuStart;
                state = advanced;
            }
        } finally {
            deleteAll(directory);
        }
        System.out.printf("%d durable updates in %s, one every %d ms, the first %d left out (ms: median, p90, p99,"
                + " max)%n", count, directory, pauseMillis, skip);
        print("wall", Arrays.copyOfRange(wall, skip, count));
        print("CPU of this thread", Arrays.copyOfRange(cpu, skip, count));
    }

    /** Removes the benchmark's directory: the state file, its lock file, nothing else is made there. */
    private static void deleteAll(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("  %-20s %7.2f %7.2f %7.2f %7.2f%n", what, at(sorted, 0.50), at(sorted, 0.90),
                at(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    /** The nearest-rank percentile, in ms. */
    private static double at(long[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
