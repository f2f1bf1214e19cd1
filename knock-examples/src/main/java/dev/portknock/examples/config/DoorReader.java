package dev.portknock.examples.config;

import dev.portknock.core.FixedDoor;
import dev.portknock.core.FixedSequence;
import dev.portknock.core.KnockPort;
import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import dev.portknock.core.SourceBinding;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gives meaning to one door section: decides its kind, builds the core door (so core's
 * validation messages surface, placed at a line) and the capture and launcher settings.
 */
final class DoorReader {
    /** knockd's default {@code Seq_Timeout} (knockd.c {@code SEQ_TIMEOUT}), for knockd doors. */
    static final Duration KNOCKD_SEQUENCE_TIMEOUT = Duration.ofSeconds(25);
    /** knockd's default {@code Cmd_Timeout} (knockd.c {@code CMD_TIMEOUT}); also the default duration. */
    static final Duration KNOCKD_COMMAND_TIMEOUT = Duration.ofSeconds(10);
    /** knockd's default interface ({@code knockd -h}: "default eth0"), where pcap captures unless told. */
    static final String KNOCKD_INTERFACE = "eth0";
    /** The longest a one-time knock may keep a service open unless {@code max_duration} says. */
    static final Duration DEFAULT_MAX_DURATION = Duration.ofHours(1);
    /** The highest low-water mark accepted: far above any pad's knocks worth a warning. */
    static final int MAX_LOW_WATER = 100_000_000;

    /** Keys only a pad door may have. */
    private static final Set<String> PAD_KEYS = Set.of("pad", "state", "base_port", "digit_bits", "command_digits",
            "tag_digits", "window", "bind_source", "accept_weakness", "protocol", "services", "max_duration",
            "failure_limit", "failure_interval", "low_water", "hint_digits");
    private static final List<String> COMMAND_KEYS =
            List.of("start_command", "start_command_6", "stop_command", "stop_command_6");
    private static final String LAUNCHER_SETTING_PREFIX = "nft_";
    /**
     * The smallest capture buffer accepted: one maximum-size frame, the pcap backend's own floor
     * (it checks again; checking here puts the error at the line).
     */
    static final int MIN_CAPTURE_BUFFER = 65_536;
    /**
     * The smallest receive buffer of an nflog capture: four of the kernel's 64 KiB batches, the
     * nflog backend's own floor (checked here too, to put the error at the line).
     */
    static final int MIN_NFLOG_BUFFER = 262_144;

    private final Sections.Section section;
    private final Options options;
    private final Path baseDirectory;
    private final ProviderIds providers;

    private DoorReader(Sections.Section section, Options options, Path baseDirectory, ProviderIds providers) {
        this.section = section;
        this.options = options;
        this.baseDirectory = baseDirectory;
        this.providers = providers;
    }

    static DoorConfig read(Sections.Section section, Options options, Path baseDirectory, ProviderIds providers)
            throws ConfigException {
        return new DoorReader(section, options, baseDirectory, providers).read();
    }

    private DoorConfig read() throws ConfigException {
        DoorKind kind = kind();
        if (kind == DoorKind.FIXED || kind == DoorKind.KNOCKD_ONE_TIME_FILE) {
            for (Sections.Entry entry : section.entries().values()) {
                if (PAD_KEYS.contains(entry.key())) {
                    throw Values.error(entry, "'" + entry.written() + "' does not apply to " + kind.keyword()
                            + " door " + section.label());
                }
            }
        }
        Commands commands = commands();
        LauncherConfig launcher = launcher(commands);
        CaptureConfig capture = capture();
        return switch (kind) {
            case FIXED -> fixed(commands, capture, launcher);
            case KNOCKD_ONE_TIME_FILE -> knockdOneTime(commands, capture, launcher);
            case RAW, SEALED -> pad(kind, commands, capture, launcher);
        };
    }

