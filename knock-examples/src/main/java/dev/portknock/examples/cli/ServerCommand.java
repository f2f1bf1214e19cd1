package dev.portknock.examples.cli;

import dev.portknock.examples.config.ConfigException;
import dev.portknock.examples.config.DoorConfig;
import dev.portknock.examples.config.Options;
import dev.portknock.examples.config.ProviderIds;
import dev.portknock.examples.config.ServerConfig;
import dev.portknock.examples.logging.LogOutput;
import dev.portknock.examples.logging.ServerSyslog;
import dev.portknock.examples.systemd.SystemdNotifier;
import dev.portknock.runtime.KnockListener;
import dev.portknock.runtime.KnockServer;
import dev.portknock.spi.CaptureProvider;
import dev.portknock.spi.LauncherProvider;
import dev.portknock.spi.ProviderRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code knock server}: serves the doors of a configuration file until interrupted. It takes
 * knockd's command-line options, so that {@code knock server $KNOCKD_OPTS} runs where knockd ran.
 */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        description = {"Serve the doors of a configuration file (knockd.conf syntax with one-time door extensions: "
                + "scheme, pad, state, base_port, digit_bits, command_digits, tag_digits, window, bind_source, "
                + "hint_digits, protocol, capture, capture_buffer_size, nflog_group, listen, services, max_duration, "
                + "failure_limit, failure_interval, low_water, launcher, nft_*, capture_option.*, launcher_option.*) "
                + "until interrupted. Takes knockd's options.",
                "A one-time door's pad key lists pad files, comma-separated, or directories standing for every "
                        + "*.pad file in them. Each pad is labelled, in the log, with its file name without .pad; "
                        + "a side file NAME.pad.conf may set label = ... and services = ... (some of the door's "
                        + "services). SIGHUP serves pads added and refuses the knocks of pads removed as revoked. "
                        + "low_water (default 100) is the knocks left below which a pad is logged as running low; "
                        + "hint_digits (1 or 2, default 1) is the sealed protocol's hint digits.",
                "failure_limit and failure_interval set a one-time door's failure throttle: after failure_limit "
                        + "failed knocks from one source prefix (an IPv4 address, an IPv6 /64) within "
                        + "failure_interval seconds, further knocks from it are refused unchecked until the interval "
                        + "ends (default 8 per 1 s, docs/PROTOCOL.md section 5). "
                        + "capture_buffer_size is the kernel capture buffer in bytes (capture = pcap or nflog; "
                        + "default 32 MiB); doors sharing a capture must give the same size. capture = nflog logs "
                        + "the doors' packets to the NFLOG group nflog_group (default 4242) from an nftables table "
                        + "of its own, inet portknock_nflog_<group>, deleted when the server stops. "
                        + "capture and launcher name a provider by its id: the built-in udp-socket, pcap, nflog and "
                        + "process, nftables, or any other backend on the class path; capture_option.NAME = VALUE "
                        + "and launcher_option.NAME = VALUE pass the option NAME to it as they are (doors sharing a "
                        + "capture must give the same capture options).",
                "SIGINT or SIGTERM stops the capture and closes every service the server opened. SIGHUP reloads the "
                        + "configuration, keeping open services, knocks in progress and cursors; a file that cannot be "
                        + "served leaves the previous configuration in place and the log says why (captures, "
                        + "interfaces and [options] take effect at the next start). Process launcher "
                        + "commands run through /bin/sh -c, as knockd runs them; %%IP%% (the knocking address, "
                        + "IPv6 in RFC 5952 form), %%SERVICE%% and %%DURATION%% are substituted, and only these "
                        + "validated values ever are. A fixed door runs its start command on every matching knock "
                        + "and its stop command cmd_timeout seconds after each. The state option of a door names a "
                        + "state directory, or a jdbc:postgresql: URL of a "
                        + "database shared by a fleet of gateways (credentials from the environment variables "
                        + "PORTKNOCK_DB_USER and PORTKNOCK_DB_PASSWORD, never in the URL).",
                "Logs go to standard error, or are appended to the file [options] LogFile names; PidFile names a "
                        + "file that holds the server's process id while it runs. UseSyslog sends each log line to "
                        + "the local syslog daemon as well (the socket /dev/log, facility daemon, tag knock); if that "
                        + "socket cannot be connected, the server warns and carries on, sending once it can. A "
                        + "configuration error names file and line (exit status 1).",
                "[options] HolesJournal = FILE records what the server opens before it opens it, so that a restart "
                        + "after a crash closes it; ControlSocket = FILE lets knock holes list and close it; Metrics = "
                        + "[ADDRESS:]PORT serves Prometheus figures at /metrics (loopback unless an address is given); "
                        + "WarmUpKnocks = N (0 to " + KnockServer.Builder.MAX_WARM_UP_KNOCKS + "; default: the system "
                        + "property " + WarmUpKnocks.PROPERTY + ", else " + WarmUpKnocks.DEFAULT + ") scratch knocks "
                        + "are verified for each scheme and source binding among the one-time doors before the "
                        + "capture starts, on a throwaway pad in a directory under java.io.tmpdir, so that the first "
                        + "real knocks run compiled code (0: none).",
                "Under systemd (Type=notify: NOTIFY_SOCKET set) the server tells it READY=1 once every door's capture "
                        + "is open, RELOADING=1 and READY=1 around a SIGHUP reload, STOPPING=1 when it stops, and its "
                        + "status (systemctl status)."})
