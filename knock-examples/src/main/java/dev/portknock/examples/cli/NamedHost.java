package dev.portknock.examples.cli;

import dev.portknock.core.Command;
import dev.portknock.core.CommandSchema;
import dev.portknock.core.Profile;
import dev.portknock.core.SourceBinding;
import dev.portknock.core.Transport;
import dev.portknock.examples.config.ClientConfig;
import dev.portknock.examples.config.ConfigException;
import dev.portknock.examples.config.HostStanza;
import dev.portknock.pad.Pad;
import dev.portknock.runtime.KnockClient;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code knock send HOST} and {@code knock connect HOST} knock with: the command line's
 * options over the stanza {@code [HOST]} of the client configuration, if there is one, over the
 * protocol's defaults. HOST names a stanza or, failing that, is the host itself.
 *
 * <p>A problem with an option is bad usage; a problem with settings that came from the stanza
 * names the stanza's file and line, as every configuration error does.
 */
final class NamedHost {
    private final String name;
    private final ClientOptions options;
    private final Optional<HostStanza> stanza;
    private final Function<String, RuntimeException> usage;

    private NamedHost(String name, ClientOptions options, Optional<HostStanza> stanza,
            Function<String, RuntimeException> usage) {
        this.name = name;
        this.options = options;
        this.stanza = stanza;
        this.usage = usage;
    }

    /**
     * The host {@code name} with these options; reads the client configuration ({@code --config}
     * or the default location, where a missing file means no named hosts).
     *
     * @param usage makes the exception for bad usage of the command line
     */
    static NamedHost of(String name, ClientOptions options, Function<String, RuntimeException> usage)
            throws IOException, ConfigException {
        Path home = ClientConfigFile.home();
        boolean given = options.config != null;
        Path file = given ? options.config : ClientConfigFile.defaultLocation(System.getenv(), home);
        ClientConfig config = ClientConfigFile.load(file, home, given);
        return new NamedHost(name, options, config.host(name), usage);
    }

    /** The stanza HOST names, if any. */
    Optional<HostStanza> stanza() {
        return stanza;
    }

    /** The address to knock on: the stanza's {@code host}, else HOST itself. */
    InetAddress address() throws IOException {
        return InetAddress.getByName(stanza.flatMap(HostStanza::host).orElse(name));
    }

    /** Whether this is a one-time knock: a pad comes from the options or the stanza. */
    boolean hasPad() {
        return options.pad != null || stanza.flatMap(HostStanza::pad).isPresent();
    }

    /** The client of the door: its profile, pad, state and sending settings. */
    OneTimeKnock oneTimeKnock() throws IOException, ConfigException {
        if (options.udp && options.tcp) {
            throw usage.apply("--udp and --tcp exclude each other");
        }
        if (options.bindSource && options.noBindSource) {
            throw usage.apply("--bind-source and --no-bind-source exclude each other");
        }
        Path padFile = pick(options.pad, HostStanza::pad).orElseThrow(() -> usage.apply(missing("--pad", "pad")));
        Path state = pick(options.state, HostStanza::state).orElseThrow(() -> usage.apply(missing("--state", "state")));
        Duration pacing = pacing();
        Pad pad = Pad.open(padFile);
        Profile profile = profile(pad.digitBits());
        Command command = command(profile);
        KnockClient.Builder builder = KnockClient.builder(profile, pad, StateDirectory.open(state)).pacing(pacing);
        pick(options.sourceAddress, HostStanza::sourceAddress).ifPresent(builder::bindAddress);
        pick(options.seenAs, HostStanza::seenAs).ifPresent(builder::seenAs);
        return new OneTimeKnock(builder.build(), profile, command);
    }

    /**
     * A client with its profile and the command it sends.
     *
     * @param client the client, its cursor in the state directory
     * @param profile the door's profile
     * @param command the command every knock carries
     */
    record OneTimeKnock(KnockClient client, Profile profile, Command command) {
    }