    /** Fixed with {@code Sequence}, knockd's file with {@code One_Time_Sequences}, else a pad door. */
    private DoorKind kind() throws ConfigException {
        Optional<Sections.Entry> scheme = section.get("scheme");
        Optional<String> word = Optional.empty();
        if (scheme.isPresent()) {
            String value = Values.text(scheme.get()).toLowerCase(Locale.ROOT);
            if (!Set.of("fixed", "raw", "sealed").contains(value)) {
                throw Values.error(scheme.get(), "unknown scheme '" + Sections.excerpt(scheme.get().value())
                        + "'; expected fixed, raw or sealed");
            }
            word = Optional.of(value);
        }
        Optional<Sections.Entry> sequence = section.get("sequence");
        Optional<Sections.Entry> oneTime = section.get("one_time_sequences");
        if (sequence.isPresent()) {
            if (oneTime.isPresent()) {
                throw Values.error(oneTime.get(), "'" + oneTime.get().written() + "' cannot be combined with '"
                        + sequence.get().written() + "' in " + section.label());
            }
            if (word.isPresent() && !word.get().equals("fixed")) {
                throw Values.error(scheme.get(), "scheme " + word.get() + " needs 'pad', not 'sequence'");
            }
            return DoorKind.FIXED;
        }
        if (oneTime.isPresent()) {
            if (word.isPresent() && !word.get().equals("raw")) {
                throw Values.error(scheme.get(), "scheme " + word.get() + " does not fit 'one_time_sequences'");
            }
            return DoorKind.KNOCKD_ONE_TIME_FILE;
        }
        if (section.get("pad").isPresent()) {
            if (word.isPresent() && word.get().equals("fixed")) {
                throw Values.error(scheme.get(), "scheme fixed needs 'sequence', not 'pad'");
            }
            return word.isPresent() && word.get().equals("raw") ? DoorKind.RAW : DoorKind.SEALED;
        }
        if (word.isPresent()) {
            throw Values.error(scheme.get(), "scheme " + word.get() + " needs '"
                    + (word.get().equals("fixed") ? "sequence" : "pad") + "'");
        }
        throw new ConfigException(section.location(),
                "door " + section.label() + " needs 'sequence', 'one_time_sequences' or 'pad'");
    }

    private FixedDoorConfig fixed(Commands commands, CaptureConfig capture, LauncherConfig launcher)
            throws ConfigException {
        Sections.Entry entry = section.get("sequence").orElseThrow();
        FixedSequence sequence;
        try {
            sequence = FixedSequence.parse(Values.text(entry));
        } catch (IllegalArgumentException e) {
            throw Values.error(entry, "'" + entry.written() + "': " + e.getMessage());
        }
        Optional<Sections.Entry> captureEntry = section.get("capture");
        if (capture.type().equals(CaptureType.UDP_SOCKET) && captureEntry.isPresent()) {
            for (KnockPort port : sequence.ports()) {
                if (port.transport() == Transport.TCP) {
                    throw Values.error(captureEntry.get(), "capture udp-socket cannot see tcp port "
                            + port.port() + " of the sequence (knockd's default is tcp; write " + port.port() + ":udp)");
                }
            }
        }
        FixedDoor door;
        try {
            door = new FixedDoor(section.name(), sequence, sequenceTimeout(KNOCKD_SEQUENCE_TIMEOUT),
                    tcpFlags(TcpFlagFilter.ANY));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(section.location(), "door " + section.label() + ": " + e.getMessage());
        }
        return new FixedDoorConfig(door, section.location(), commands, commandTimeout(), capture, launcher);
    }

    private KnockdOneTimeDoorConfig knockdOneTime(Commands commands, CaptureConfig capture, LauncherConfig launcher)
            throws ConfigException {
        Path file = Values.path(section.get("one_time_sequences").orElseThrow(), baseDirectory);
        return new KnockdOneTimeDoorConfig(section.name(), section.location(), file,
                sequenceTimeout(KNOCKD_SEQUENCE_TIMEOUT), tcpFlags(TcpFlagFilter.ANY), commands, commandTimeout(),
                capture, launcher);
    }

