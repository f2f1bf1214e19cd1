package dev.portknock.examples.crash;

import java.io.File;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The {@code knock} command line in a process of its own, with its standard output and standard
 * error in files that survive the process being killed.
 */
final class ChildJvm {
    private final Process process;
    private final Path out;
    private final Path err;

    private ChildJvm(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code knock ARGS...}, writing to {@code <name>.out} and {@code <name>.err} in {@code dir}. */
    static ChildJvm knock(JvmImage image, Path dir, String name, String... args) throws IOException {
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process process = new ProcessBuilder(image.knock(args)).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        return new ChildJvm(process, out, err);
    }

    /** Whether the process still runs. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** The process id. */
    long pid() {
        return process.pid();
    }

    /**
     * SIGKILL (what {@link Process#destroyForcibly()} sends on Linux), then waits for the process to
     * be gone. Returns whether it was still running when killed.
     */
    boolean kill() throws InterruptedException {
        boolean wasAlive = process.isAlive();
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("process " + process.pid() + " survived SIGKILL for 30 s");
        }
        return wasAlive;
    }

    /** SIGTERM, then waits for an orderly exit; returns the exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process " + process.pid() + " did not stop within 30 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** Waits for the process to exit by itself; empty status when it is still running after {@code wait}. */
    OptionalInt waitFor(Duration wait) throws InterruptedException {
        return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(process.exitValue())
                : OptionalInt.empty();
    }

    /** Standard output so far. */
    String out() throws IOException {
        return read(out);
    }

    /** Standard error so far. */
    String err() throws IOException {
        return read(err);
    }

    /** The file standard error goes to. */
    Path errFile() {
        return err;
    }

    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (MalformedInputException e) {
            // a line cut by SIGKILL in the middle of a character
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        }
    }
}
