package dev.portknock.examples.cli;

import dev.portknock.examples.config.ConfigException;
import dev.portknock.examples.config.HostStanza;
import dev.portknock.pad.IssuedKnock;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code knock connect HOST PORT}: knocks, waits until the TCP port accepts, then relays standard
 * input and output to the connection, for {@code ssh -o ProxyCommand='knock connect %h %p'}. A
 * port that already accepts is connected to without spending a knock. Standard output carries
 * the connection, so the command's own line goes to standard error.
 */
@CommandLine.Command(name = "connect", mixinStandardHelpOptions = true,
        description = {"Knock on HOST, wait until its TCP PORT accepts, then relay standard input and output to it.",
                "For ssh: ssh -o ProxyCommand='knock connect %h %p' HOST. HOST may name a host of the client "
                        + "configuration, which also gives the knock's settings (see knock send); a port that "
                        + "already accepts is used without a knock.",
                "Standard output is the connection: the one line saying what happened goes to standard error."})
final class ConnectCommand implements Callable<Integer> {
    /** How long the first attempt, before any knock, waits for the port to answer. */
    static final Duration DEFAULT_PROBE = Duration.ofMillis(500);
    /** How long the port may take to accept after the knock, unless the host or --wait says. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private final InputStream in;
    private final OutputStream out;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST", description = "The server's address or name, or a named host.")
    private String host;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PORT",
            description = "The TCP port to connect to (default: the named host's port).")
    private Integer port;

    @Option(names = "--wait", paramLabel = "SECONDS",
            description = "How long the port may take to accept after the knock (default: the host's wait, else 10).")
    private Integer waitSeconds;

    @Option(names = "--probe-ms", paramLabel = "N",
            description = "How long the first attempt, before knocking, waits for an answer (default: 500).")
    private Integer probeMillis;

    @Mixin
    private ClientOptions options;

    @Mixin
    private Verbosity verbosity;

    /** Relays the process's standard input and output. */
    ConnectCommand() {
        this(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out));
    }

    /** Relays these streams instead, for tests. */
    ConnectCommand(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public Integer call() throws IOException, ConfigException {
        verbosity.check(this::usage);
        NamedHost named = NamedHost.of(Optional.of(host), options, this::usage);
        int tcpPort = Optional.ofNullable(port).or(() -> named.stanza().flatMap(HostStanza::port))
                .orElseThrow(() -> usage("give PORT, or 'port' in the host's stanza of the client configuration"));
        if (tcpPort < 1 || tcpPort > 65_535) {
            throw usage("PORT must be in 1..65535: " + tcpPort);
        }
        Duration wait = seconds("--wait", waitSeconds).or(() -> named.stanza().flatMap(HostStanza::openWait))
                .orElse(DEFAULT_WAIT);
        Duration probe = probeMillis == null ? DEFAULT_PROBE : millis("--probe-ms", probeMillis);
        long lowWater = named.hasPad() ? named.lowWater() : PadRollover.DEFAULT_LOW_WATER;
        List<NamedHost.OneTimeKnock> knocks = named.hasPad() ? named.oneTimeKnocks() : List.of();
        InetAddress probed = knocks.isEmpty() ? named.address() : named.address(knocks.get(0));
        PrintWriter err = spec.commandLine().getErr();

        Optional<Socket> open = PortWait.tryConnect(new InetSocketAddress(probed, tcpPort), probe);
        if (open.isPresent()) {
            verbosity.report(err, "port " + tcpPort + " on " + probed.getHostAddress()
                    + " accepts connections already: no knock spent");
            new Relay(open.get(), in, out).run();
            return KnockCli.OK;
        }
        if (knocks.isEmpty()) {
            throw usage("port " + tcpPort + " on " + probed.getHostAddress() + " does not accept connections; "
                    + "give --pad and --state, or a named host with a pad, to knock first");
        }
        PadRollover.Choice choice = PadRollover.choose(knocks);
        NamedHost.OneTimeKnock knock = choice.knock();
        // a later bundle may name another host than the first, which the probe tried
        InetAddress address = named.address(knock);
        InetSocketAddress target = new InetSocketAddress(address, tcpPort);
        choice.note().ifPresent(line -> verbosity.report(err, line));
        IssuedKnock sent = knock.client().send(address, knock.command());
        long knocked = System.nanoTime();
        Socket socket = PortWait.await(target, wait).orElseThrow(() -> new CommandFailure("port " + tcpPort
                + " on " + address.getHostAddress() + " did not accept a connection within " + wait.toSeconds()
                + " s of knock " + sent.knockIndex() + " of pad " + sent.padId() + "; check that the knock's "
                + "settings (base, transport, scheme, service, delay) match the door"));
        verbosity.report(err, "sent knock " + sent.knockIndex() + " of pad " + sent.padId() + " to "
                + address.getHostAddress() + ", " + knock.client().status().knocksLeft() + " knocks left; port "
                + tcpPort + " accepted after " + String.format(Locale.ROOT, "%.1f", (System.nanoTime() - knocked) / 1e9)
                + " s");
        PadRollover.lowWater(knocks, knock, lowWater).ifPresent(line -> verbosity.report(err, line));
        new Relay(socket, in, out).run();
        return KnockCli.OK;
    }

    private Optional<Duration> seconds(String option, Integer value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value < 1 || value > 3600) {
            throw usage(option + " must be in 1..3600 seconds: " + value);
        }
        return Optional.of(Duration.ofSeconds(value));
    }

    private Duration millis(String option, int value) {
        if (value < 1 || value > 60_000) {
            throw usage(option + " must be in 1..60000 milliseconds: " + value);
        }
        return Duration.ofMillis(value);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
