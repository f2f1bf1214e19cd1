package dev.portknock.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs short system commands (ip, nft) with a bound on their time. */
final class Commands {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    /**
     * What a command did.
     *
     * @param command the command
     * @param exitStatus its exit status
     * @param output standard output and error, merged, stripped
     */
    record Result(List<String> command, int exitStatus, String output) {
        boolean succeeded() {
            return exitStatus == 0;
        }

        /** The output, after failing unless the command succeeded. */
        String orFail() {
            if (!succeeded()) {
                throw new AssertionError(String.join(" ", command) + " failed with exit status " + exitStatus
                        + ": " + output);
            }
            return output;
        }
    }

    private Commands() {
    }

    /** Runs the command; a program that does not exist or runs too long fails the test. */
    static Result run(String... command) {
        List<String> list = List.of(command);
        Process process;
        try {
            process = new ProcessBuilder(list).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + " (is it installed?): " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", list) + " did not end within " + LIMIT.toSeconds() + " s");
            }
            return new Result(list, process.exitValue(), output.get(LIMIT.toSeconds(), TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted while running " + String.join(" ", list), e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("cannot read the output of " + String.join(" ", list), e);
        }
    }

    /** Runs the command and returns its output; fails the test unless it succeeds. */
    static String succeed(String... command) {
        return run(command).orFail();
    }
}
