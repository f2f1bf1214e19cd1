package dev.portknock.examples.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * knockd's {@code -d} for a JVM, which cannot fork: the same command line runs again as a child
 * in a session of its own ({@code setsid}), its standard input {@code /dev/null}, and this process
 * waits until the child serves (its banner line) or fails, then exits with status 0 or the
 * child's. Until then the child's output is passed on, so a broken configuration is reported by
 * the command that was run; afterwards the daemon's log lines go to {@code LogFile} or
 * {@code UseSyslog}, as knockd's do. The child knows it is the daemon by {@value #CHILD_VARIABLE}
 * in its environment.
 */
final class Daemonizer {
    /** Set in the daemon's environment, so that it serves instead of detaching again. */
    static final String CHILD_VARIABLE = "PORTKNOCK_DAEMON_CHILD";

    private Daemonizer() {
    }

    /** Whether this process is the daemon a {@code -d} started. */
    static boolean isDaemon(Map<String, String> environment) {
        return "1".equals(environment.get(CHILD_VARIABLE));
    }

    /**
     * Starts the daemon and waits until it serves.
     *
     * @param knockArguments the arguments this process's {@code knock} was given
     * @param readyLine how the daemon's line that says it serves begins
     * @return {@link KnockCli#OK} once the daemon serves, else the daemon's exit status
     * @throws IOException when this process's command line cannot be repeated or the child cannot start
     */
    static int detach(List<String> knockArguments, String readyLine, PrintWriter out, PrintWriter err)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("setsid"));
        command.addAll(ownCommandLine(knockArguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put(CHILD_VARIABLE, "1");
        Process daemon = builder.start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(daemon.getInputStream(),
                Charset.defaultCharset()))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith(readyLine)) {
                    out.println(line + " (daemon, process id " + daemon.pid() + ")");
                    out.flush();
                    return KnockCli.OK;
                }
                err.println(line);
                err.flush();
            }
        }
        try {
            return daemon.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the daemon to start", e);
        }
    }

    /** This JVM's command line, program first, ending with {@code knockArguments}. */
    private static List<String> ownCommandLine(List<String> knockArguments) throws IOException {
        ProcessHandle.Info info = ProcessHandle.current().info();
        List<String> arguments = info.arguments().map(List::of).orElse(List.of());
        int jvmPart = arguments.size() - knockArguments.size();
        if (info.command().isEmpty() || jvmPart < 0
                || !arguments.subList(jvmPart, arguments.size()).equals(knockArguments)) {
            throw new IOException("cannot run as a daemon: this process's command line is not known");
        }
        List<String> command = new ArrayList<>();
        command.add(info.command().get());
        command.addAll(arguments);
        return command;
    }
}
