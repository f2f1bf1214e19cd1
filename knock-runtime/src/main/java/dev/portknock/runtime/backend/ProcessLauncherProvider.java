package dev.portknock.runtime.backend;

import dev.portknock.spi.Launcher;
import dev.portknock.spi.LauncherProvider;
import dev.portknock.spi.Requirement;
import java.util.Map;
import java.util.Set;

/**
 * The {@code process} launcher: runs a command to open a service and another to close it.
 *
 * <p>Settings:
 * <ul>
 *   <li>{@code start_command} (required): run when a knock is accepted; it must exit with status 0
 *       within the timeout, or the launch fails.</li>
 *   <li>{@code stop_command} (optional): run when the opening ends; a non-zero exit or a timeout
 *       is reported as a failed stop. Without it a launch has nothing to stop
 *       ({@link dev.portknock.spi.Launch#hasStop()} is false).</li>
 *   <li>{@code shell} ({@code true} or {@code false}, default {@code false}): whether the commands
 *       go through {@code /bin/sh -c}.</li>
 *   <li>{@code timeout} (whole seconds, default 10): how long a command may run before it and its
 *       descendants are killed.</li>
 *   <li>{@code port} (optional, 1..65535): the value of {@code %PORT%}.</li>
 *   <li>{@code stop_after_failed_start} ({@code true} or {@code false}, default {@code false}):
 *       whether a start command that ran but failed (non-zero exit status, timeout) still counts
 *       as started, with a warning, so that the stop command runs when the opening ends, as knockd
 *       runs {@code stop_command} whatever {@code start_command} returned. A start command that
 *       cannot run at all fails the launch either way.</li>
 * </ul>
 *
 * <p>Placeholders: {@code %IP%} (the source address, textual, without an IPv6 scope),
 * {@code %PORT%}, {@code %SERVICE%} (the service number of the knock) and {@code %DURATION%}
 * (the opening's length in whole seconds, rounded up).
 *
 * <p>Without a shell (the default) a command is split into arguments first, with single quotes,
 * double quotes and backslash escapes as in a POSIX shell but nothing else (no variables, globs,
 * pipes or {@code $(...)}), and placeholders are replaced inside each argument: {@code ;} or
 * {@code $(...)} in a command or a value stays literal text. With {@code shell=true} the whole
 * command is substituted and handed to {@code /bin/sh -c}; only addresses (digits, hex letters,
 * dots and colons) and whole numbers are ever substituted, but the command itself is shell code:
 * quote the placeholders, and prefer the default wherever the command needs no shell features.
 *
 * <p>Every run is logged with the door, source, service and exit status; pad material never
 * reaches a launcher.
 */
public final class ProcessLauncherProvider implements LauncherProvider {
    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public ProcessLauncherProvider() {
    }

    @Override
    public String id() {
        return "process";
    }

    @Override
    public Set<Requirement> requirements() {
        return Set.of();
    }

    @Override
    public Launcher create(Map<String, String> settings) {
        return ProcessLauncher.configure(settings);
    }
}
