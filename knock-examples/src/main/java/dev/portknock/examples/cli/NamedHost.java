package dev.portknock.examples.cli;

import dev.portknock.core.Command;
import dev.portknock.core.CommandSchema;
import dev.portknock.core.Profile;
import dev.portknock.core.SourceBinding;
import dev.portknock.core.Transport;
import dev.portknock.examples.config.BundleFormat;
import dev.portknock.examples.config.BundleSettings;
import dev.portknock.examples.config.ClientBundle;
import dev.portknock.examples.config.ClientConfig;
import dev.portknock.examples.config.ConfigException;
import dev.portknock.examples.config.HostStanza;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadStateStore;
import dev.portknock.runtime.KnockClient;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code knock send HOST} and {@code knock connect HOST} knock with: the command line's
 * options over the stanza {@code [HOST]} of the client configuration, if there is one, over the
 * protocol's defaults. HOST names a stanza or, failing that, is the host itself.
 *
 * <p>A client bundle (PROTOCOL.md §7) replaces the profile options: its door's settings are used,
 * and an option or stanza key that contradicts them is refused rather than silently used. Several
 * bundles are the pads of one host in order of use (see {@link PadRollover}).
 *
 * <p>A problem with an option is bad usage; a problem with settings that came from the stanza
 * names the stanza's file and line, as every configuration error does.
 */
final class NamedHost {
    private final Optional<String> name;
    private final ClientOptions options;
    private final Optional<HostStanza> stanza;
    private final Function<String, RuntimeException> usage;

