package dev.portknock.examples.cli;

import dev.portknock.examples.config.CaptureConfig;
import dev.portknock.examples.config.Commands;
import dev.portknock.examples.config.ConfigException;
import dev.portknock.examples.config.DoorConfig;
import dev.portknock.examples.config.DoorKind;
import dev.portknock.examples.config.DoorPads;
import dev.portknock.examples.config.FixedDoorConfig;
import dev.portknock.examples.config.KnockdOneTimeDoorConfig;
import dev.portknock.examples.config.LauncherConfig;
import dev.portknock.examples.config.LauncherType;
import dev.portknock.examples.config.PadDoorConfig;
import dev.portknock.examples.config.ServerConfig;
import dev.portknock.examples.config.StateLocation;
import dev.portknock.pad.DoorPad;
import dev.portknock.pad.MissingStateException;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadClaim;
import dev.portknock.pad.PadId;
import dev.portknock.pad.Side;
import dev.portknock.runtime.AddressFamilyLauncher;
import dev.portknock.runtime.CaptureSettings;
import dev.portknock.runtime.HoleJournal;
import dev.portknock.runtime.KnockListener;
import dev.portknock.runtime.KnockServer;
import dev.portknock.runtime.OpenService;
import dev.portknock.runtime.ServerDoor;
import dev.portknock.spi.CaptureProvider;
import dev.portknock.spi.CaptureStatistics;
import dev.portknock.spi.Launcher;
import dev.portknock.spi.LauncherProvider;
import dev.portknock.spi.ProviderNotFoundException;
import dev.portknock.spi.ProviderRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The servers a configuration describes: one {@link KnockServer} per distinct capture (doors
 * watched the same way share a capture source), with their pads, state stores and launchers.
 * Every problem found while opening what the file names is a {@link ConfigException} at the
 * door's section, so the operator gets the file and line. Closing stops the servers (and with
 * them every service they opened), releases the launchers and closes the state databases' pools.
 * What a door is made of (its verifier, the restriction to its services, the refresh of a shared
 * store, the capture over its ports) is the library's {@link ServerDoor} and {@link KnockServer};
 * this class only maps the file to their builders. Each door's pad is claimed on the host
 * ({@link PadClaims}, in {@code [options] LockDir}) while the servers run, and a door whose server
 * state is missing is refused with the commands that recover it safely: the state is never made
 * up (a cursor of 0 would accept the knocks used before it was lost).
 */
