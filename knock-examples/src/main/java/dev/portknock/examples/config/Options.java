package dev.portknock.examples.config;

import dev.portknock.runtime.KnockServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The global {@code [options]} section, as knockd reads it.
 *
 * @param logFile knockd's {@code LogFile}: where actions are logged, if anywhere
 * @param useSyslog knockd's {@code UseSyslog}: log actions through syslog as well
 * @param pidFile knockd's {@code PidFile}: where a daemon writes its process id, if anywhere
 * @param networkInterface knockd's {@code Interface}: the interface to capture on (pcap)
 * @param lockDirectory {@code LockDir} (portknock's own): where a server claims each pad it serves,
 *     so that no other server on the host serves it too; the library's default when empty
 * @param holesJournal {@code HolesJournal}: where the server records what it opened, so that a
 *                     restart after a crash closes it (none by default)
 * @param controlSocket {@code ControlSocket}: the local socket {@code knock holes} talks to (none by default)
 * @param metrics {@code Metrics}: where the Prometheus endpoint listens (off by default; loopback
 *                when only a port is given)
 * @param maxSources {@code MaxSources}: the most partial knocks (one per source and door) each capture's
 *                   matcher tracks, 1 to {@value #MAX_SOURCES}; when absent, the system property
 *                   {@code dev.portknock.max_sources} or the library's default
 * @param warmUpKnocks {@code WarmUpKnocks}: scratch knocks each server verifies for each scheme and
 *                     source binding among its one-time doors before it captures, so that the first
 *                     real knocks run compiled code ({@code KnockServer.Builder#warmUpKnocks}), 0
 *                     (none) to {@value KnockServer.Builder#MAX_WARM_UP_KNOCKS}; when absent, the
 *                     system property {@code dev.portknock.warm_up_knocks} or 300
 */
public record Options(Optional<Path> logFile, boolean useSyslog, Optional<Path> pidFile,
                      Optional<String> networkInterface, Optional<Path> lockDirectory, Optional<Path> holesJournal,
                      Optional<Path> controlSocket, Optional<InetSocketAddress> metrics, OptionalInt maxSources,
                      OptionalInt warmUpKnocks) {
    /**
     * The highest {@code MaxSources}: 16,777,216 sources. Each one tracked holds a few hundred bytes
     * of heap under a flood (docs/PERFORMANCE.md), so even this is gigabytes.
     */
    public static final int MAX_SOURCES = 1 << 24;

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException when {@code maxSources} is outside 1..{@value #MAX_SOURCES}, or
     *     {@code warmUpKnocks} outside 0..{@value KnockServer.Builder#MAX_WARM_UP_KNOCKS}
     */
    public Options {
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(pidFile, "pidFile");
        Objects.requireNonNull(networkInterface, "networkInterface");
        Objects.requireNonNull(lockDirectory, "lockDirectory");
        Objects.requireNonNull(holesJournal, "holesJournal");
        Objects.requireNonNull(controlSocket, "controlSocket");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(maxSources, "maxSources");
        if (maxSources.isPresent() && (maxSources.getAsInt() < 1 || maxSources.getAsInt() > MAX_SOURCES)) {
            throw new IllegalArgumentException("max sources must be in 1.." + MAX_SOURCES + ": " + maxSources.getAsInt());
        }
        Objects.requireNonNull(warmUpKnocks, "warmUpKnocks");
        if (warmUpKnocks.isPresent()
                && (warmUpKnocks.getAsInt() < 0 || warmUpKnocks.getAsInt() > KnockServer.Builder.MAX_WARM_UP_KNOCKS)) {
            throw new IllegalArgumentException("warm-up knocks must be in 0.." + KnockServer.Builder.MAX_WARM_UP_KNOCKS
                    + ": " + warmUpKnocks.getAsInt());
        }
    }

    /**
     * No options set: no log file, no syslog, no pid file, the capture backend's interface, the
     * default lock directory, no journal or socket, the default source limit and warm-up.
     */
    public static Options none() {
        return new Options(Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.empty());
    }

    /** These options with another interface (the command line's {@code -i}). */
    public Options withNetworkInterface(String name) {
        return new Options(logFile, useSyslog, pidFile, Optional.of(name), lockDirectory, holesJournal, controlSocket,
                metrics, maxSources, warmUpKnocks);
    }

    /** These options with the command line's log and pid files, where given, in place of the file's. */
    public Options withFiles(Optional<Path> log, Optional<Path> pid) {
        return new Options(log.or(this::logFile), useSyslog, pid.or(this::pidFile), networkInterface, lockDirectory,
                holesJournal, controlSocket, metrics, maxSources, warmUpKnocks);
    }
}