    private PadDoorConfig pad(DoorKind kind, Commands commands, CaptureConfig capture, LauncherConfig launcher)
            throws ConfigException {
        List<Path> pads = Values.paths(section.get("pad").orElseThrow(), baseDirectory);
        StateLocation state = state();
        Profile profile = profile(kind == DoorKind.RAW ? Scheme.RAW : Scheme.SEALED);
        Optional<Sections.Entry> captureEntry = section.get("capture");
        if (capture.type().equals(CaptureType.UDP_SOCKET) && profile.transport() == Transport.TCP
                && captureEntry.isPresent()) {
            throw Values.error(captureEntry.get(), "capture udp-socket needs protocol = udp");
        }
        OneTimeDoor door = new OneTimeDoor(section.name(), profile);
        List<Integer> services = services(profile);
        Optional<Sections.Entry> defaultEntry = section.get("cmd_timeout");
        Optional<Sections.Entry> maxEntry = section.get("max_duration");
        Duration maxDuration = maxEntry.isPresent() ? Values.seconds(maxEntry.get()) : DEFAULT_MAX_DURATION;
        Duration defaultDuration;
        if (defaultEntry.isPresent()) {
            defaultDuration = Values.seconds(defaultEntry.get());
            if (defaultDuration.compareTo(maxDuration) > 0) {
                throw Values.error(defaultEntry.get(), "default duration " + defaultDuration.toSeconds()
                        + " s exceeds max duration " + maxDuration.toSeconds() + " s");
            }
        } else {
            defaultDuration = KNOCKD_COMMAND_TIMEOUT.compareTo(maxDuration) > 0 ? maxDuration : KNOCKD_COMMAND_TIMEOUT;
        }
        Optional<Sections.Entry> lowWater = section.get("low_water");
        return new PadDoorConfig(door, section.location(), pads, state, services, defaultDuration, maxDuration,
                failureThrottle(), lowWater.isPresent() ? Values.number(lowWater.get(), 0, MAX_LOW_WATER)
                        : PadDoorConfig.DEFAULT_LOW_WATER, commands, capture, launcher);
    }

    /** PROTOCOL.md §5's throttle, 8 failures per second unless the door says otherwise. */
    private FailureThrottle failureThrottle() throws ConfigException {
        Optional<Sections.Entry> limit = section.get("failure_limit");
        Optional<Sections.Entry> interval = section.get("failure_interval");
        return new FailureThrottle(
                limit.isPresent() ? Values.number(limit.get(), 1, FailureThrottle.MAX_LIMIT)
                        : FailureThrottle.DEFAULT.limit(),
                interval.isPresent()
                        ? Duration.ofSeconds(Values.number(interval.get(), 1, FailureThrottle.MAX_INTERVAL_SECONDS))
                        : FailureThrottle.DEFAULT.interval());
    }

    private StateLocation state() throws ConfigException {
        Sections.Entry entry = section.get("state").orElseThrow(() -> new ConfigException(section.location(),
                "door " + section.label() + " needs 'state' (a cursor file or a " + StateLocation.Jdbc.PREFIX + " url)"));
        String value = Values.text(entry);
        if (value.regionMatches(true, 0, "jdbc:", 0, 5)) {
            try {
                return new StateLocation.Jdbc(value);
            } catch (IllegalArgumentException e) {
                throw Values.error(entry, "unsupported state url '" + Sections.excerpt(value) + "'; only "
                        + StateLocation.Jdbc.PREFIX + " urls are supported");
            }
        }
        return new StateLocation.File(Values.path(entry, baseDirectory));
    }

