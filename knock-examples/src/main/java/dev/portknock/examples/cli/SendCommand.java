package dev.portknock.examples.cli;

import dev.portknock.core.Command;
import dev.portknock.core.CommandSchema;
import dev.portknock.core.FixedSequence;
import dev.portknock.core.KnockPort;
import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import dev.portknock.core.SourceBinding;
import dev.portknock.core.Transport;
import dev.portknock.pad.IssuedKnock;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadStatus;
import dev.portknock.runtime.KnockClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code knock send}: a one-time knock from a pad, or a fixed knockd-style knock when ports are
 * given (the same syntax as knockd's {@code knock} client).
 */
@CommandLine.Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Send a knock to HOST.",
                "One-time: knock send HOST --pad PAD --state DIR [profile options]. Takes the pad's next knock, "
                        + "moves the client cursor in DIR past it durably, then sends it. The profile options must "
                        + "match the server's door; they default as in the protocol (sealed, base 40000, 3 command "
                        + "and 4 tag digits, UDP, bound to the source address).",
                "Fixed: knock send HOST PORT[:tcp|:udp] ... as knockd's knock client: ports without a protocol are "
                        + "TCP, or UDP with --udp."})
final class SendCommand implements Callable<Integer> {
    /** Options that only mean something for a one-time knock. */
    private static final List<String> PAD_ONLY_OPTIONS = List.of("--state", "--scheme", "--base", "--command-digits",
            "--tag-digits", "--command", "--seen-as", "--bind-source", "--no-bind-source", "--accept-weakness");

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST", description = "The server's address or name.")
    private String host;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "PORT[:tcp|:udp]",
            description = "A fixed knock: the ports in order, knockd's syntax.")
    private List<String> ports = new ArrayList<>();

    @Option(names = "--pad", paramLabel = "PAD", description = "The pad file (one-time knock).")
    private Path padFile;

    @Option(names = "--state", paramLabel = "DIR", description = StateDirectory.HELP)
    private Path state;

    @Option(names = "--scheme", paramLabel = "SCHEME", defaultValue = "sealed", converter = SchemeConverter.class,
            description = "sealed or raw (default: ${DEFAULT-VALUE}).")
    private Scheme scheme;

    @Option(names = "--base", paramLabel = "PORT", defaultValue = "40000",
            description = "The door's first port; digit d goes to PORT + d (default: ${DEFAULT-VALUE}).")
    private int base;

    @Option(names = "--command-digits", paramLabel = "M", defaultValue = "3",
            description = "Command digits per knock (default: ${DEFAULT-VALUE}).")
    private int commandDigits;

    @Option(names = "--tag-digits", paramLabel = "A", defaultValue = "7",
            description = "Tag digits per knock (default: ${DEFAULT-VALUE}).")
    private int tagDigits;

    @Option(names = "--command", paramLabel = "VALUES",
            description = "The command digits, comma-separated: service,duration,delay (cut to M digits), e.g. 22,60,1 asks "
                    + "for service 22 for 60 s, starting 1 s after the knock. Required when M > 0.")
    private String commandText;

    @Option(names = "--source-address", paramLabel = "ADDR",
            description = "Send from this local address (and bind a sealed knock to it).")
    private InetAddress sourceAddress;

    @Option(names = "--seen-as", paramLabel = "ADDR",
            description = "Bind a sealed knock to this address: the one the server sees, e.g. behind NAT.")
    private InetAddress seenAs;

    @Option(names = "--bind-source", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Bind a sealed knock to the source address the server sees (default: true).")
    private boolean bindSource;

    @Option(names = "--udp", description = "Send UDP datagrams (default for one-time knocks).")
    private boolean udp;

    @Option(names = "--tcp", description = "Send TCP SYNs (default for fixed knocks, as knockd).")
    private boolean tcp;

    @Option(names = "--delay-ms", paramLabel = "N",
            description = "Pause between packets in milliseconds (default: ${DEFAULT-VALUE}), so they arrive in order.")
    private long delayMillis = KnockClient.DEFAULT_PACING.toMillis();

    @Option(names = "--accept-weakness",
            description = "Accept a profile that can be forged with probability above 2^-32 per attempt.")
    private boolean acceptWeakness;

    @Option(names = "--dry-run", description = "Print the ports only: send nothing, leave the cursor where it is.")
    private boolean dryRun;

    @Override
    public Integer call() throws IOException {
        if (udp && tcp) {
            throw usage("--udp and --tcp exclude each other");
        }
        if (delayMillis < 0) {
            throw usage("--delay-ms must not be negative: " + delayMillis);
        }
        if (!ports.isEmpty()) {
            if (padFile != null) {
                throw usage("give either ports (a fixed knock) or --pad (a one-time knock), not both");
            }
            for (String option : PAD_ONLY_OPTIONS) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw usage(option + " is for one-time knocks (--pad); a fixed knock takes only ports");
                }
            }
            return sendFixed();
        }
        if (padFile == null || state == null) {
            throw usage("give --pad and --state for a one-time knock, or ports for a fixed knock");
        }
        return sendOneTime();
    }

    private int sendFixed() throws IOException {
        List<KnockPort> sequence = new ArrayList<>();
        for (String item : ports) {
            try {
                KnockPort port = FixedSequence.parsePort(item);
                // knockd's knock: a port without a protocol takes the default, which -u makes UDP
                boolean explicit = item.indexOf(':') >= 0;
                sequence.add(explicit || !udp ? port : new KnockPort(port.port(), Transport.UDP));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        FixedSequence fixed = new FixedSequence(sequence);
        InetAddress target = InetAddress.getByName(host);
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            out.println("dry run: would send " + fixed.length() + " packets to " + target.getHostAddress() + ": "
                    + fixed);
            return KnockCli.OK;
        }
        KnockClient.sendFixed(target, fixed, Duration.ofMillis(delayMillis), Optional.ofNullable(sourceAddress));
        out.println("sent " + fixed.length() + " packets to " + target.getHostAddress() + ": " + fixed);
        return KnockCli.OK;
    }

    private int sendOneTime() throws IOException {
        Pad pad = Pad.open(padFile);
        Profile profile = profile(pad.digitBits());
        Command command = command(profile);
        KnockClient.Builder builder = KnockClient.builder(profile, pad, StateDirectory.open(state))
                .pacing(Duration.ofMillis(delayMillis));
        if (sourceAddress != null) {
            builder.bindAddress(sourceAddress);
        }
        if (seenAs != null) {
            builder.seenAs(seenAs);
        }
        KnockClient client = builder.build();
        InetAddress target = InetAddress.getByName(host);
        PrintWriter out = spec.commandLine().getOut();
        String transport = profile.transport().keyword();
        if (dryRun) {
            IssuedKnock next = client.preview(target, command);
            out.println("dry run: knock " + next.knockIndex() + " of pad " + next.padId() + " would go to "
                    + target.getHostAddress() + " as " + transport + " ports " + portList(next.ports()));
            out.println("nothing sent; the cursor stays at " + next.knockIndex());
            return KnockCli.OK;
        }
        IssuedKnock sent = client.send(target, command);
        PadStatus status = client.status();
        out.println("sent knock " + sent.knockIndex() + " of pad " + sent.padId() + " to " + target.getHostAddress()
                + ": " + sent.ports().length + " " + transport + " packets, ports " + portList(sent.ports()));
        out.println("client cursor " + status.cursor() + ", " + status.knocksLeft() + " knocks left");
        return KnockCli.OK;
    }

    private Profile profile(int digitBits) {
        try {
            Profile.Builder builder = Profile.builder().scheme(scheme).base(base).digitBits(digitBits)
                    .transport(tcp ? Transport.TCP : Transport.UDP).commandDigits(commandDigits).tagDigits(tagDigits)
                    // the window is the server's business; the client's profile only needs a valid one
                    .window(Math.min(64, 1 << digitBits))
                    .sourceBinding(bindSource ? SourceBinding.BIND : SourceBinding.NONE);
            if (acceptWeakness) {
                builder.acceptWeakness();
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private Command command(Profile profile) {
        CommandSchema schema = CommandSchemas.forDigits(profile.commandDigits());
        if (commandText == null) {
            if (schema.size() > 0) {
                throw usage("--command is required with " + schema.size() + " command digits ("
                        + String.join(",", schema.names()) + ")");
            }
            return Command.of(schema, profile.radix());
        }
        try {
            return schema.parse(commandText, profile.radix());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private static String portList(int[] ports) {
        return Arrays.stream(ports).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