final class ConfiguredServers implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConfiguredServers.class);
    /** Any IPv6 address: asks {@link Commands} which commands apply to IPv6 knockers. */
    private static final InetAddress AN_IPV6_SOURCE = ipv6Loopback();
    /**
     * The capture option for the kernel buffer, in bytes, of both backends that have one
     * (knock-capture-pcap's PcapOptions, knock-capture-nflog's NflogOptions).
     */
    private static final String BUFFER_SIZE = "buffer_size";
    /** The nflog backend's capture option for its group (knock-capture-nflog's NflogOptions). */
    private static final String NFLOG_GROUP = "group";

    /** One server per distinct capture, in file order. */
    private final Map<CaptureConfig, KnockServer> servers;
    /** Every launcher made, also those of doors a reload replaced: their openings may still need them. */
    private final List<Launcher> launchers;
    private final StateStores stores;
    private final ProviderRegistry<LauncherProvider> launcherProviders;
    private final Clock clock;
    private final Optional<HoleJournal> journal;
    private ServerConfig config;
    private List<String> descriptions;
    private PadClaims claims;
    private boolean closed;

    private ConfiguredServers(ServerConfig config, Map<CaptureConfig, KnockServer> servers, List<Launcher> launchers,
                              List<String> descriptions, StateStores stores,
                              ProviderRegistry<LauncherProvider> launcherProviders, Clock clock,
                              Optional<HoleJournal> journal, PadClaims claims) {
        this.config = config;
        this.servers = new LinkedHashMap<>(servers);
        this.launchers = new ArrayList<>(launchers);
        this.descriptions = List.copyOf(descriptions);
        this.stores = stores;
        this.launcherProviders = launcherProviders;
        this.clock = clock;
        this.journal = journal;
        this.claims = claims;
    }

    /**
     * Opens everything the configuration names (pads, state, launchers, capture sources); starts nothing.
     *
     * @param environment where a database state's credentials are read from
     *     ({@code PORTKNOCK_DB_USER}, {@code PORTKNOCK_DB_PASSWORD})
     * @throws ConfigException naming the door's file and line when something it names cannot be used
     * @throws IllegalArgumentException when the configuration sets no {@code MaxSources} and the
     *     system property {@value SourceLimit#PROPERTY} is not a valid one, or likewise no
     *     {@code WarmUpKnocks} and an invalid {@value WarmUpKnocks#PROPERTY}
     */
    static ConfiguredServers assemble(ServerConfig config, ProviderRegistry<CaptureProvider> captures,
                                      ProviderRegistry<LauncherProvider> launcherProviders, Clock clock,
                                      List<KnockListener> listeners, Map<String, String> environment)
            throws ConfigException {
        int maxSources = SourceLimit.of(config.options());
        int warmUpKnocks = WarmUpKnocks.of(config.options());
        LOG.info("tracking at most {} partial knocks (sources per door) per capture", maxSources);
        List<Launcher> launchers = new ArrayList<>();
        Map<CaptureConfig, KnockServer> servers = new LinkedHashMap<>();
        Optional<HoleJournal> journal = holesJournal(config);
        StateStores stores = new StateStores(environment);
        PadClaims claims = new PadClaims(config.options().lockDirectory().orElseGet(PadClaim::defaultLockDirectory));
        try {
            for (Map.Entry<CaptureConfig, List<DoorConfig>> group : byCapture(config).entrySet()) {
                List<ServerDoor> doors = serverDoors(group.getValue(), launcherProviders, clock, launchers, stores,
                        claims, Map.of());
                KnockServer.Builder builder = KnockServer.builder().clock(clock).maxSources(maxSources)
                        .warmUpKnocks(warmUpKnocks);
                journal.ifPresent(builder::holeJournal);
                doors.forEach(builder::door);
                listeners.forEach(builder::listener);
                servers.put(group.getKey(), server(builder, group.getKey(), group.getValue().get(0), captures));
            }
            return new ConfiguredServers(config, servers, launchers, descriptionsOf(config), stores,
                    launcherProviders, clock, journal, claims);
        } catch (ConfigException | RuntimeException e) {
            servers.values().forEach(KnockServer::close);
            launchers.forEach(Launcher::close);
            stores.close();
            claims.close();
            throw e;
        }
    }

    /**
     * The journal {@code [options] HolesJournal} names, read.
     *
     * @throws UncheckedIOException when it cannot be read or is not a journal (naming file and line)
     */
    private static Optional<HoleJournal> holesJournal(ServerConfig config) {
        if (config.options().holesJournal().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(HoleJournal.open(config.options().holesJournal().get()));
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("HolesJournal: " + KnockCli.describe(e), e));
        }
    }

    private static Map<CaptureConfig, List<DoorConfig>> byCapture(ServerConfig config) {
        Map<CaptureConfig, List<DoorConfig>> byCapture = new LinkedHashMap<>();
        for (DoorConfig door : config.doors()) {
            byCapture.computeIfAbsent(door.capture(), c -> new ArrayList<>()).add(door);
        }
        return byCapture;
    }

    private static List<String> descriptionsOf(ServerConfig config) {
        return config.doors().stream().map(ConfiguredServers::describe).toList();
    }

    /**
     * The doors' server doors; a one-time door recognises as revoked the pads that its
     * predecessor of the same name, in {@code previous}, served or recognised and it no longer serves.
     */
    private static List<ServerDoor> serverDoors(List<DoorConfig> doors, ProviderRegistry<LauncherProvider> providers,
                                                Clock clock, List<Launcher> launchers, StateStores stores,
                                                PadClaims claims, Map<String, ServerDoor> previous)
            throws ConfigException {
        List<ServerDoor> serverDoors = new ArrayList<>();
        for (DoorConfig door : doors) {
            serverDoors.add(serverDoor(door, providers, clock, launchers, stores, claims,
                    Optional.ofNullable(previous.get(door.name()))));
        }
        return serverDoors;
    }

    /** The doors served now, by name. */
    private Map<String, ServerDoor> doorsNow() {
        Map<String, ServerDoor> doors = new HashMap<>();
        for (KnockServer server : servers.values()) {
            for (ServerDoor door : server.doors()) {
                doors.put(door.name(), door);
            }
        }
        return doors;
    }

    /**
     * Serves the doors of {@code fresh} instead of the current ones ({@link KnockServer#replaceDoors}):
     * services opened stay open until their time, knocks in progress on doors that stay unchanged
     * go on, cursors carry on from the state stores. A door serves the pads its {@code pad} key
     * names now; the pads it served before and no longer does are recognised as revoked (until the
     * process ends), so their holders' knocks are refused with a line naming the pad. All or nothing: when anything in the new
     * configuration cannot be used, nothing changes and the exception says why. The captures stay
     * as they were started, so every door must be watched the way some door was at start (capture,
     * interface, listen address), on ports that capture delivers, and each capture must keep a
     * door; {@code [options]} are read at start only.
     *
     * @throws ConfigException naming the door's file and line when it cannot be served
     * @throws IllegalStateException when closed
     */
    synchronized void reload(ServerConfig fresh) throws ConfigException {
        if (closed) {
            throw new IllegalStateException("the servers are closed");
        }
        Map<CaptureConfig, List<DoorConfig>> groups = byCapture(fresh);
        for (Map.Entry<CaptureConfig, List<DoorConfig>> group : groups.entrySet()) {
            if (!servers.containsKey(group.getKey())) {
                DoorConfig door = group.getValue().get(0);
                throw new ConfigException(door.location(), "door " + door.name() + ": " + describe(group.getKey())
                        + " is not one the server started with; a new capture, interface or listen address needs "
                        + "a restart");
            }
        }
        for (CaptureConfig capture : servers.keySet()) {
            if (!groups.containsKey(capture)) {
                throw new ConfigException(fresh.doors().get(0).location(), "no door is left on " + describe(capture)
                        + "; removing a capture needs a restart");
            }
        }
        List<Launcher> made = new ArrayList<>();
        // the pads of doors that stay pass to the new claims as they are; a pad a door takes up is claimed anew
        PadClaims next = claims.successor();
        Map<String, ServerDoor> previous = doorsNow();
        try {
            Map<KnockServer, List<ServerDoor>> replacements = new LinkedHashMap<>();
            for (Map.Entry<CaptureConfig, List<DoorConfig>> group : groups.entrySet()) {
                List<ServerDoor> doors = serverDoors(group.getValue(), launcherProviders, clock, made, stores, next,
                        previous);
                KnockServer server = servers.get(group.getKey());
                try {
                    server.checkDoors(doors);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(group.getValue().get(0).location(), e.getMessage());
                }
                replacements.put(server, doors);
            }
            replacements.forEach(KnockServer::replaceDoors);
        } catch (ConfigException | RuntimeException e) {
            made.forEach(Launcher::close);
            next.abandon();
            throw e;
        }
        claims.handOver(next);
        claims = next;
        launchers.addAll(made);
        config = fresh;
        descriptions = descriptionsOf(fresh);
    }

    /** One line per door: name, kind and ports, for the operator. */
    synchronized List<String> descriptions() {
        return descriptions;
    }

    /** The services pending or open on every server, soonest to close first. */
    synchronized List<OpenService> openServices() {
        List<OpenService> all = new ArrayList<>();
        servers.values().forEach(server -> all.addAll(server.openServiceList()));
        all.sort(java.util.Comparator.comparing((OpenService service) -> service.until().orElse(java.time.Instant.MAX)));
        return all;
    }

    /** Closes now the services of {@code source} on every server, or all when empty; how many. */
    synchronized int closeServices(Optional<InetAddress> source) {
        return servers.values().stream().mapToInt(server -> server.closeServices(source)).sum();
    }

    /** The doors every server serves now. */
    synchronized List<ServerDoor> doors() {
        return servers.values().stream().flatMap(server -> server.doors().stream()).toList();
    }

    /** The capture counters of every server, added up. */
    synchronized CaptureStatistics captureStatistics() {
        long delivered = 0;
        long skipped = 0;
        long dropped = 0;
        for (KnockServer server : servers.values()) {
            CaptureStatistics statistics = server.captureStatistics();
            delivered += statistics.delivered();
            skipped += statistics.skipped();
            dropped += statistics.dropped();
        }
        return new CaptureStatistics(delivered, skipped, dropped);
    }

    /** The configuration served now: the one assembled, or the last one reloaded. */
    synchronized ServerConfig config() {
        return config;
    }

    /**
     * Starts every server's capture; when one cannot start, the others are closed again.
     *
     * @throws IOException when a capture cannot start (address in use, permission, missing library)
     */
    void start() throws IOException {
        try {
            for (KnockServer server : servers.values()) {
                server.start();
            }
            journal.ifPresent(ConfiguredServers::reportUnclaimed);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Openings journaled for doors the configuration no longer has: nobody can close them but the operator. */
    private static void reportUnclaimed(HoleJournal holes) {
        for (HoleJournal.Entry entry : holes.unclaimed()) {
            LOG.error("{}: door {} is gone, but its service {} for {} was open at the last stop until {}: close it by "
                    + "hand, then remove its line from the journal", holes.file(), entry.door(), entry.service(),
                    entry.source().getHostAddress(), entry.stopAt());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        servers.values().forEach(KnockServer::close);
        launchers.forEach(Launcher::close);
        stores.close();
        claims.close();
    }

    private static ServerDoor serverDoor(DoorConfig door, ProviderRegistry<LauncherProvider> providers, Clock clock,
                                         List<Launcher> launchers, StateStores stores, PadClaims claims,
                                         Optional<ServerDoor> previous) throws ConfigException {
        if (door instanceof KnockdOneTimeDoorConfig) {
            throw new ConfigException(door.location(), "door " + door.name() + ": knock server does not serve knockd "
                    + "one_time_sequences files; serve the pad itself with scheme = raw (and command_digits = 0)");
        }
        Launcher launcher = launcher(door, providers);
        launchers.add(launcher);
        try {
            if (door instanceof FixedDoorConfig fixed) {
                return ServerDoor.fixed(fixed.door(), launcher, fixed.cmdTimeout());
            }
            return oneTimeDoor((PadDoorConfig) door, launcher, clock, stores, claims, previous);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigException(door.location(), "door " + door.name() + ": " + e.getMessage());
        }
    }

    /**
     * The door over the pads its {@code pad} key names ({@link DoorPads}), each claimed, offering
     * its services through {@code launcher}, recognising as revoked what {@code previous} served
     * or recognised and this door no longer serves.
     */
    private static ServerDoor oneTimeDoor(PadDoorConfig door, Launcher launcher, Clock clock, StateStores stores,
                                          PadClaims claims, Optional<ServerDoor> previous) throws ConfigException {
        List<DoorPad> served = new ArrayList<>();
        Map<PadId, Path> files = new LinkedHashMap<>();
        for (DoorPads.PadFile file : DoorPads.list(door)) {
            Pad pad;
            try {
                pad = Pad.open(file.file());
            } catch (IOException e) {
                throw new ConfigException(door.location(), "door " + door.name() + ": pad: " + KnockCli.describe(e));
            }
            Path first = files.putIfAbsent(pad.id(), file.file());
            if (first != null) {
                throw new ConfigException(door.location(), "door " + door.name() + ": pad files " + first + " and "
                        + file.file() + " hold the same pad " + pad.id());
            }
            claims.claim(door, pad);
            served.add(new DoorPad(pad, file.label(), file.services()));
        }
        try {
            ServerDoor.Builder builder = ServerDoor.oneTime(door.door(), stores.open(door))
                    .doorPads(served).clock(clock)
                    .failureLimit(door.failureThrottle().limit())
                    .failureInterval(door.failureThrottle().interval())
                    .lowWater(door.lowWater())
                    .defaultDuration(door.defaultDuration())
                    .maxDuration(door.maxDuration())
                    .defaultService(door.services().get(0));
            for (int service : door.services()) {
                builder.service(service, launcher);
            }
            previous.ifPresent(builder::replacing);
            return builder.build();
        } catch (MissingStateException e) {
            PadId missing = e.padId().orElse(served.get(0).pad().id());
            throw new ConfigException(door.location(), "door " + door.name() + ": "
                    + missingState(door, missing, files.get(missing)));
        } catch (IOException e) {
            throw new ConfigException(door.location(), "door " + door.name() + ": state: " + KnockCli.describe(e));
        }
    }

    /** A missing server state, with the commands that recover it when the state is a directory. */
    private static String missingState(PadDoorConfig door, PadId padId, Path padFile) {
        if (door.state() instanceof StateLocation.File file) {
            return StateDirectory.missingServerState(padId, padFile, file.path());
        }
        return MissingStateException.forPad(padId, Side.SERVER).getMessage();
    }

    private static Launcher launcher(DoorConfig door, ProviderRegistry<LauncherProvider> providers)
            throws ConfigException {
        try {
            LauncherConfig config = door.launcher();
            LauncherProvider provider = providers.get(config.type().id());
            if (config.type().equals(LauncherType.PROCESS)) {
                return processLauncher(door.commands(), door.kind(), config.options(), provider);
            }
            Map<String, String> settings = config.type().equals(LauncherType.NFTABLES)
                    ? LauncherSettings.nftables(config) : Map.of();
            return create(provider, settings, config.options());
        } catch (IOException | IllegalArgumentException | ProviderNotFoundException e) {
            throw new ConfigException(door.location(), "door " + door.name() + ": " + KnockCli.describe(e));
        }
    }

    /**
     * knockd's commands: the IPv4 pair, and the IPv6 pair when the door has its own; the door's
     * {@code launcher_option.*} go to both.
     */
    private static Launcher processLauncher(Commands commands, DoorKind kind, Map<String, String> options,
                                            LauncherProvider provider) throws IOException {
        String start = commands.start().orElseThrow(() -> new IllegalArgumentException("no start command"));
        Launcher ipv4 = create(provider, LauncherSettings.process(start, commands.stop(), kind), options);
        if (commands.start6().isEmpty() && commands.stop6().isEmpty()) {
            return ipv4;
        }
        Optional<String> start6 = commands.startFor(AN_IPV6_SOURCE);
        Optional<Launcher> ipv6 = Optional.empty();
        if (start6.isPresent()) {
            ipv6 = Optional.of(create(provider,
                    LauncherSettings.process(start6.get(), commands.stopFor(AN_IPV6_SOURCE), kind), options));
        }
        return new AddressFamilyLauncher(ipv4, ipv6);
    }

    /** A launcher of the door's settings and its {@code launcher_option.*} passed through. */
    private static Launcher create(LauncherProvider provider, Map<String, String> settings,
                                   Map<String, String> options) throws IOException {
        return provider.create(BackendOptions.merge(settings, options, LauncherConfig.OPTION_PREFIX));
    }

    /** The server of one capture's doors, its capture opened by provider id over their ports. */
    private static KnockServer server(KnockServer.Builder builder, CaptureConfig config, DoorConfig firstDoor,
                                      ProviderRegistry<CaptureProvider> captures) throws ConfigException {
        Map<String, String> options = new HashMap<>();
        config.bufferSize().ifPresent(bytes -> options.put(BUFFER_SIZE, Integer.toString(bytes)));
        config.nflogGroup().ifPresent(group -> options.put(NFLOG_GROUP, Integer.toString(group)));
        try {
            CaptureSettings settings = new CaptureSettings(config.type().id(), config.networkInterface(),
                    config.listen(), Optional.empty(),
                    BackendOptions.merge(options, config.options(), CaptureConfig.OPTION_PREFIX));
            return builder.capture(captures, settings).build();
        } catch (UncheckedIOException | IllegalArgumentException | ProviderNotFoundException e) {
            throw new ConfigException(firstDoor.location(), "door " + firstDoor.name() + ": capture "
                    + config.type().id() + ": " + KnockCli.describe(e));
        }
    }

    /** "capture pcap on interface eth0", "capture udp-socket on address 127.0.0.1". */
    private static String describe(CaptureConfig capture) {
        return "capture " + capture.type().id() + capture.networkInterface().map(name -> " on interface " + name)
                .orElse("") + capture.listen().map(address -> " on address " + address.getHostAddress()).orElse("");
    }

    private static String describe(DoorConfig door) {
        String ports;
        if (door instanceof FixedDoorConfig fixed) {
            ports = "sequence " + fixed.door().sequence();
        } else if (door instanceof PadDoorConfig padDoor) {
            var profile = padDoor.door().profile();
            ports = "ports " + profile.base() + ".." + profile.lastPort() + "/" + profile.transport().keyword()
                    + ", services " + padDoor.services();
        } else {
            ports = "";
        }
        return door.name() + " (" + door.kind().keyword() + ", " + ports + ", capture " + door.capture().type().id()
                + ", launcher " + door.launcher().type().id() + ")";
    }

    private static InetAddress ipv6Loopback() {
        try {
            return InetAddress.getByAddress("::1", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }
}
