package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One pad, one server on a host: a claim per pad id, held while the server runs. */
class PadClaimTest {
    static final PadId PAD = TestPads.idOf("claimed");

    @TempDir
    Path dir;
    Process holder;

    @AfterEach
    void stopTheHolder() throws InterruptedException {
        if (holder != null) {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSecondClaimInThisProcessIsRefusedNamingTheFirstOwner() throws IOException {
        Path locks = dir.resolve("locks");
        try (PadClaim first = PadClaim.acquire(locks, PAD, "door ssh of /etc/a.conf")) {
            assertTrue(Files.exists(first.file()));
            IOException e = assertThrows(IOException.class, () -> PadClaim.acquire(locks, PAD, "door web of /etc/b.conf"));
            assertEquals("pad " + PAD + " is already served by door ssh of /etc/a.conf (pid "
                    + ProcessHandle.current().pid() + "); one pad under two states would accept every knock twice",
                    e.getMessage());
        }
    }

    @Test
    void aClosedClaimLetsTheNextOneIn() throws IOException {
        Path locks = dir.resolve("locks");
        PadClaim.acquire(locks, PAD, "door ssh").close();
        try (PadClaim again = PadClaim.acquire(locks, PAD, "door ssh")) {
            assertEquals(locks.toAbsolutePath().resolve(PAD + ".lock"), again.file());
        }
    }

    @Test
    void otherPadsAreNotHeldBack() throws IOException {
        Path locks = dir.resolve("locks");
        try (PadClaim first = PadClaim.acquire(locks, PAD, "door ssh");
             PadClaim other = PadClaim.acquire(locks, TestPads.idOf("other"), "door web")) {
            assertFalse(first.file().equals(other.file()));
        }
    }

    @Test
    void aClaimHeldByAnotherProcessIsRefusedNamingItsOwnerAndPid() throws Exception {
        Path locks = dir.resolve("locks");
        holder = startHolder(locks, "door ssh of /etc/other.conf");
        IOException e = assertThrows(IOException.class, () -> PadClaim.acquire(locks, PAD, "door web"));
        assertEquals("pad " + PAD + " is already served by door ssh of /etc/other.conf (pid " + holder.pid()
                + "); one pad under two states would accept every knock twice", e.getMessage());
    }

    @Test
    void aClaimOfAProcessThatDiedIsReleasedByTheSystem() throws Exception {
        Path locks = dir.resolve("locks");
        holder = startHolder(locks, "door ssh");
        holder.destroyForcibly();
        assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
        try (PadClaim mine = PadClaim.acquire(locks, PAD, "door web")) {
            assertEquals("door web (pid " + ProcessHandle.current().pid() + ")\n",
                    Files.readString(mine.file(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void theLockDirectoryIsCreatedPrivate() throws IOException {
        Path locks = dir.resolve("run/portknock");
        try (PadClaim claim = PadClaim.acquire(locks, PAD, "door ssh")) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(locks)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(claim.file())));
        }
    }

    @Test
    void aLockDirectoryThatIsASymbolicLinkIsRefused() throws IOException {
        Path target = Files.createDirectory(dir.resolve("target"));
        Path link = Files.createSymbolicLink(dir.resolve("locks"), target);
        IOException e = assertThrows(IOException.class, () -> PadClaim.acquire(link, PAD, "door ssh"));
        assertEquals("lock directory " + link + " is a symbolic link; refusing to follow it", e.getMessage());
    }

    @Test
    void aLockDirectoryOthersMayWriteIsRefused() throws IOException {
        Path locks = Files.createDirectory(dir.resolve("locks"));
        Files.setPosixFilePermissions(locks, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException e = assertThrows(IOException.class, () -> PadClaim.acquire(locks, PAD, "door ssh"));
        assertEquals("lock directory " + locks + " is writable by group or others (mode 0777): run chmod go-w "
                + locks, e.getMessage());
    }

    @Test
    void aSymbolicLinkPlantedAsTheLockFileIsRefusedAndItsTargetLeftAlone() throws IOException {
        Path locks = Files.createDirectory(dir.resolve("locks"));
        Path victim = dir.resolve("victim");
        Files.writeString(victim, "precious");
        Path lock = locks.resolve(PAD + ".lock");
        Files.createSymbolicLink(lock, victim);
        IOException e = assertThrows(IOException.class, () -> PadClaim.acquire(locks, PAD, "door ssh"));
        assertEquals(lock + " is a symbolic link; refusing to follow it", e.getMessage());
        assertEquals("precious", Files.readString(victim));
    }

    @Test
    void rootsLocksLiveInRun() {
        assertEquals(Path.of("/run/portknock"),
                PadClaim.defaultLockDirectory("root", Map.of("XDG_RUNTIME_DIR", "/run/user/0"), Path.of("/tmp")));
    }

    @Test
    void aUsersLocksLiveInItsRuntimeDirectory() {
        assertEquals(Path.of("/run/user/1000/portknock"),
                PadClaim.defaultLockDirectory("alice", Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), Path.of("/tmp")));
    }

    @Test
    void withoutARuntimeDirectoryAUsersLocksLiveInAPerUserTemporaryDirectory() {
        assertEquals(Path.of("/tmp/portknock-alice"), PadClaim.defaultLockDirectory("alice", Map.of(), Path.of("/tmp")));
    }

    private Process startHolder(Path locks, String owner) throws IOException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(List.of(java, "-cp", classPath, PadClaimHolder.class.getName(),
                locks.toString(), "claimed", owner)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertEquals("claimed " + locks.toAbsolutePath().resolve(PAD + ".lock"), line);
        return process;
    }
}
