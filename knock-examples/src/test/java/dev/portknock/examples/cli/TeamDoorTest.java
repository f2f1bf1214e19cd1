package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.PacketEvent;
import dev.portknock.core.Profile;
import dev.portknock.examples.config.ConfigException;
import dev.portknock.examples.config.ServerConfig;
import dev.portknock.pad.InMemoryPadStateStore;
import dev.portknock.pad.IssuedKnock;
import dev.portknock.pad.KnockIssuer;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadId;
import dev.portknock.runtime.KnockEvent;
import dev.portknock.runtime.OpenService;
import dev.portknock.spi.ProviderRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team's door: one door serving a directory of labelled pads, each limited to some of the door's
 * services, and a reload that adds and revokes pads while holes, their timers and knocks in
 * progress carry on. A recording capture stands in for libpcap; the tests feed it packets.
 */
class TeamDoorTest {
    private static final int BASE = 40_000;
    private static final Profile PROFILE = Profile.builder().base(BASE).digitBits(9).tagDigits(7).build();
    private static final InetAddress SERVER = address("192.0.2.1");
    private static final InetAddress ALICE = address("192.0.2.7");
    private static final InetAddress BOB = address("192.0.2.8");
    private static final InetAddress CAROL = address("192.0.2.9");

    @TempDir
    Path dir;
    private Path team;
    private Path config;
    private final RecordingCapture pcap = new RecordingCapture("pcap");
    private final List<KnockEvent> events = new CopyOnWriteArrayList<>();
    private final Map<String, KnockIssuer> clients = new HashMap<>();
    /** The profile the clients knock with: the door's. */
    private Profile profile = PROFILE;

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void aTeamOfThree() throws IOException {
        team = Files.createDirectory(dir.resolve("team"));
        Files.createDirectory(dir.resolve("state"));
        generate("alice", "label = alice-laptop\nservices = 22\n");
        generate("bob", "# bob's phone may reach ssh and the web\nlabel = bob-phone\nservices = 22, 443\n");
        generate("carol", "services = 443\n");
        config = door("pad = team\n");
    }

    /** A pad in the team directory with its server state, and a side file unless it is null. */
    private void generate(String name, String sideFile) throws IOException {
        Path pad = team.resolve(name + ".pad");
        Cli.Result generated = Cli.run("pad", "generate", "--out", pad.toString(), "--knocks", "10", "--bits", "9",
                "--tag-digits", "7", "--state", dir.resolve("state").toString());
        assertEquals(KnockCli.OK, generated.status(), generated.err());
        if (sideFile != null) {
            Files.writeString(team.resolve(name + ".pad.conf"), sideFile);
        }
        client(name);
    }

    /** The door [team] on line 1, its {@code extra} keys from line 2. */
    private Path door(String extra) throws IOException {
        return Files.writeString(dir.resolve("doors.conf"), "[team]\n" + extra + "state = state\nbase_port = " + BASE
                + "\ndigit_bits = 9\ntag_digits = 7\nservices = 22, 443\nstart_command = /bin/true\nstop_command = /bin/true\n"
                + "[options]\nLockDir = locks\n");
    }

    private ConfiguredServers assemble() throws IOException, ConfigException {
        return ConfiguredServers.assemble(ServerConfig.load(config), ProviderRegistry.ofCaptureProviders(List.of(pcap)),
                ProviderRegistry.discoverLauncherProviders(), Clock.systemUTC(), List.of(events::add), Map.of());
    }

    private String assemblyError() {
        return assertThrows(ConfigException.class, this::assemble).getMessage();
    }

    private IssuedKnock knock(String name, InetAddress from, int service, int seconds) throws IOException {
        return client(name).issue(new int[] {service, seconds, 0}, Optional.of(from));
    }

    /** The holder of the pad {@code name}, made at its first knock; its cursor is kept across knocks. */
    private KnockIssuer client(String name) throws IOException {
        KnockIssuer client = clients.get(name);
        if (client == null) {
            client = new KnockIssuer(profile, Pad.open(team.resolve(name + ".pad")), new InMemoryPadStateStore(),
                    Clock.systemUTC());
            clients.put(name, client);
        }
        return client;
    }

    private void send(IssuedKnock knock, InetAddress from, int fromPacket, int toPacket) {
        int[] ports = knock.ports();
        for (int i = fromPacket; i < toPacket; i++) {
            pcap.source.sink.accept(PacketEvent.udp(Instant.now(), from, SERVER, ports[i]));
        }
    }

