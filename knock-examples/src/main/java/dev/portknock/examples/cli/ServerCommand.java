package dev.portknock.examples.cli;

import dev.portknock.examples.config.ConfigException;
import dev.portknock.examples.config.ServerConfig;
import dev.portknock.examples.logging.LogOutput;
import dev.portknock.examples.logging.ServerSyslog;
import dev.portknock.spi.ProviderRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code knock server}: serves the doors of a configuration file until interrupted. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Serve the doors of a configuration file (knockd.conf syntax with one-time door extensions: "
                + "scheme, pad, state, base_port, digit_bits, command_digits, tag_digits, window, bind_source, "
                + "protocol, capture, capture_buffer_size, nflog_group, listen, services, max_duration, failure_limit, "
                + "failure_interval, launcher, nft_*) until interrupted.",
                "failure_limit and failure_interval set a one-time door's failure throttle: after failure_limit "
                        + "failed knocks from one source prefix (an IPv4 address, an IPv6 /64) within "
                        + "failure_interval seconds, further knocks from it are refused unchecked until the interval "
                        + "ends (default 8 per 1 s, docs/PROTOCOL.md section 5). "
                        + "capture_buffer_size is the kernel capture buffer in bytes (capture = pcap or nflog; "
                        + "default 32 MiB); doors sharing a capture must give the same size. capture = nflog logs "
                        + "the doors' packets to the NFLOG group nflog_group (default 4242) from an nftables table "
                        + "of its own, inet portknock_nflog_<group>, deleted when the server stops.",
                "SIGINT or SIGTERM stops the capture and closes every service the server opened. Process launcher "
                        + "commands run without a shell; %%IP%% and %%SERVICE%% are substituted in their arguments. "
                        + "The state option of a door names a state directory, or a jdbc:postgresql: URL of a "
                        + "database shared by a fleet of gateways (credentials from the environment variables "
                        + "PORTKNOCK_DB_USER and PORTKNOCK_DB_PASSWORD, never in the URL).",
                "Logs go to standard error, or are appended to the file [options] LogFile names; PidFile names a "
                        + "file that holds the server's process id while it runs. UseSyslog sends each log line to "
                        + "the local syslog daemon as well (the socket /dev/log, facility daemon, tag knock); if that "
                        + "socket cannot be connected, the server warns and carries on, sending once it can. A "
                        + "configuration error names file and line (exit status 1)."})
final class ServerCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The configuration file.")
    private Path config;

    private final Path syslogSocket;

    /** The command picocli runs: UseSyslog sends to {@code /dev/log}. */
    ServerCommand() {
        this(ServerSyslog.DEFAULT_SOCKET);
    }

    /** A command whose UseSyslog sends to another socket, so that tests need no syslog daemon. */
    ServerCommand(Path syslogSocket) {
        this.syslogSocket = syslogSocket;
    }

    @Override
    public Integer call() throws IOException, ConfigException {
        ServerConfig parsed = ServerConfig.load(config);
        ServerProcessFiles files = ServerProcessFiles.open(parsed.options(), LogOutput.process());
        try {
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

    private Integer serve(ServerConfig parsed) throws IOException, ConfigException {
        ConfiguredServers servers = ConfiguredServers.assemble(parsed, ProviderRegistry.discoverCaptureProviders(),
                ProviderRegistry.discoverLauncherProviders(), Clock.systemUTC(), List.of(), System.getenv());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            servers.close();
            stopped.countDown();
        }, "knock-server-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            servers.start();
            PrintWriter out = spec.commandLine().getOut();
            // One write, so that whoever watches the output sees the whole list of doors at once.
            StringBuilder banner = new StringBuilder("knock server: serving ")
                    .append(servers.descriptions().size()).append(" door(s) from ").append(config);
            servers.descriptions().forEach(door -> banner.append(System.lineSeparator()).append("  ").append(door));
            out.println(banner);
            out.flush();
            stopped.await();
        } catch (InterruptedException e) {
            // an embedding caller stopped us: close like a signal would
            Thread.currentThread().interrupt();
        } finally {
            servers.close();
            removeHook(hook);
        }
        return KnockCli.OK;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
    }
}