    private Profile profile(Scheme scheme) throws ConfigException {
        Profile.Builder builder = Profile.builder().scheme(scheme);
        Transport transport = Transport.UDP;
        Optional<Sections.Entry> protocol = section.get("protocol");
        if (protocol.isPresent()) {
            transport = Values.transport(protocol.get());
            builder.transport(transport);
        }
        Optional<Sections.Entry> flags = section.get("tcpflags");
        if (flags.isPresent()) {
            if (transport != Transport.TCP) {
                throw Values.error(flags.get(), "'" + flags.get().written() + "' applies to protocol = tcp only");
            }
            builder.tcpFlags(tcpFlags(TcpFlagFilter.SYN_ONLY));
        }
        Optional<Sections.Entry> bind = section.get("bind_source");
        if (bind.isPresent()) {
            if (scheme == Scheme.RAW) {
                throw Values.error(bind.get(), "'" + bind.get().written() + "' applies to sealed doors only");
            }
            builder.sourceBinding(Values.bool(bind.get()) ? SourceBinding.BIND : SourceBinding.NONE);
        }
        if (section.get("base_port").isPresent()) {
            builder.base(Values.number(section.get("base_port").get()));
        }
        if (section.get("digit_bits").isPresent()) {
            builder.digitBits(Values.number(section.get("digit_bits").get()));
        }
        if (section.get("command_digits").isPresent()) {
            builder.commandDigits(Values.number(section.get("command_digits").get()));
        }
        if (section.get("tag_digits").isPresent()) {
            builder.tagDigits(Values.number(section.get("tag_digits").get()));
        }
        Optional<Sections.Entry> hints = section.get("hint_digits");
        if (hints.isPresent()) {
            if (scheme == Scheme.RAW) {
                throw Values.error(hints.get(), "'" + hints.get().written() + "' applies to sealed doors only");
            }
            builder.hintDigits(Values.number(hints.get(), 1, Profile.MAX_HINT_DIGITS));
        }
        if (section.get("window").isPresent()) {
            builder.window(Values.number(section.get("window").get()));
        }
        if (section.get("seq_timeout").isPresent()) {
            builder.sequenceTimeout(Values.seconds(section.get("seq_timeout").get()));
        }
        Optional<Sections.Entry> weak = section.get("accept_weakness");
        if (weak.isPresent() && Values.bool(weak.get())) {
            builder.acceptWeakness();
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            // the profile's rules tie several keys together, so the section is the place
            throw new ConfigException(section.location(), "door " + section.label() + ": " + e.getMessage());
        }
    }

    private List<Integer> services(Profile profile) throws ConfigException {
        Optional<Sections.Entry> entry = section.get("services");
        if (entry.isEmpty()) {
            if (profile.commandDigits() > 0) {
                throw new ConfigException(section.location(), "door " + section.label()
                        + " needs 'services' (the service numbers a knock may ask for)");
            }
            return List.of(0);
        }
        List<Integer> services = Values.numbers(entry.get());
        Set<Integer> seen = new HashSet<>();
        for (int service : services) {
            if (service >= profile.radix()) {
                throw Values.error(entry.get(), "service " + service + " is not a digit of door " + section.label()
                        + " (0.." + (profile.radix() - 1) + ")");
            }
            if (!seen.add(service)) {
                throw Values.error(entry.get(), "duplicate service " + service + " in '" + entry.get().written() + "'");
            }
        }
        if (profile.commandDigits() == 0 && services.size() > 1) {
            throw Values.error(entry.get(), "a door without command digits opens one service; '"
                    + entry.get().written() + "' lists " + services.size());
        }
        return services;
    }

    private Duration sequenceTimeout(Duration fallback) throws ConfigException {
        Optional<Sections.Entry> entry = section.get("seq_timeout");
        return entry.isPresent() ? Values.seconds(entry.get()) : fallback;
    }

    private Duration commandTimeout() throws ConfigException {
        Optional<Sections.Entry> entry = section.get("cmd_timeout");
        return entry.isPresent() ? Values.seconds(entry.get()) : KNOCKD_COMMAND_TIMEOUT;
    }

    private TcpFlagFilter tcpFlags(TcpFlagFilter fallback) throws ConfigException {
        Optional<Sections.Entry> entry = section.get("tcpflags");
        if (entry.isEmpty()) {
            return fallback;
        }
        try {
            return TcpFlagFilter.parse(Values.text(entry.get()));
        } catch (IllegalArgumentException e) {
            throw Values.error(entry.get(), "'" + entry.get().written() + "': " + e.getMessage());
        }
    }

    /** knockd's commands; the IPv6 variants may be empty, meaning "nothing for IPv6". */
    private Commands commands() throws ConfigException {
        Optional<String> start = Optional.empty();
        Optional<String> start6 = Optional.empty();
        Optional<String> stop = Optional.empty();
        Optional<String> stop6 = Optional.empty();
        if (section.get("start_command").isPresent()) {
            start = Optional.of(Values.text(section.get("start_command").get()));
        }
        if (section.get("stop_command").isPresent()) {
            stop = Optional.of(Values.text(section.get("stop_command").get()));
        }
        start6 = section.get("start_command_6").map(Sections.Entry::value);
        stop6 = section.get("stop_command_6").map(Sections.Entry::value);
        return new Commands(start, start6, stop, stop6);
    }

