package dev.portknock.examples.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The global {@code [options]} section, as knockd reads it.
 *
 * @param logFile knockd's {@code LogFile}: where actions are logged, if anywhere
 * @param useSyslog knockd's {@code UseSyslog}: log actions through syslog as well
 * @param pidFile knockd's {@code PidFile}: where a daemon writes its process id, if anywhere
 * @param networkInterface knockd's {@code Interface}: the interface to capture on (pcap)
 * @param lockDirectory {@code LockDir} (portknock's own): where a server claims each pad it serves,
 *     so that no other server on the host serves it too; the library's default when empty
 */
public record Options(Optional<Path> logFile, boolean useSyslog, Optional<Path> pidFile,
                      Optional<String> networkInterface, Optional<Path> lockDirectory) {
    /** Validates the options. */
    public Options {
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(pidFile, "pidFile");
        Objects.requireNonNull(networkInterface, "networkInterface");
        Objects.requireNonNull(lockDirectory, "lockDirectory");
    }

    /**
     * No options set: no log file, no syslog, no pid file, the capture backend's interface, the
     * default lock directory.
     */
    public static Options none() {
        return new Options(Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