    /** Sends the holder's next knock and returns the server's verdict on it. */
    private KnockEvent knockAndWait(String name, InetAddress from, int service) throws Exception {
        int before = outcomes().size();
        IssuedKnock knock = knock(name, from, service, 0);
        send(knock, from, 0, knock.ports().length);
        return awaitOutcome(before);
    }

    private KnockEvent awaitOutcome(int before) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (outcomes().size() <= before && Instant.now().isBefore(deadline)) {
            Thread.sleep(5);
        }
        assertTrue(outcomes().size() > before, events::toString);
        return outcomes().get(before);
    }

    private List<KnockEvent> outcomes() {
        return events.stream().filter(e -> e instanceof KnockEvent.Accepted || e instanceof KnockEvent.Rejected
                || e instanceof KnockEvent.Revoked || e instanceof KnockEvent.Throttled).toList();
    }

    private <T extends KnockEvent> T await(Class<T> type) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            Optional<T> found = events.stream().filter(type::isInstance).map(type::cast).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + events);
    }

    private static String acceptedFor(KnockEvent outcome) {
        return assertInstanceOfAccepted(outcome).label().orElseThrow();
    }

    private static KnockEvent.Accepted assertInstanceOfAccepted(KnockEvent outcome) {
        assertTrue(outcome instanceof KnockEvent.Accepted, () -> "not accepted: " + outcome);
        return (KnockEvent.Accepted) outcome;
    }

    private static KnockEvent notAllowed(InetAddress from) {
        return new KnockEvent.Rejected("team", from, KnockEvent.RejectReason.COMMAND_NOT_ALLOWED);
    }

    private PadId idOf(String name) throws IOException {
        return Pad.open(team.resolve(name + ".pad")).id();
    }

    @Test
    void eachPadOpensTheServicesItMayAndIsRefusedTheOthers() throws Exception {
        try (ConfiguredServers servers = assemble()) {
            servers.start();
            assertEquals("alice-laptop", acceptedFor(knockAndWait("alice", ALICE, 22)));
            assertEquals(notAllowed(ALICE), knockAndWait("alice", ALICE, 443));
            assertEquals("bob-phone", acceptedFor(knockAndWait("bob", BOB, 22)));
            assertEquals("bob-phone", acceptedFor(knockAndWait("bob", BOB, 443)));
            assertEquals("carol", acceptedFor(knockAndWait("carol", CAROL, 443)));
            assertEquals(notAllowed(CAROL), knockAndWait("carol", CAROL, 22));
        }
    }

    @Test
    void aReloadRevokesARemovedPadAddsANewOneAndKeepsHolesTimersAndKnocksInProgress() throws Exception {
        try (ConfiguredServers servers = assemble()) {
            servers.start();
            IssuedKnock alices = knock("alice", ALICE, 22, 2);
            send(alices, ALICE, 0, alices.ports().length);
            KnockEvent.Opened opened = await(KnockEvent.Opened.class);
            IssuedKnock carols = knock("carol", CAROL, 443, 0);
            send(carols, CAROL, 0, 2);

            Files.delete(team.resolve("bob.pad"));
            Files.delete(team.resolve("bob.pad.conf"));
            generate("dave", null);
            servers.reload(ServerConfig.load(config));

            assertEquals(List.of(new OpenService("team", 22, ALICE, Optional.of(opened.until()), true)),
                    servers.openServices(), "alice's hole stays open until its time");
            int before = outcomes().size();
            send(carols, CAROL, 2, carols.ports().length);
            assertEquals("carol", acceptedFor(awaitOutcome(before)), "carol's knock in progress completes");
            assertEquals(new KnockEvent.Revoked("team", BOB, client("bob").status().padId(), "bob-phone"),
                    knockAndWait("bob", BOB, 22));
            assertEquals("dave", acceptedFor(knockAndWait("dave", address("192.0.2.10"), 443)));
            KnockEvent.Closed closed = await(KnockEvent.Closed.class);
            assertEquals(new KnockEvent.Closed("team", 22, ALICE), closed, "alice's hole closes on its old timer");
        }
    }

    @Test
    void aRevokedPadStaysRevokedOverTheNextReload() throws Exception {
        try (ConfiguredServers servers = assemble()) {
            servers.start();
            Files.delete(team.resolve("bob.pad"));
            servers.reload(ServerConfig.load(config));
            servers.reload(ServerConfig.load(config));
            assertEquals(new KnockEvent.Revoked("team", BOB, client("bob").status().padId(), "bob-phone"),
                    knockAndWait("bob", BOB, 22));
        }
    }

    @Test
    void aRevokedPadPutBackIsServedAgainFromItsCursor() throws Exception {
        try (ConfiguredServers servers = assemble()) {
            servers.start();
            assertEquals("bob-phone", acceptedFor(knockAndWait("bob", BOB, 22)));
            Files.move(team.resolve("bob.pad"), dir.resolve("bob.pad"));
            servers.reload(ServerConfig.load(config));
            assertEquals(KnockEvent.Revoked.class, knockAndWait("bob", BOB, 22).getClass());
            Files.move(dir.resolve("bob.pad"), team.resolve("bob.pad"));
            servers.reload(ServerConfig.load(config));
            KnockEvent.Accepted accepted = assertInstanceOfAccepted(knockAndWait("bob", BOB, 22));
            assertEquals(Optional.of("bob-phone"), accepted.label());
            assertEquals(2, accepted.knockIndex(), "the revoked knock consumed nothing; the window took the next");
        }
    }

    @Test
    void aReloadThatFailsKeepsTheDoorsItHadAndSaysWhy() throws Exception {
        try (ConfiguredServers servers = assemble()) {
            servers.start();
            Files.writeString(team.resolve("bob.pad.conf"), "label = bob-phone\nservice = 22\n");
            Files.delete(team.resolve("carol.pad"));
            ConfigException e = assertThrows(ConfigException.class, () -> servers.reload(ServerConfig.load(config)));
            assertEquals(team.resolve("bob.pad.conf") + ":2: unknown key 'service' in a pad's side file; expected label"
                    + " or services", e.getMessage());
            assertEquals("bob-phone", acceptedFor(knockAndWait("bob", BOB, 443)), "bob keeps his services");
            assertEquals("carol", acceptedFor(knockAndWait("carol", CAROL, 443)), "carol is not revoked");
        }
    }

    @Test
    void aReloadFindingThePadDirectoryEmptyKeepsTheDoorsItHad() throws Exception {
        try (ConfiguredServers servers = assemble()) {
            servers.start();
            for (String name : List.of("alice", "bob", "carol")) {
                Files.move(team.resolve(name + ".pad"), dir.resolve(name + ".pad"));
            }
            ConfigException e = assertThrows(ConfigException.class, () -> servers.reload(ServerConfig.load(config)));
            assertEquals(config + ":1: door team: pad directory " + team + " holds no *.pad file", e.getMessage());
            assertEquals("alice-laptop", acceptedFor(knockAndWait("alice", ALICE, 22)));
        }
    }

    @Test
    void padTakesCommaSeparatedFilesLabelledByTheirNames() throws Exception {
        Files.delete(team.resolve("carol.pad.conf"));
        config = door("pad = team/carol.pad, team/alice.pad\n");
        try (ConfiguredServers servers = assemble()) {
            servers.start();
            assertEquals("carol", acceptedFor(knockAndWait("carol", CAROL, 22)), "no side file: the door's services");
            assertEquals(notAllowed(ALICE), knockAndWait("alice", ALICE, 443));
            // bob's pad is not listed: his knock is garbage to the door (refused before or on its tags)
            assertEquals(KnockEvent.Rejected.class, knockAndWait("bob", BOB, 22).getClass());
        }
    }

    @Test
    void aDoorWithTwoHintDigitsServesItsTeamAndRevokes() throws Exception {
        config = door("pad = team\nhint_digits = 2\n");
        profile = Profile.builder().base(BASE).digitBits(9).tagDigits(7).hintDigits(2).build();
        clients.clear();
        try (ConfiguredServers servers = assemble()) {
            servers.start();
            assertEquals("alice-laptop", acceptedFor(knockAndWait("alice", ALICE, 22)));
            assertEquals(notAllowed(CAROL), knockAndWait("carol", CAROL, 22));
            client("bob"); // before the pad file goes
            Files.delete(team.resolve("bob.pad"));
            servers.reload(ServerConfig.load(config));
            assertEquals(new KnockEvent.Revoked("team", BOB, client("bob").status().padId(), "bob-phone"),
                    knockAndWait("bob", BOB, 443));
        }
    }

    @Test
    void aSideFilesServicesOnADoorWithoutCommandDigitsAreItsOneService() throws Exception {
        config = Files.writeString(dir.resolve("doors.conf"), "[team]\npad = team\nstate = state\nbase_port = " + BASE
                + "\ndigit_bits = 9\ncommand_digits = 0\ntag_digits = 8\nservices = 443\nstart_command = /bin/true\n"
                + "[options]\nLockDir = locks\n");
        Files.writeString(team.resolve("alice.pad.conf"), "label = alice-laptop\nservices = 443\n");
        Files.delete(team.resolve("bob.pad.conf"));
        Files.delete(team.resolve("carol.pad.conf"));
        KnockIssuer alice = new KnockIssuer(Profile.builder().base(BASE).digitBits(9).commandDigits(0).tagDigits(8)
                .build(), Pad.open(team.resolve("alice.pad")), new InMemoryPadStateStore(), Clock.systemUTC());
        try (ConfiguredServers servers = assemble()) {
            servers.start();
            IssuedKnock knock = alice.issue(new int[0], Optional.of(ALICE));
            send(knock, ALICE, 0, knock.ports().length);
            assertEquals("alice-laptop", acceptedFor(awaitOutcome(0)));
        }
    }

    @Test
    void lowWaterIsTheDoorsLowWaterMark() throws Exception {
        config = door("pad = team\nlow_water = 9\n");
        try (ConfiguredServers servers = assemble()) {
            servers.start();
            // ten knocks: the first leaves 9, not below 9; the second leaves 8
            assertEquals(false, assertInstanceOfAccepted(knockAndWait("alice", ALICE, 22)).lowWater());
            assertEquals(true, assertInstanceOfAccepted(knockAndWait("alice", ALICE, 22)).lowWater());
        }
    }

    @Test
    void withoutLowWaterAPadOfTenKnocksIsLowFromTheStart() throws Exception {
        try (ConfiguredServers servers = assemble()) {
            servers.start();
            assertEquals(true, assertInstanceOfAccepted(knockAndWait("alice", ALICE, 22)).lowWater());
        }
    }

    @Test
    void aMissingPadFileIsRefusedNamingIt() throws IOException {
        config = door("pad = team/alice.pad, team/erin.pad\n");
        assertEquals(config + ":1: door team: pad: no such file: " + team.resolve("erin.pad"), assemblyError());
    }

    @Test
    void anEmptyPadDirectoryIsRefused() throws IOException {
        Files.createDirectory(dir.resolve("empty"));
        Files.writeString(dir.resolve("empty").resolve("notes.txt"), "no pads here\n");
        config = door("pad = empty\n");
        assertEquals(config + ":1: door team: pad directory " + dir.resolve("empty") + " holds no *.pad file",
                assemblyError());
    }

    @Test
    void twoPadsWithOneLabelAreRefused() throws IOException {
        Files.writeString(team.resolve("carol.pad.conf"), "label = alice-laptop\n");
        assertEquals(config + ":1: door team: label alice-laptop is given to two pads, " + team.resolve("alice.pad")
                + " and " + team.resolve("carol.pad"), assemblyError());
    }

    @Test
    void aPadFileNamedTwiceIsRefused() throws IOException {
        config = door("pad = team, team/bob.pad\n");
        assertEquals(config + ":1: door team: pad file " + team.resolve("bob.pad") + " is named twice",
                assemblyError());
    }

    @Test
    void twoFilesHoldingOnePadAreRefused() throws IOException {
        Files.copy(team.resolve("bob.pad"), dir.resolve("copy.pad"));
        config = door("pad = team/bob.pad, copy.pad\n");
        assertEquals(config + ":1: door team: pad files " + team.resolve("bob.pad") + " and " + dir.resolve("copy.pad")
                + " hold the same pad " + idOf("bob"), assemblyError());
    }

    @Test
    void aServiceTheDoorDoesNotOfferIsRefusedAtTheSideFilesLine() throws IOException {
        Files.writeString(team.resolve("carol.pad.conf"), "label = carol\nservices = 443, 80\n");
        assertEquals(team.resolve("carol.pad.conf") + ":2: service 80 is not one of door team's services [22, 443]",
                assemblyError());
    }

    @Test
    void aServiceGivenTwiceIsRefusedAtTheSideFilesLine() throws IOException {
        Files.writeString(team.resolve("carol.pad.conf"), "services = 443,443\n");
        assertEquals(team.resolve("carol.pad.conf") + ":1: duplicate service 443 in 'services'", assemblyError());
    }

    @Test
    void aBadServiceNumberIsRefusedAtTheSideFilesLine() throws IOException {
        Files.writeString(team.resolve("carol.pad.conf"), "\n\nservices = https\n");
        assertEquals(team.resolve("carol.pad.conf") + ":3: bad number 'https' in 'services'", assemblyError());
    }

    @Test
    void aBadLabelIsRefusedAtTheSideFilesLine() throws IOException {
        Files.writeString(team.resolve("carol.pad.conf"), "label = carol's laptop\n");
        assertEquals(team.resolve("carol.pad.conf") + ":1: label must be 1 to 64 letters, digits and . _ @ + -"
                + " starting with a letter or digit: 'carol's laptop'", assemblyError());
    }

    @Test
    void aPadFileWhoseNameIsNoLabelNeedsOneInItsSideFile() throws IOException {
        Files.move(team.resolve("carol.pad"), team.resolve("carol smith.pad"));
        Files.delete(team.resolve("carol.pad.conf"));
        assertEquals(config + ":1: door team: pad file " + team.resolve("carol smith.pad") + " needs a label in "
                + team.resolve("carol smith.pad.conf") + ": its name will not do: label must be 1 to 64 letters,"
                + " digits and . _ @ + - starting with a letter or digit: 'carol smith'", assemblyError());
    }

    @Test
    void aKeyGivenTwiceInASideFileIsRefused() throws IOException {
        Files.writeString(team.resolve("carol.pad.conf"), "label = carol\nLabel = caroline\n");
        assertEquals(team.resolve("carol.pad.conf") + ":2: duplicate key 'Label', first set at line 1",
                assemblyError());
    }

    @Test
    void aSideFileLineWithoutEqualsIsRefused() throws IOException {
        Files.writeString(team.resolve("carol.pad.conf"), "label carol\n");
        assertEquals(team.resolve("carol.pad.conf") + ":1: expected 'key = value', found 'label carol'",
                assemblyError());
    }

    @Test
    void anEmptyLabelIsRefused() throws IOException {
        Files.writeString(team.resolve("carol.pad.conf"), "label =\n");
        assertEquals(team.resolve("carol.pad.conf") + ":1: empty value for 'label'", assemblyError());
    }

    @Test
    void aSideFileOfBinaryGarbageIsRefused() throws IOException {
        Files.write(team.resolve("carol.pad.conf"), new byte[] {'l', 'a', 0, (byte) 0xff, 0x01, '\n'});
        assertEquals(team.resolve("carol.pad.conf") + ":1: line is not utf-8 text (binary data?)", assemblyError());
    }

    @Test
    void aTruncatedSideFileIsReadAsFarAsItGoes() throws Exception {
        Files.writeString(team.resolve("carol.pad.conf"), "label = caro");
        try (ConfiguredServers servers = assemble()) {
            servers.start();
            assertEquals("caro", acceptedFor(knockAndWait("carol", CAROL, 443)));
        }
    }

    @Test
    void anOversizedSideFileIsRefused() throws IOException {
        Files.writeString(team.resolve("carol.pad.conf"), "# padding\n".repeat(110_000));
        assertEquals(team.resolve("carol.pad.conf") + ":104858: configuration is larger than 1048576 bytes",
                assemblyError());
    }

    @Test
    void aPadWithoutServerStateIsRefusedNamingItsFile() throws Exception {
        Path lone = dir.resolve("lone.pad");
        assertEquals(KnockCli.OK, Cli.run("pad", "generate", "--out", lone.toString(), "--knocks", "10", "--bits",
                "9", "--tag-digits", "7").status());
        config = door("pad = team/alice.pad, lone.pad\n");
        String message = assemblyError();
        assertTrue(message.startsWith(config + ":1: door team: pad " + Pad.open(lone).id() + " has no server state in "
                + dir.resolve("state") + ": for a new pad run `knock pad init --pad " + lone + " --state "
                + dir.resolve("state") + "`"), message);
    }
}
