package dev.portknock.runtime.backend;

import dev.portknock.spi.Launch;
import dev.portknock.spi.LaunchRequest;
import dev.portknock.spi.Launcher;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a service by running a start command and closes it by running a stop command; see
 * {@link ProcessLauncherProvider} for the settings. Each command must exit within the timeout:
 * it is a command that opens something (a firewall rule, a daemon that forks), not the service
 * itself.
 */
final class ProcessLauncher implements Launcher {
    static final String START_COMMAND = "start_command";
    static final String STOP_COMMAND = "stop_command";
    static final String SHELL = "shell";
    static final String TIMEOUT = "timeout";
    static final String PORT = "port";
    static final String STOP_AFTER_FAILED_START = "stop_after_failed_start";
    static final Set<String> SETTINGS = Set.of(START_COMMAND, STOP_COMMAND, SHELL, TIMEOUT, PORT,
            STOP_AFTER_FAILED_START);

    private static final Logger LOG = LoggerFactory.getLogger(ProcessLauncher.class);
    private static final int MAX_TIMEOUT_SECONDS = 86_400;

    private final CommandTemplate start;
    private final Optional<CommandTemplate> stop;
    private final Duration timeout;
    private final OptionalInt port;
    private final boolean stopAfterFailedStart;

    private ProcessLauncher(CommandTemplate start, Optional<CommandTemplate> stop, Duration timeout,
                            OptionalInt port, boolean stopAfterFailedStart) {
        this.start = start;
        this.stop = stop;
        this.timeout = timeout;
        this.port = port;
        this.stopAfterFailedStart = stopAfterFailedStart;
    }

    /**
     * A launcher configured by its settings.
     *
     * @throws IllegalArgumentException naming a missing, unknown or bad setting
     */
    static ProcessLauncher configure(Map<String, String> values) {
        Settings settings = Settings.of("process", values, SETTINGS);
        boolean shell = settings.bool(SHELL, false);
        boolean stopAfterFailedStart = settings.bool(STOP_AFTER_FAILED_START, false);
        Duration timeout = Duration.ofSeconds(settings.integer(TIMEOUT, 10, 1, MAX_TIMEOUT_SECONDS));
        OptionalInt port = settings.optional(PORT)
                .map(text -> OptionalInt.of(settings.parseInteger(PORT, text, 1, 65535)))
                .orElse(OptionalInt.empty());
        CommandTemplate start = template(START_COMMAND, settings.required(START_COMMAND), shell, port);
        Optional<CommandTemplate> stop = settings.optional(STOP_COMMAND)
                .map(text -> template(STOP_COMMAND, text, shell, port));
        return new ProcessLauncher(start, stop, timeout, port, stopAfterFailedStart);
    }

    private static CommandTemplate template(String name, String text, boolean shell, OptionalInt port) {
        CommandTemplate template;
        try {
            template = CommandTemplate.of(text, shell);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("process launcher: setting " + name + ": " + e.getMessage(), e);
        }
        if (port.isEmpty() && template.uses("PORT")) {
            throw new IllegalArgumentException("process launcher: setting " + name
                    + " uses %PORT% but setting port is not configured");
        }
        return template;
    }

    @Override
    public Launch start(LaunchRequest request) throws IOException {
        Placeholders values = placeholders(request);
        try {
            run("start command", start, request, values);
        } catch (CommandFailedException e) {
            if (!stopAfterFailedStart || stop.isEmpty()) {
                throw e;
            }
            // knockd runs its stop command after cmd_timeout whatever the start command's status:
            // a start that failed halfway may have added something the stop removes
            LOG.warn("{}; the stop command still runs when the opening ends", e.getMessage());
        }
        return new ProcessLaunch(request, values);
    }

    /** A handle that runs the stop command, when there is one: what a server restarted after a crash needs. */
    @Override
    public Optional<Launch> recover(LaunchRequest request) {
        return stop.isEmpty() ? Optional.empty() : Optional.of(new ProcessLaunch(request, placeholders(request)));
    }

    private Placeholders placeholders(LaunchRequest request) {
        Map<String, String> values = new HashMap<>();
        values.put("IP", AddressText.of(request.source()));
        values.put("SERVICE", Integer.toString(request.service()));
        values.put("DURATION", Long.toString(wholeSecondsRoundedUp(request.duration())));
        port.ifPresent(p -> values.put("PORT", Integer.toString(p)));
        return new Placeholders(values);
    }

    /** A duration in whole seconds, so that a sub-second opening does not become zero. */
    static long wholeSecondsRoundedUp(Duration duration) {
        long seconds = duration.getSeconds();
        return duration.getNano() > 0 ? seconds + 1 : seconds;
    }

    private void run(String what, CommandTemplate command, LaunchRequest request, Placeholders values)
            throws IOException {
        List<String> arguments = command.arguments(values);
        LOG.debug("door {} source {} service {}: running {} {}", request.door(),
                request.source().getHostAddress(), request.service(), what, arguments);
        CommandRunner.Result result;
        try {
            result = CommandRunner.run(arguments, Optional.empty(), timeout);
        } catch (IOException e) {
            throw new IOException(what + " for door " + request.door() + " cannot run "
                    + arguments.get(0) + ": " + e.getMessage(), e);
        }
        if (result.timedOut()) {
            LOG.warn("door {} source {} service {}: {} timed out after {} s and was killed", request.door(),
                    request.source().getHostAddress(), request.service(), what, timeout.toSeconds());
        } else {
            LOG.info("door {} source {} service {}: {} exited with status {}", request.door(),
                    request.source().getHostAddress(), request.service(), what, result.exitStatus());
        }
        if (!result.succeeded()) {
            String output = result.output().isEmpty() ? "" : ": " + result.output();
            throw new CommandFailedException(what + " for door " + request.door() + ", source "
                    + request.source().getHostAddress() + ", service " + request.service() + " "
                    + (result.timedOut() ? "timed out after " + timeout.toSeconds() + " s" : "failed with "
                    + result.describe()) + output);
        }
    }

    /** A command that ran but did not exit with status 0 in time (as opposed to one that could not run). */
    private static final class CommandFailedException extends IOException {
        private static final long serialVersionUID = 1L;

        CommandFailedException(String message) {
            super(message);
        }
    }

    /** One opened service; stopping runs the stop command, if one is configured. */
    private final class ProcessLaunch implements Launch {
        private final LaunchRequest request;
        private final Placeholders values;
        private final AtomicBoolean stopped = new AtomicBoolean();

        ProcessLaunch(LaunchRequest request, Placeholders values) {
            this.request = request;
            this.values = values;
        }

        @Override
        public boolean hasStop() {
            return stop.isPresent();
        }

        @Override
        public void stop() throws IOException {
            if (!stopped.compareAndSet(false, true)) {
                throw new IllegalStateException("launch already stopped");
            }
            if (stop.isPresent()) {
                run("stop command", stop.get(), request, values);
            }
        }
    }
}