    private LauncherConfig launcher(Commands commands) throws ConfigException {
        LauncherType type = LauncherType.PROCESS;
        Optional<Sections.Entry> entry = section.get("launcher");
        if (entry.isPresent()) {
            type = new LauncherType(providerId(entry.get(), "launcher", providers.launchers()));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (Sections.Entry setting : section.entries().values()) {
            if (setting.key().startsWith(LAUNCHER_SETTING_PREFIX)) {
                if (!type.equals(LauncherType.NFTABLES)) {
                    throw Values.error(setting, "'" + setting.written() + "' needs launcher = nftables");
                }
                settings.put(setting.key(), Values.text(setting));
            }
        }
        if (!type.equals(LauncherType.PROCESS)) {
            for (String key : COMMAND_KEYS) {
                Optional<Sections.Entry> command = section.get(key);
                if (command.isPresent()) {
                    throw Values.error(command.get(), "'" + command.get().written() + "' needs launcher = process");
                }
            }
        } else if (commands.start().isEmpty()) {
            throw new ConfigException(section.location(), "door " + section.label()
                    + " needs 'start_command' (or 'command'): the process launcher runs it");
        }
        return new LauncherConfig(type, settings, backendOptions(LauncherConfig.OPTION_PREFIX));
    }

    /**
     * The provider id a {@code capture} or {@code launcher} entry names (case-insensitive), one
     * of {@code known}.
     */
    private static String providerId(Sections.Entry entry, String key, List<String> known) throws ConfigException {
        String id = Values.text(entry).toLowerCase(Locale.ROOT);
        if (!known.contains(id)) {
            throw Values.error(entry, "unknown " + key + " '" + Sections.excerpt(entry.value()) + "'; expected "
                    + ProviderIds.listed(known));
        }
        return id;
    }

    /** The door's {@code PREFIX.NAME = VALUE} entries, by name, passed to its backend as they are. */
    private Map<String, String> backendOptions(String prefix) throws ConfigException {
        Map<String, String> backend = new LinkedHashMap<>();
        for (Sections.Entry entry : section.entries().values()) {
            if (entry.key().startsWith(prefix)) {
                backend.put(entry.key().substring(prefix.length()), Values.text(entry));
            }
        }
        return backend;
    }

    private CaptureConfig capture() throws ConfigException {
        CaptureType type = CaptureType.PCAP;
        Optional<Sections.Entry> entry = section.get("capture");
        if (entry.isPresent()) {
            type = new CaptureType(providerId(entry.get(), "capture", providers.captures()));
        }
        Optional<Sections.Entry> listen = section.get("listen");
        Optional<Sections.Entry> buffer = section.get("capture_buffer_size");
        Optional<Integer> bufferSize = Optional.empty();
        if (buffer.isPresent()) {
            if (!type.equals(CaptureType.PCAP) && !type.equals(CaptureType.NFLOG)) {
                throw Values.error(buffer.get(), "'" + buffer.get().written() + "' needs capture = pcap or nflog");
            }
            int min = type.equals(CaptureType.NFLOG) ? MIN_NFLOG_BUFFER : MIN_CAPTURE_BUFFER;
            bufferSize = Optional.of(Values.byteCount(buffer.get(), min, Integer.MAX_VALUE));
        }
        Optional<Sections.Entry> group = section.get("nflog_group");
        Optional<Integer> nflogGroup = Optional.empty();
        if (group.isPresent() && !type.equals(CaptureType.NFLOG)) {
            throw Values.error(group.get(), "'" + group.get().written() + "' needs capture = nflog");
        }
        if (type.equals(CaptureType.NFLOG)) {
            nflogGroup = Optional.of(group.isPresent() ? Values.number(group.get(), 0, CaptureConfig.MAX_NFLOG_GROUP)
                    : CaptureConfig.DEFAULT_NFLOG_GROUP);
        }
        Optional<String> networkInterface = type.equals(CaptureType.PCAP)
                ? Optional.of(options.networkInterface().orElse(KNOCKD_INTERFACE)) : options.networkInterface();
        return new CaptureConfig(type, networkInterface,
                listen.isPresent() ? Optional.of(Values.address(listen.get())) : Optional.empty(), bufferSize,
                nflogGroup, backendOptions(CaptureConfig.OPTION_PREFIX));
    }
}
