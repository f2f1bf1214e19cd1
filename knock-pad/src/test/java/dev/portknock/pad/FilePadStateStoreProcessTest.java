package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes sharing a state directory still exclude each other although the store keeps its
 * lock file open between updates: another process ({@link LockHoldingProcess}, a JVM of its own)
 * that holds the lock makes an update wait for it and see what it wrote, and the store holds the
 * lock only during an update, never between.
 */
class FilePadStateStoreProcessTest {
    private static final PadId PAD = TestPads.idOf("two-processes");
    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");

    @TempDir
    Path dir;

    @Test
    void anUpdateWaitsForAnotherProcessHoldingTheLockAndSeesItsChange() throws Exception {
        try (FilePadStateStore store = new FilePadStateStore(dir)) {
            store.create(PadState.fresh(PAD, Side.SERVER));
            PadState first = PadState.fresh(PAD, Side.SERVER).advancedTo(1, T0);
            // the first update opens the lock file, which stays open for the next
            assertTrue(store.compareAndSet(PadState.fresh(PAD, Side.SERVER), first));
            Process other = start(lockFile(store).toString(), "700", store.fileOf(PAD, Side.SERVER).toString(),
                    PAD.toString(), "5");
            try (BufferedReader out = output(other)) {
                assertEquals("locked", out.readLine());
                // without exclusion this would succeed at once, before the other process writes cursor 5
                assertFalse(store.compareAndSet(first, first.advancedTo(2, T0)));
                assertEquals(5, store.read(PAD, Side.SERVER).cursor());
                assertEquals("released", out.readLine());
            }
            assertEquals(0, exitOf(other));
        }
    }

    @Test
    void theLockFileKeptOpenIsNotLockedBetweenUpdates() throws Exception {
        try (FilePadStateStore store = new FilePadStateStore(dir)) {
            store.create(PadState.fresh(PAD, Side.SERVER));
            assertTrue(store.compareAndSet(PadState.fresh(PAD, Side.SERVER),
                    PadState.fresh(PAD, Side.SERVER).advancedTo(1, T0)));
            Process other = start(lockFile(store).toString(), "0");
            try (BufferedReader out = output(other)) {
                assertEquals(List.of("locked", "released"), List.of(out.readLine(), out.readLine()));
            }
            assertEquals(0, exitOf(other));
        }
    }

    private static Path lockFile(FilePadStateStore store) {
        return store.directory().resolve(PAD + ".server.lock");
    }

    /** {@link LockHoldingProcess} in a JVM of its own, on this JVM's class path. */
    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), LockHoldingProcess.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static BufferedReader output(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private static int exitOf(Process process) throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the other process did not end within 30 s");
        }
        return process.exitValue();
    }
}
