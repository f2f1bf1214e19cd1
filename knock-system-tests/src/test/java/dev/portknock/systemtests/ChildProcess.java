package dev.portknock.systemtests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A long-running child process (a JVM or tcpdump inside a network namespace) whose standard output
 * lines are kept in order, so a test can wait for a line, or check that none arrived since a
 * mark. Standard error goes to a log file. Closing ends standard input, then terminates the
 * process if it does not end by itself.
 */
final class ChildProcess implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final Writer input;
    private final Path log;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private boolean ended;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.reader = new Thread(this::read, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command}; its standard error is written to {@code log}. */
    static ChildProcess start(String name, Path log, List<String> command) {
        return start(name, log, new ProcessBuilder(command).redirectError(log.toFile()));
    }

    /**
     * Starts {@code command} with its standard error among its output lines (tcpdump reports on
     * standard error); {@code log} receives nothing.
     */
    static ChildProcess startMerged(String name, Path log, List<String> command) {
        return start(name, log, new ProcessBuilder(command).redirectErrorStream(true));
    }

    private static ChildProcess start(String name, Path log, ProcessBuilder builder) {
        List<String> command = builder.command();
        try {
            Process process = builder.start();
            return new ChildProcess(name, process, log);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    /** Starts a main class of the test class path in a JVM inside a network namespace. */
    static ChildProcess javaIn(String namespace, Class<?> main, Path log, String... arguments) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(arguments));
        return start(main.getSimpleName(), log, command);
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process is gone; waiting callers see the end below
        } finally {
            synchronized (lines) {
                ended = true;
                lines.notifyAll();
            }
        }
    }

    /** The number of lines so far: a mark for {@link #await} and {@link #linesSince}. */
    int mark() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** The lines printed since the mark. */
    List<String> linesSince(int mark) {
        synchronized (lines) {
            return List.copyOf(lines.subList(mark, lines.size()));
        }
    }

    /** All lines so far. */
    List<String> lines() {
        return linesSince(0);
    }

    /**
     * The first line at or after the mark that matches; fails the test when none arrives within
     * the timeout or the process ends first.
     */
    String await(int mark, Predicate<String> matches, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int next = mark;
            while (true) {
                for (; next < lines.size(); next++) {
                    if (matches.test(lines.get(next))) {
                        return lines.get(next);
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError(name + ": no " + what + " within " + timeout.toMillis() + " ms"
                            + (ended ? " (the process ended)" : "") + "; printed " + linesSince(mark)
                            + "; log " + log + " ends with:\n" + logTail());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lines, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + what, e);
                }
            }
        }
    }

    /** The last lines of the log, to explain a failure where it is reported. */
    String logTail() {
        try {
            List<String> logged = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", logged.subList(Math.max(0, logged.size() - 30), logged.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Writes one line to the process's standard input. */
    void send(String line) {
        try {
            input.write(line + "\n");
            input.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " does not take input any more; log " + log, e);
        }
    }

    /** Sends a command and waits for the one line it answers with. */
    String request(String command, Duration timeout) {
        int mark = mark();
        send(command);
        return await(mark, line -> true, "answer to '" + command + "'", timeout);
    }

    /** Asks the process to end by signal (SIGTERM) and waits for it; used for tcpdump. */
    void terminate() {
        process.destroy();
        awaitEnd();
    }

    /** Kills the process (SIGKILL): it gets no chance to clean up, as after a crash. */
    void kill() {
        process.destroyForcibly();
        awaitEnd();
    }

    private void awaitEnd() {
        try {
            if (!process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS);
            }
            reader.join(TimeUnit.SECONDS.toMillis(GRACE.toSeconds()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Ends standard input, which the test's mains take as the end; then SIGTERM, then SIGKILL. */
    @Override
    public void close() {
        try {
            input.close();
        } catch (IOException e) {
            // the process already closed its end
        }
        try {
            if (!process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        awaitEnd();
    }
}