    private NamedHost(Optional<String> name, ClientOptions options, Optional<HostStanza> stanza,
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
     * @param name HOST as given; empty when the bundles alone say where to knock
     * @param usage makes the exception for bad usage of the command line
     */
    static NamedHost of(Optional<String> name, ClientOptions options, Function<String, RuntimeException> usage)
            throws IOException, ConfigException {
        Path home = ClientConfigFile.home();
        boolean given = options.config != null;
        Path file = given ? options.config : ClientConfigFile.defaultLocation(System.getenv(), home);
        ClientConfig config = ClientConfigFile.load(file, home, given);
        return new NamedHost(name, options, name.flatMap(config::host), usage);
    }

    /** The stanza HOST names, if any. */
    Optional<HostStanza> stanza() {
        return stanza;
    }

    /** The address to knock on without a bundle: the stanza's {@code host}, else HOST itself. */
    InetAddress address() throws IOException {
        return InetAddress.getByName(stanza.flatMap(HostStanza::host).or(() -> name)
                .orElseThrow(() -> usage.apply("give HOST")));
    }

    /**
     * The address to send this knock to: HOST when it names no stanza, else the stanza's
     * {@code host}, else the bundle's, else the stanza's name.
     */
    InetAddress address(OneTimeKnock knock) throws IOException {
        Optional<String> host = stanza.isEmpty() ? name : stanza.flatMap(HostStanza::host);
        return InetAddress.getByName(host.or(knock::host).or(() -> name)
                .orElseThrow(() -> usage.apply("give HOST")));
    }

    /** Whether this is a one-time knock: a pad or bundle comes from the options or the stanza. */
    boolean hasPad() {
        return options.pad != null || !options.bundles.isEmpty() || stanza.flatMap(HostStanza::pad).isPresent()
                || stanza.map(s -> !s.bundles().isEmpty()).orElse(false);
    }

    /** The knocks' low-water mark: {@code --low-water}, else the stanza's, else {@link PadRollover#DEFAULT_LOW_WATER}. */
    long lowWater() {
        if (options.lowWater != null) {
            if (options.lowWater < 0) {
                throw usage.apply("--low-water must not be negative: " + options.lowWater);
            }
            return options.lowWater;
        }
        return stanza.flatMap(HostStanza::lowWater).orElse(PadRollover.DEFAULT_LOW_WATER);
    }

    /**
     * The clients of the door in order of use: one per bundle, or the one pad. Options win over
     * the stanza: {@code --pad} or {@code --bundle} replaces the stanza's pad or bundles.
     */
    List<OneTimeKnock> oneTimeKnocks() throws IOException, ConfigException {
        if (options.udp && options.tcp) {
            throw usage.apply("--udp and --tcp exclude each other");
        }
        if (options.bindSource && options.noBindSource) {
            throw usage.apply("--bind-source and --no-bind-source exclude each other");
        }
        if (options.pad != null && !options.bundles.isEmpty()) {
            throw usage.apply("give --pad or --bundle, not both: a bundle holds its pad");
        }
        List<Path> bundles = options.pad != null ? List.of()
                : !options.bundles.isEmpty() ? options.bundles : stanza.map(HostStanza::bundles).orElse(List.of());
        if (bundles.isEmpty()) {
            return List.of(padKnock());
        }
        Path state = pick(options.state, HostStanza::state)
                .orElseGet(() -> StateDirectory.clientDefault(System.getenv(), ClientConfigFile.home()));
        PadStateStore store = StateDirectory.open(state);
        List<OneTimeKnock> knocks = new ArrayList<>();
        for (Path file : bundles) {
            knocks.add(bundleKnock(BundleFormat.read(file), store));
        }
        return knocks;
    }

    /**
     * A client with its profile, the command it sends and where its pad came from.
     *
     * @param client the client, its cursor in the state directory
     * @param profile the door's profile
     * @param command the command every knock carries
     * @param file the pad or bundle file, for messages
     * @param host the bundle's host; empty for a pad
     */
    record OneTimeKnock(KnockClient client, Profile profile, Command command, Path file, Optional<String> host) {
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

    private OneTimeKnock padKnock() throws IOException, ConfigException {
        Path padFile = pick(options.pad, HostStanza::pad).orElseThrow(() -> usage.apply(missing("--pad", "pad")));
        Path state = pick(options.state, HostStanza::state).orElseThrow(() -> usage.apply(missing("--state", "state")));
        Duration pacing = pacing();
        Pad pad = Pad.open(padFile);
        Profile profile = profile(pad.digitBits());
        Command command = command(profile);
        return new OneTimeKnock(client(profile, pad, StateDirectory.open(state), pacing), profile, command, padFile,
                Optional.empty());
    }

    private OneTimeKnock bundleKnock(ClientBundle bundle, PadStateStore store) throws ConfigException {
        refuseContradictions(bundle);
        Duration pacing = pacing();
        Profile profile = bundle.settings().profile();
        Command command = bundleCommand(bundle);
        return new OneTimeKnock(client(profile, bundle.pad(), store, pacing), profile, command, bundle.file(),
                Optional.of(bundle.settings().host()));
    }

    private KnockClient client(Profile profile, Pad pad, PadStateStore store, Duration pacing) {
        KnockClient.Builder builder = KnockClient.builder(profile, pad, store).pacing(pacing);
        pick(options.sourceAddress, HostStanza::sourceAddress).ifPresent(builder::bindAddress);
        pick(options.seenAs, HostStanza::seenAs).ifPresent(builder::seenAs);
        return builder.build();
    }

    /** Refuses an option or stanza key that says otherwise than the bundle's door. */
    private void refuseContradictions(ClientBundle bundle) throws ConfigException {
        Profile door = bundle.settings().profile();
        String prefix = "bundle " + bundle.file() + " is for a door whose ";
        agree(options.scheme == null ? Optional.empty() : Optional.of(options.scheme), "--scheme", "scheme",
                HostStanza::scheme, door.scheme(), prefix + "scheme is ");
        agree(Optional.ofNullable(options.base), "--base", "base", HostStanza::base, door.base(),
                prefix + "base port is ");
        agree(options.digits.commandDigits(), "--command-digits", "command_digits",
                HostStanza::commandDigits, door.commandDigits(), prefix + "command digits are ");
        agree(options.digits.tagDigits(), "--tag-digits", "tag_digits", HostStanza::tagDigits,
                door.tagDigits(), prefix + "tag digits are ");
        agree(Optional.ofNullable(options.hintDigits), "--hint-digits", "hint_digits", HostStanza::hintDigits,
                door.hintDigits(), prefix + "hint digits are ");
        Optional<Transport> transport = options.tcp ? Optional.of(Transport.TCP)
                : options.udp ? Optional.of(Transport.UDP) : Optional.empty();
        agree(transport, options.tcp ? "--tcp" : "--udp", "transport", HostStanza::transport, door.transport(),
                prefix + "transport is ");
        Optional<Boolean> bind = options.bindSource ? Optional.of(true)
                : options.noBindSource ? Optional.of(false) : Optional.empty();
        agree(bind, options.bindSource ? "--bind-source" : "--no-bind-source", "bind_source", HostStanza::bindSource,
                door.sourceBinding() == SourceBinding.BIND, prefix + "bind_source is ");
    }

    private <T> void agree(Optional<T> option, String optionName, String key, Function<HostStanza, Optional<T>> stanzaKey,
            T door, String contradiction) throws ConfigException {
        if (option.isPresent() && !option.get().equals(door)) {
            String value = option.get() instanceof Boolean || option.get() instanceof Transport ? ""
                    : " " + text(option.get());
            throw usage.apply(optionName + value + " contradicts the bundle: " + contradiction + text(door));
        }
        Optional<T> written = stanza.flatMap(stanzaKey);
        if (option.isEmpty() && written.isPresent() && !written.get().equals(door)) {
            throw new ConfigException(stanza.get().location(), "host " + stanza.get().label() + ": '" + key + " = "
                    + text(written.get()) + "' contradicts the bundle: " + contradiction + text(door));
        }
    }

    private static String text(Object value) {
        if (value instanceof Transport transport) {
            return transport.keyword();
        }
        if (value instanceof Boolean bool) {
            return bool ? "yes" : "no";
        }
        return value.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * The command of a bundle's knocks: {@code --command}, else the stanza's values, each missing
     * one defaulted (the bundle's first service, the door's default duration, no delay); a service
     * the pad may not ask for is refused, since the door would refuse it after the knock was spent.
     */
    private Command bundleCommand(ClientBundle bundle) throws ConfigException {
        BundleSettings settings = bundle.settings();
        Profile profile = settings.profile();
        CommandSchema schema = CommandSchema.forDigits(profile.commandDigits());
        Command command;
        if (options.command != null) {
            try {
                command = schema.parse(options.command, profile.radix());
            } catch (IllegalArgumentException e) {
                throw usage.apply(e.getMessage());
            }
        } else {
            List<String> values = new ArrayList<>();
            for (String digit : schema.names()) {
                Integer written = stanza.map(s -> s.command().get(digit)).orElse(null);
                int fallback = digit.equals(CommandSchema.SERVICE) ? settings.defaultService() : 0;
                values.add(Integer.toString(written == null ? fallback : written));
            }
            try {
                command = schema.parse(String.join(",", values), profile.radix());
            } catch (IllegalArgumentException e) {
                throw failure(e.getMessage());
            }
        }
        int[] values = command.values();
        if (values.length > 0 && !settings.allowsService(values[0])) {
            String problem = "service " + values[0] + " is not one that pad " + settings.label() + " of door "
                    + settings.door() + " may ask for (" + settings.serviceList() + ")";
            throw options.command != null ? usage.apply(problem) : failure(problem);
        }
        return command;
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
        pick(options.digits.commandDigits, HostStanza::commandDigits).ifPresent(builder::commandDigits);
        pick(options.digits.tagDigits, HostStanza::tagDigits).ifPresent(builder::tagDigits);
        pick(options.hintDigits, HostStanza::hintDigits).ifPresent(builder::hintDigits);
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
        CommandSchema schema = CommandSchema.forDigits(profile.commandDigits());
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