final class ServerCommand implements Callable<Integer> {
    /** How the line that says the server serves begins (on standard output). */
    static final String SERVING = "knock server: serving ";
    /** knockd's default configuration file. */
    static final String KNOCKD_CONFIG = "/etc/knockd.conf";

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = KNOCKD_CONFIG,
            description = "The configuration file (default: ${DEFAULT-VALUE}, as knockd's).")
    private Path config;

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE",
            description = "The network interface pcap captures on; wins over [options] Interface, as knockd's "
                    + "-i does (default: Interface, else eth0).")
    private Optional<String> networkInterface = Optional.empty();

    @Option(names = {"-d", "--daemon"},
            description = "Run as a daemon: return once the server serves, leaving it running in a session of its "
                    + "own; log lines then go to LogFile or syslog only, as knockd's.")
    private boolean daemon;

    @Option(names = {"-D", "--debug"}, description = "Log at debug level.")
    private boolean debug;

    @Option(names = {"-v", "--verbose"},
            description = "Log every knock's outcome, also those logged only as counts by default.")
    private boolean verbose;

    @Option(names = {"-l", "--lookup"},
            description = "Accepted for knockd's sake, with a warning: the server logs addresses and never looks "
                    + "names up (knockd's manual calls lookups a security risk).")
    private boolean lookup;

    @Option(names = {"-p", "--pidfile"}, paramLabel = "FILE", description = "The pid file; wins over [options] PidFile.")
    private Optional<Path> pidFile = Optional.empty();

    @Option(names = {"-g", "--logfile"}, paramLabel = "FILE", description = "The log file; wins over [options] LogFile.")
    private Optional<Path> logFile = Optional.empty();

    private final Path syslogSocket;
    /** The process's environment: NOTIFY_SOCKET, the database credentials. */
    private final Map<String, String> environment;
    /** Reloads begun, so that each status names the one it is about; guarded by {@link #reloadLock}. */
    private int reloads;
    /**
     * Whether systemd was told READY=1 after the start; guarded by {@link #reloadLock}. A SIGHUP
     * before that reloads without telling systemd: a READY=1 would end its start too soon.
     */
    private boolean announced;
    private final Object reloadLock = new Object();
    /** The backends on the class path, found when the command runs: the configuration may name any of them. */
    private ProviderRegistry<CaptureProvider> captures;
    private ProviderRegistry<LauncherProvider> launchers;

    /** The command picocli runs: UseSyslog sends to {@code /dev/log}. */
    ServerCommand() {
        this(ServerSyslog.DEFAULT_SOCKET, System.getenv());
    }

    /** A command whose UseSyslog sends to another socket, so that tests need no syslog daemon. */
    ServerCommand(Path syslogSocket) {
        this(syslogSocket, System.getenv());
    }

    /**
     * A command with the environment given (tests set NOTIFY_SOCKET so).
     *
     * @param syslogSocket where UseSyslog sends
     * @param environment the variables the server reads: NOTIFY_SOCKET, PORTKNOCK_DB_USER, PORTKNOCK_DB_PASSWORD
     */
    ServerCommand(Path syslogSocket, Map<String, String> environment) {
        this.syslogSocket = syslogSocket;
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() throws IOException, ConfigException {
        if (daemon && !Daemonizer.isDaemon(environment)) {
            return Daemonizer.detach(spec.root().commandLine().getParseResult().originalArgs(), SERVING.strip(),
                    spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        setLogLevels();
        captures = ProviderRegistry.discoverCaptureProviders();
        launchers = ProviderRegistry.discoverLauncherProviders();
        ServerConfig parsed;
        try {
            parsed = ServerConfig.load(config, networkInterface, providerIds());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "option -i: " + e.getMessage(), e);
        }
        ServerProcessFiles files = ServerProcessFiles.open(options(parsed.options()), LogOutput.process());
        try {
            if (lookup) {
                LoggerFactory.getLogger(ServerCommand.class).warn("option -l: knock server logs addresses only and "
                        + "never looks names up (knockd's manual calls lookups a security risk)");
            }
            if (!parsed.options().useSyslog()) {
                return serve(parsed);
            }
            // syslog(3) stamps messages with local time
            ServerSyslog syslog = ServerSyslog.attach(LogOutput.process(), syslogSocket, Clock.systemDefaultZone());
            try {
                return serve(parsed);
            } finally {
                syslog.close();
            }
        } finally {
            files.close();
        }
    }

    /**
     * -D and -v as slf4j-simple levels of the server's loggers. slf4j-simple reads a logger's level
     * by name when the logger is made, and the server's are made once it starts; a level the JVM
     * was given (-Dorg.slf4j.simpleLogger.log...) stays.
     */
    private void setLogLevels() {
        if (debug) {
            setIfAbsent("org.slf4j.simpleLogger.log.dev.portknock", "debug");
        }
        if (verbose) {
            setIfAbsent("org.slf4j.simpleLogger.log." + KnockServer.class.getName(), "debug");
        }
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** The provider ids a configuration may name: the built-in ones and those on the class path. */
    private ProviderIds providerIds() {
        return ProviderIds.of(captures.ids(), launchers.ids());
    }

    /** The file's options with the command line's -p and -g in place of PidFile and LogFile. */
    private Options options(Options file) {
        return file.withFiles(logFile, pidFile);
    }

    private Integer serve(ServerConfig parsed) throws IOException, ConfigException {
        Optional<ServerMetrics> metrics = parsed.options().metrics().map(address -> new ServerMetrics());
        ConfiguredServers servers = ConfiguredServers.assemble(parsed, captures, launchers, Clock.systemUTC(),
                metrics.<List<KnockListener>>map(List::of).orElse(List.of()), environment);
        Optional<SystemdNotifier> systemd = SystemdNotifier.fromEnvironment(environment);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            systemd.ifPresent(notifier -> notifier.stopping(ServerStatus.stopping()));
            servers.close();
            stopped.countDown();
        }, "knock-server-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // knockd's ExecReload: SIGHUP reloads instead of ending the JVM (its default for HUP)
        HangUpSignal hangUp = HangUpSignal.handle(() -> reload(servers, systemd));
        Optional<ControlSocket> control = Optional.empty();
        try {
            servers.start();
            if (parsed.options().controlSocket().isPresent()) {
                control = Optional.of(ControlSocket.open(parsed.options().controlSocket().get(), servers));
            }
            if (metrics.isPresent()) {
                metrics.get().serve(parsed.options().metrics().orElseThrow(), servers);
            }
            PrintWriter out = spec.commandLine().getOut();
            // One write, so that whoever watches the output sees the whole list of doors at once.
            StringBuilder banner = new StringBuilder(SERVING)
                    .append(servers.descriptions().size()).append(" door(s) from ").append(config);
            servers.descriptions().forEach(door -> banner.append(System.lineSeparator()).append("  ").append(door));
            out.println(banner);
            out.flush();
            // every capture started (CaptureSource.start returns once it captures), the control socket and
            // metrics up: a knock sent from now on is seen
            announceReady(servers, systemd);
            stopped.await();
        } catch (InterruptedException e) {
            // an embedding caller stopped us: close like a signal would
            Thread.currentThread().interrupt();
        } finally {
            systemd.ifPresent(notifier -> notifier.stopping(ServerStatus.stopping()));
            control.ifPresent(ControlSocket::close);
            metrics.ifPresent(ServerMetrics::close);
            hangUp.close();
            servers.close();
            removeHook(hook);
        }
        return KnockCli.OK;
    }

    private void announceReady(ConfiguredServers servers, Optional<SystemdNotifier> systemd) {
        synchronized (reloadLock) {
            systemd.ifPresent(notifier -> notifier.ready(ServerStatus.serving(servers.descriptions().size(), config)));
            announced = true;
        }
    }

    /**
     * On SIGHUP: serves the file's doors as it reads now, keeping open services, knocks in
     * progress and cursors ({@link ConfiguredServers#reload}); a file that cannot be served leaves
     * the previous configuration in place, and the log says why. systemd hears RELOADING=1 before
     * and READY=1 after, with the outcome in the status. One reload at a time (each SIGHUP runs on
     * a thread of its own), so that the notifications of two do not interleave.
     */
    private void reload(ConfiguredServers servers, Optional<SystemdNotifier> systemd) {
        Logger log = LoggerFactory.getLogger(ServerCommand.class);
        synchronized (reloadLock) {
            int reload = ++reloads;
            log.info("SIGHUP: reloading {}", config);
            Optional<SystemdNotifier> told = announced ? systemd : Optional.empty();
            told.ifPresent(notifier -> notifier.reloading(ServerStatus.reloading(reload, config)));
            String status;
            try {
                ServerConfig fresh = ServerConfig.load(config, networkInterface, providerIds());
                if (!fresh.options().equals(servers.config().options())) {
                    log.warn("[options] of {} changed: they take effect at the next start", config);
                }
                servers.reload(fresh);
                log.info("configuration reloaded from {}: doors {}", config,
                        fresh.doors().stream().map(DoorConfig::name).toList());
                status = ServerStatus.reloaded(reload, servers.descriptions().size(), config);
            } catch (IOException | ConfigException | RuntimeException e) {
                String why = KnockCli.describe(e);
                log.error("configuration not reloaded, the server keeps serving the previous one: {}", why);
                status = ServerStatus.refused(reload, servers.descriptions().size(), config, why);
            }
            String done = status;
            told.ifPresent(notifier -> notifier.ready(done));
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
    }
}
