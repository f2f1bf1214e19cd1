package dev.portknock.examples.cli;

import dev.portknock.core.Scheme;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of a one-time knock that {@code knock send} and {@code knock connect} share. Each is
 * empty unless given, so that a named host's stanza can fill it in and the command line still
 * overrides the stanza; {@link NamedHost} merges the two and applies the protocol's defaults.
 */
final class ClientOptions {
    /** Options that only mean something for a one-time knock. */
    static final List<String> ONE_TIME_ONLY = List.of("--bundle", "--low-water", "--state", "--scheme", "--base", "--command-digits",
            "--tag-digits", "--hint-digits", "--command", "--seen-as", "--bind-source", "--no-bind-source", "--accept-weakness");

    @Option(names = "--config", paramLabel = "FILE",
            description = "The client configuration, whose [NAME] stanzas HOST may name (default: "
                    + "$XDG_CONFIG_HOME/portknock/client.conf, else ~/.config/portknock/client.conf).")
    Path config;

    @Option(names = "--pad", paramLabel = "PAD", description = "The pad file (one-time knock).")
    Path pad;

    @Option(names = "--bundle", paramLabel = "FILE",
            description = "A client bundle (knock pad provision): the pad with the door's host and wire settings, so "
                    + "no profile option is needed and one that contradicts the bundle is refused. Repeat it for "
                    + "the pads of one host in order of use: the first with knocks left is used.")
    List<Path> bundles = new ArrayList<>();

    @Option(names = "--state", paramLabel = "DIR", description = StateDirectory.HELP + " With --bundle the default "
            + "is " + StateDirectory.CLIENT_DEFAULT + ".")
    Path state;

    @Option(names = "--low-water", paramLabel = "N",
            description = "Warn on standard error when a knock leaves N knocks or fewer, counting the pads after "
                    + "this one (default: the host's low_water, else " + PadRollover.DEFAULT_LOW_WATER + ").")
    Long lowWater;

    @Option(names = "--scheme", paramLabel = "SCHEME", converter = SchemeConverter.class,
            description = "sealed or raw (default: the host's, else sealed).")
    Scheme scheme;

    @Option(names = "--base", paramLabel = "PORT",
            description = "The door's first port; digit d goes to PORT + d (default: the host's, else 40000).")
    Integer base;

    @Mixin
    KnockDigitsOptions digits = new KnockDigitsOptions();

    @Option(names = "--hint-digits", paramLabel = "P",
            description = "Hint digits per sealed knock, 1 or 2: the door's hint_digits (default: the host's, else 1).")
    Integer hintDigits;

    @Option(names = "--command", paramLabel = "VALUES",
            description = "The command digits, comma-separated: service,duration,delay (cut to M digits), e.g. 22,60,1 asks "
                    + "for service 22 for 60 s, starting 1 s after the knock. Required when M > 0, unless the host's "
                    + "stanza gives service, duration and delay.")
    String command;

    @Option(names = "--source-address", paramLabel = "ADDR",
            description = "Send from this local address (and bind a sealed knock to it).")
    InetAddress sourceAddress;

    @Option(names = "--seen-as", paramLabel = "ADDR",
            description = "Bind a sealed knock to this address: the one the server sees, e.g. behind NAT.")
    InetAddress seenAs;

    @Option(names = "--bind-source",
            description = "Bind a sealed knock to the source address the server sees (the default).")
    boolean bindSource;

    @Option(names = "--no-bind-source", description = "Do not bind a sealed knock to a source address.")
    boolean noBindSource;

    @Option(names = "--udp", description = "Send UDP datagrams (default for one-time knocks).")
    boolean udp;

    @Option(names = "--tcp", description = "Send TCP SYNs (default for fixed knocks, as knockd).")
    boolean tcp;

    @Option(names = "--delay-ms", paramLabel = "N",
            description = "Pause between packets in milliseconds (default: the host's pacing_ms, else 20), so they "
                    + "arrive in order.")
    Long delayMillis;

    @Option(names = "--accept-weakness",
            description = "Accept a profile that can be forged with probability above 2^-32 per attempt.")
    boolean acceptWeakness;
}
