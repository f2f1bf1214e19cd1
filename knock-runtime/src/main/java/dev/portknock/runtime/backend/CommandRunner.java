package dev.portknock.runtime.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Runs a program with an argument list (never through a shell of its own), optionally feeding it
 * text on standard input, and waits at most a timeout for it to exit. A program that overstays is
 * killed together with its descendants.
 *
 * <p>Output (standard output and error together) goes to a private temporary file rather than a
 * pipe, so a program that writes a lot cannot block, and a descendant that keeps the output open
 * cannot make the wait hang. The first {@value #OUTPUT_LIMIT} bytes are kept for error messages.
 */
final class CommandRunner {
    /** How many bytes of output a result keeps. */
    static final int OUTPUT_LIMIT = 2048;

    private static final Duration REAP_TIMEOUT = Duration.ofSeconds(5);

    private CommandRunner() {
    }

    /**
     * How a program ended.
     *
     * @param timedOut whether it was killed for overstaying the timeout
     * @param exitStatus its exit status; meaningless when timed out
     * @param output the start of its output, decoded as UTF-8
     */
    record Result(boolean timedOut, int exitStatus, String output) {
        /** Whether it exited by itself with status 0. */
        boolean succeeded() {
            return !timedOut && exitStatus == 0;
        }

        /** "exit status N" or "timed out", for log lines and messages. */
        String describe() {
            return timedOut ? "timed out" : "exit status " + exitStatus;
        }
    }

    /**
     * Runs the program and waits for it.
     *
     * @param command the program and its arguments
     * @param stdin text for its standard input, closed afterwards; empty input when absent
     * @param timeout how long it may run
     * @throws IOException when it cannot be started (e.g. the program does not exist)
     * @throws InterruptedIOException when interrupted while waiting; the program is killed
     */
    static Result run(List<String> command, Optional<String> stdin, Duration timeout) throws IOException {
        Path output = Files.createTempFile("portknock-command-", ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            feed(process, stdin);
            boolean exited;
            try {
                exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                kill(process);
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + command.get(0));
            }
            if (!exited) {
                kill(process);
            }
            return new Result(!exited, exited ? process.exitValue() : -1, readStart(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void feed(Process process, Optional<String> stdin) throws IOException {
        try (OutputStream in = process.getOutputStream()) {
            if (stdin.isPresent()) {
                in.write(stdin.get().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The program closed its input (or exited) before reading everything: a broken pipe
            // that is the program's choice, and its exit status tells how it went.
        }
    }

    /** Kills the program and its descendants and waits (boundedly) until they are gone. */
    private static void kill(Process process) {
        List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        long deadline = System.nanoTime() + REAP_TIMEOUT.toNanos();
        try {
            process.waitFor(REAP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            for (ProcessHandle descendant : descendants) {
                long left = Math.max(0, deadline - System.nanoTime());
                descendant.onExit().get(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a descendant that does not go away within the bound is left to the system
        }
    }

    private static String readStart(Path output) throws IOException {
        try (InputStream in = Files.newInputStream(output)) {
            return new String(in.readNBytes(OUTPUT_LIMIT), StandardCharsets.UTF_8).strip();
        }
    }
}
