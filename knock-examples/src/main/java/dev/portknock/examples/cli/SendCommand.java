package dev.portknock.examples.cli;

import dev.portknock.core.FixedSequence;
import dev.portknock.core.KnockPort;
import dev.portknock.core.Transport;
import dev.portknock.examples.config.ConfigException;
import dev.portknock.pad.IssuedKnock;
import dev.portknock.pad.PadStatus;
import dev.portknock.runtime.KnockClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code knock send}: a one-time knock from a pad, or a fixed knockd-style knock when ports are
 * given (the same syntax as knockd's {@code knock} client). HOST may name a stanza of the client
 * configuration, which then supplies what the options do not.
 */
@CommandLine.Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Send a knock to HOST.",
                "One-time: knock send HOST --pad PAD --state DIR [profile options]. Takes the pad's next knock, "
                        + "moves the client cursor in DIR past it durably, then sends it. The profile options must "
                        + "match the server's door; they default as in the protocol (sealed, base 40000, 3 command "
                        + "and 7 tag digits, UDP, bound to the source address).",
                "Bundle: knock send --bundle FILE [HOST]: the pad and the door's settings from a client bundle "
                        + "(knock pad provision); an option that contradicts them is refused. Repeat --bundle for a "
                        + "host's pads in order of use: the first with knocks left is used, and the client says when "
                        + "it moves to the next. The cursor lives in --state, else " + StateDirectory.CLIENT_DEFAULT
                        + ".",
                "Named: knock send NAME, where the client configuration has a [NAME] stanza giving host, pad, state, "
                        + "service, duration, delay and any profile setting; options override the stanza.",
                "Fixed: knock send HOST PORT[:tcp|:udp] ... as knockd's knock client: ports without a protocol are "
                        + "TCP, or UDP with --udp.",
                "On success prints one line: which knock was sent and how many are left; on standard error, a "
                        + "warning when the knocks left are at or below the low-water mark (--low-water)."})
final class SendCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST",
            description = "The server's address or name, or a named host; with --bundle, the bundle's host unless given.")
    private String host;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "PORT[:tcp|:udp]",
            description = "A fixed knock: the ports in order, knockd's syntax.")
    private List<String> ports = new ArrayList<>();

    @Mixin
    private ClientOptions options;

    @Mixin
    private Verbosity verbosity;

    @Option(names = "--dry-run", description = "Print the ports only: send nothing, leave the cursor where it is.")
    private boolean dryRun;

    @Override
    public Integer call() throws IOException, ConfigException {
        verbosity.check(this::usage);
        NamedHost named = NamedHost.of(Optional.ofNullable(host), options, this::usage);
        if (!ports.isEmpty()) {
            if (options.pad != null) {
                throw usage("give either ports (a fixed knock) or --pad (a one-time knock), not both");
            }
            for (String option : ClientOptions.ONE_TIME_ONLY) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw usage(option + " is for one-time knocks (--pad); a fixed knock takes only ports");
                }
            }
            return sendFixed(named);
        }
        if (host == null && options.bundles.isEmpty()) {
            throw usage("give HOST, or --bundle FILE");
        }
        if (!named.hasPad()) {
            throw usage("give --pad and --state for a one-time knock, or ports for a fixed knock");
        }
        return sendOneTime(named);
    }

    private int sendFixed(NamedHost named) throws IOException {
        if (options.udp && options.tcp) {
            throw usage("--udp and --tcp exclude each other");
        }
        List<KnockPort> sequence = new ArrayList<>();
        for (String item : ports) {
            try {
                KnockPort port = FixedSequence.parsePort(item);
                // knockd's knock: a port without a protocol takes the default, which -u makes UDP
                boolean explicit = item.indexOf(':') >= 0;
                sequence.add(explicit || !options.udp ? port : new KnockPort(port.port(), Transport.UDP));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        FixedSequence fixed = new FixedSequence(sequence);
        Duration pacing = named.pacing();
        InetAddress target = named.address();
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            out.println("dry run: would send " + fixed.length() + " packets to " + target.getHostAddress() + ": "
                    + fixed);
            return KnockCli.OK;
        }
        KnockClient.sendFixed(target, fixed, pacing, Optional.ofNullable(options.sourceAddress));
        verbosity.report(out, "sent " + fixed.length() + " packets to " + target.getHostAddress() + ": " + fixed);
        return KnockCli.OK;
    }

    private int sendOneTime(NamedHost named) throws IOException, ConfigException {
        long lowWater = named.lowWater();
        List<NamedHost.OneTimeKnock> knocks = named.oneTimeKnocks();
        PadRollover.Choice choice = PadRollover.choose(knocks);
        NamedHost.OneTimeKnock knock = choice.knock();
        InetAddress target = named.address(knock);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String transport = knock.profile().transport().keyword();
        if (dryRun) {
            IssuedKnock next = knock.client().preview(target, knock.command());
            out.println("dry run: knock " + next.knockIndex() + " of pad " + next.padId() + " would go to "
                    + target.getHostAddress() + ", nothing sent, the cursor stays: " + transport + " ports "
                    + portList(next.ports()));
            return KnockCli.OK;
        }
        choice.note().ifPresent(line -> verbosity.report(err, line));
        IssuedKnock sent = knock.client().send(target, knock.command());
        verbosity.report(out, sentLine(sent, knock.client().status(), target, transport));
        PadRollover.lowWater(knocks, knock, lowWater).ifPresent(line -> verbosity.report(err, line));
        return KnockCli.OK;
    }

    /** The one line a sent one-time knock prints, the ports last. */
    static String sentLine(IssuedKnock sent, PadStatus status, InetAddress target, String transport) {
        return "sent knock " + sent.knockIndex() + " of pad " + sent.padId() + " to " + target.getHostAddress() + ", "
                + status.knocksLeft() + " knocks left: " + sent.ports().length + " " + transport + " packets, ports "
                + portList(sent.ports());
    }

    private static String portList(int[] ports) {
        return Arrays.stream(ports).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
