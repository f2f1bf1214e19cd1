package dev.portknock.pad;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Another process on the host updating a pad's state, for {@link FilePadStateStoreProcessTest}:
 * takes the state file's lock file (without waiting: "busy" and exit status 3 when another
 * process holds it), says "locked", holds it for a while, and then, when told a cursor, replaces
 * the state file by one at that cursor (as a store would), before it lets go.
 *
 * <p>Arguments: LOCK_FILE HOLD_MS [STATE_FILE PAD_ID CURSOR].
 */
public final class LockHoldingProcess {
    private LockHoldingProcess() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path lockFile = Path.of(args[0]);
        long holdMillis = Long.parseLong(args[1]);
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                System.out.println("busy");
                System.exit(3);
            }
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(holdMillis);
            if (args.length == 5) {
                PadState state = new PadState(PadId.parse(args[3]), Side.SERVER, Long.parseLong(args[4]), 0,
                        Optional.empty());
                byte[] content = FilePadStateStore.encode(state);
                AtomicFiles.replace(Path.of(args[2]), content);
            }
            lock.release();
        }
        System.out.println("released");
    }
}