    /** The pause between packets: {@code --delay-ms}, else the stanza's, else the library's. */
    Duration pacing() {
        if (options.delayMillis != null) {
            if (options.delayMillis < 0) {
                throw usage.apply("--delay-ms must not be negative: " + options.delayMillis);
            }
            return Duration.ofMillis(options.delayMillis);
        }
        return stanza.flatMap(HostStanza::pacing).orElse(KnockClient.DEFAULT_PACING);
    }

    private String missing(String option, String key) {
        return stanza.isPresent()
                ? "give " + option + " or '" + key + "' in host " + stanza.get().label() + " of the client configuration"
                : "give --pad and --state for a one-time knock, or ports for a fixed knock";
    }

    private <T> Optional<T> pick(T option, Function<HostStanza, Optional<T>> key) {
        return option != null ? Optional.of(option) : stanza.flatMap(key);
    }

    private Profile profile(int digitBits) throws ConfigException {
        Profile.Builder builder = Profile.builder().digitBits(digitBits)
                // the window is the server's business; the client's profile only needs a valid one
                .window(Math.min(64, 1 << digitBits));
        pick(options.scheme, HostStanza::scheme).ifPresent(builder::scheme);
        pick(options.base, HostStanza::base).ifPresent(builder::base);
        pick(options.commandDigits, HostStanza::commandDigits).ifPresent(builder::commandDigits);
        pick(options.tagDigits, HostStanza::tagDigits).ifPresent(builder::tagDigits);
        Optional<Transport> transport = options.tcp ? Optional.of(Transport.TCP)
                : options.udp ? Optional.of(Transport.UDP) : stanza.flatMap(HostStanza::transport);
        transport.ifPresent(builder::transport);
        Optional<Boolean> bind = options.bindSource ? Optional.of(true)
                : options.noBindSource ? Optional.of(false) : stanza.flatMap(HostStanza::bindSource);
        bind.ifPresent(value -> builder.sourceBinding(value ? SourceBinding.BIND : SourceBinding.NONE));
        if (options.acceptWeakness || stanza.flatMap(HostStanza::acceptWeakness).orElse(false)) {
            builder.acceptWeakness();
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw failure(e.getMessage());
        }
    }

    private Command command(Profile profile) throws ConfigException {
        CommandSchema schema = CommandSchemas.forDigits(profile.commandDigits());
        Optional<String> text = options.command != null ? Optional.of(options.command) : stanzaCommand(schema);
        if (text.isEmpty()) {
            if (schema.size() > 0) {
                throw usage.apply("--command is required with " + schema.size() + " command digits ("
                        + String.join(",", schema.names()) + ")" + stanza.map(s -> ", or "
                        + String.join(", ", schema.names()) + " in host " + s.label()).orElse(""));
            }
            return Command.of(schema, profile.radix());
        }
        try {
            return schema.parse(text.get(), profile.radix());
        } catch (IllegalArgumentException e) {
            throw options.command != null ? usage.apply(e.getMessage()) : failure(e.getMessage());
        }
    }

    /** The stanza's command values in the door's digit order, when it gives every one the door has. */
    private Optional<String> stanzaCommand(CommandSchema schema) throws ConfigException {
        if (stanza.isEmpty() || stanza.get().command().isEmpty()) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        for (String digit : schema.names()) {
            Integer value = stanza.get().command().get(digit);
            if (value == null) {
                throw new ConfigException(stanza.get().location(), "host " + stanza.get().label()
                        + " gives no '" + digit + "' for the door's " + schema.size() + " command digits ("
                        + String.join(",", schema.names()) + ")");
            }
            values.add(value.toString());
        }
        return Optional.of(String.join(",", values));
    }

    /** A problem with settings that came (at least partly) from the stanza, placed at it; else bad usage. */
    private RuntimeException failure(String message) throws ConfigException {
        if (stanza.isPresent()) {
            throw new ConfigException(stanza.get().location(), "host " + stanza.get().label() + ": " + message);
        }
        return usage.apply(message);
    }
}
