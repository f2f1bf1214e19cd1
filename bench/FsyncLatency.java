import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * What one durable state update costs on this disk, without the server: the sequence
 * FilePadStateStore (AtomicFiles) runs before a knock is acted on, a small temporary file written
 * and forced, renamed over the state file, and the directory forced. Prints the median, p90, p99
 * and maximum of the whole update and of each of its two fsyncs, in ms: the part of a knock's
 * latency that is inherent to persisting the cursor first.
 *
 * <p>Usage (a directory on the file system the server's state lives on; default a temporary one):
 * {@code java bench/FsyncLatency.java [COUNT] [DIRECTORY] [PAUSE_MS]}. With a pause between updates
 * (default none) the disk is measured at the pace knocks come: an idle virtual machine's flush can
 * take longer than one in a tight loop.
 */
public final class FsyncLatency {
    private FsyncLatency() {
    }

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path directory = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("fsync-latency");
        long pauseMillis = args.length > 2 ? Long.parseLong(args[2]) : 0;
        Path target = directory.resolve("state");
        Path temporary = directory.resolve("state.tmp");
        long[] update = new long[count];
        long[] file = new long[count];
        long[] dir = new long[count];
        ByteBuffer content = ByteBuffer.allocate(96);
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                content.clear();
                content.putLong(0, i);
                channel.write(content);
                long forced = System.nanoTime();
                channel.force(true);
                file[i] = System.nanoTime() - forced;
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                long forced = System.nanoTime();
                channel.force(true);
                dir[i] = System.nanoTime() - forced;
            }
            update[i] = System.nanoTime() - start;
            pause(pauseMillis);
        }
        System.out.printf("%d durable updates in %s, %d ms apart (ms: median, p90, p99, max)%n", count, directory,
                pauseMillis);
        print("whole update", update);
        print("fsync of the file", file);
        print("fsync of the directory", dir);
    }

    private static void pause(long millis) {
        if (millis == 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between updates", e);
        }
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("  %-24s %7.2f %7.2f %7.2f %7.2f%n", what, at(sorted, 0.50), at(sorted, 0.90),
                at(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    /** The nearest-rank percentile, in ms. */
    private static double at(long[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
