package dev.portknock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.core.CommandSchema;
import dev.portknock.core.FixedDoor;
import dev.portknock.core.FixedSequence;
import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.Profile;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.pad.DoorPad;
import dev.portknock.pad.InMemoryPadStateStore;
import dev.portknock.pad.KnockIssuer;
import dev.portknock.pad.MissingStateException;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadId;
import dev.portknock.pad.PadState;
import dev.portknock.pad.PadStateStore;
import dev.portknock.pad.Side;
import dev.portknock.pad.Verification;
import dev.portknock.testkit.RecordingLauncher;
import dev.portknock.testkit.TestClock;
import dev.portknock.testkit.TestPads;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-time door builds its own verifier from its pads, store and services: the command
 * restriction follows from the services offered; each option, and each service number, is taken once.
 */
class ServerDoorBuilderTest {
    private static final Verification NOT_ALLOWED = new Verification.Rejected(Verification.Reason.COMMAND_NOT_ALLOWED);

    @TempDir
    Path directory;

    private final Profile profile = Profile.defaults();
    private final TestClock clock = TestClock.at(Instant.EPOCH);
    private final RecordingLauncher launcher = new RecordingLauncher(clock);
    private final InetAddress client = address("192.0.2.7");
    private Pad pad;
    private ServerDoor.Builder builder;

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void startABuilder() throws IOException {
        pad = TestPads.seeded(directory, "door", profile, 10);
        builder = ServerDoor.oneTime(new OneTimeDoor("ssh", profile), InMemoryPadStateStore.withFreshServerStates(pad));
    }

    private int[] knock(Profile knockProfile, Pad knockPad, int... command) throws IOException {
        return new KnockIssuer(knockProfile, knockPad, new InMemoryPadStateStore(), clock)
                .issue(command, Optional.of(client)).digits();
    }

    @Test
    void aKnockForAServiceTheDoorOffersIsAccepted() throws IOException {
        ServerDoor door = builder.pads(pad).service(22, launcher).build();

        assertInstanceOf(Verification.Accepted.class, door.verifier().orElseThrow().verify(knock(profile, pad, 22, 60, 0),
                client));
    }

    @Test
    void aKnockForAServiceTheDoorDoesNotOfferIsRefusedBeforeItsTags() throws IOException {
        ServerDoor door = builder.pads(pad).service(22, launcher).service(443, launcher).build();

        assertEquals(NOT_ALLOWED, door.verifier().orElseThrow().verify(knock(profile, pad, 80, 60, 0), client));
    }

    @Test
    void theRestrictionFollowsTheServiceDigitWhereverTheSchemaPutsIt() throws IOException {
        ServerDoor door = builder.pads(pad).schema(CommandSchema.of("duration", "service", "delay"))
                .service(22, launcher).build();

        assertEquals(NOT_ALLOWED, door.verifier().orElseThrow().verify(knock(profile, pad, 60, 80, 0), client));
    }

    @Test
    void aPadsOwnServicesMustBeAmongTheDoors() {
        builder.doorPads(List.of(new DoorPad(pad, "alice", List.of(80)))).service(22, launcher);

        assertEquals("pad alice: service 80 is not one the door allows [22]",
                assertThrows(IllegalArgumentException.class, builder::build).getMessage());
    }

    @Test
    void aPadIsRefusedAServiceTheDoorOffersButThePadMayNotAsk() throws IOException {
        ServerDoor door = builder.doorPads(List.of(new DoorPad(pad, "alice", List.of(22))))
                .service(22, launcher).service(443, launcher).build();

        assertEquals(NOT_ALLOWED, door.verifier().orElseThrow().verify(knock(profile, pad, 443, 60, 0), client));
    }

    @Test
    void aPadsOwnServicesNeedAServiceDigitInTheSchema() {
        builder.doorPads(List.of(new DoorPad(pad, "alice", List.of(22)))).schema(CommandSchema.of("a", "b", "c"))
                .service(22, launcher).defaultService(22);

        assertEquals("pad alice: services need a service digit in door ssh's command schema",
                assertThrows(IllegalArgumentException.class, builder::build).getMessage());
    }

    @Test
    void aDoorWithoutCommandDigitsIgnoresAPadsOwnServices() throws IOException {
        Profile noCommand = profile.toBuilder().commandDigits(0).build();
        Pad plain = TestPads.seeded(directory, "plain", noCommand, 10);
        ServerDoor door = ServerDoor.oneTime(new OneTimeDoor("ssh", noCommand),
                        InMemoryPadStateStore.withFreshServerStates(plain))
                .doorPads(List.of(new DoorPad(plain, "alice", List.of(80)))).service(0, launcher).build();

        assertInstanceOf(Verification.Accepted.class, door.verifier().orElseThrow().verify(knock(noCommand, plain),
                client));
    }

    @Test
    void theDefaultSchemaFollowsTheProfilesCommandDigits() throws IOException {
        Profile twoDigits = profile.toBuilder().commandDigits(2).build();
        Pad two = TestPads.seeded(directory, "two", twoDigits, 10);
        ServerDoor door = ServerDoor.oneTime(new OneTimeDoor("ssh", twoDigits),
                InMemoryPadStateStore.withFreshServerStates(two)).pads(two).service(22, launcher).build();

        assertEquals(new ServerDoor.LaunchPlan(22, Duration.ofSeconds(60), Duration.ZERO),
                door.plan(new int[] {22, 60}));
    }

    @Test
    void aDoorWithoutAServiceDigitMustOfferItsDefaultService() throws IOException {
        Profile noCommand = profile.toBuilder().commandDigits(0).build();
        Pad plain = TestPads.seeded(directory, "plain", noCommand, 10);
        ServerDoor.Builder elsewhere = ServerDoor.oneTime(new OneTimeDoor("ssh", noCommand),
                InMemoryPadStateStore.withFreshServerStates(plain)).pads(plain).service(22, launcher);

        assertEquals("door ssh has no service digit and does not offer its default service 0",
                assertThrows(IllegalArgumentException.class, elsewhere::build).getMessage());
    }

    @Test
    void aSchemaOfAnotherSizeThanTheProfilesCommandDigitsIsRefused() {
        builder.pads(pad).schema(CommandSchema.of("service")).service(22, launcher);

        assertEquals("command schema has 1 digits but door ssh has 3",
                assertThrows(IllegalArgumentException.class, builder::build).getMessage());
    }

    @Test
    void aDoorWithoutServicesIsRefused() {
        builder.pads(pad);

        assertEquals("door ssh offers no service", assertThrows(IllegalStateException.class, builder::build)
                .getMessage());
    }

    @Test
    void aDoorWithoutPadsIsRefused() {
        builder.service(22, launcher);

        assertEquals("no pads were given", assertThrows(IllegalStateException.class, builder::build).getMessage());
    }

    @Test
    void aPadWithoutServerStateIsRefusedNotMadeUp() throws IOException {
        Pad stateless = TestPads.seeded(directory, "stateless", profile, 10);
        ServerDoor.Builder lost = ServerDoor.oneTime(new OneTimeDoor("ssh", profile), new InMemoryPadStateStore())
                .pads(stateless).service(22, launcher);

        assertEquals(MissingStateException.forPad(stateless.id(), Side.SERVER).getMessage(),
                assertThrows(MissingStateException.class, lost::build).getMessage());
    }

    @Test
    void aDoorReplacingAnotherRecognisesThePadsItNoLongerServesAsRevoked() throws IOException {
        Pad bob = TestPads.seeded(directory, "bob", profile, 10);
        InMemoryPadStateStore store = InMemoryPadStateStore.withFreshServerStates(pad, bob);
        ServerDoor before = ServerDoor.oneTime(new OneTimeDoor("ssh", profile), store)
                .doorPads(List.of(new DoorPad(pad, "alice", List.of()), new DoorPad(bob, "bob", List.of())))
                .service(22, launcher).build();

        ServerDoor after = ServerDoor.oneTime(new OneTimeDoor("ssh", profile), store)
                .doorPads(List.of(new DoorPad(pad, "alice", List.of()))).replacing(before).service(22, launcher).build();

        assertEquals(new Verification.Revoked(bob.id(), "bob"),
                after.verifier().orElseThrow().verify(knock(profile, bob, 22, 60, 0), client));
        assertInstanceOf(Verification.Accepted.class,
                after.verifier().orElseThrow().verify(knock(profile, pad, 22, 60, 0), client));
    }

    @Test
    void aDoorReplacingAFixedDoorRecognisesNothingAsRevoked() throws IOException {
        ServerDoor fixed = ServerDoor.fixed(new FixedDoor("ssh", FixedSequence.parse("7000:udp,8000:udp"),
                Duration.ofSeconds(5), TcpFlagFilter.SYN_ONLY), launcher, Duration.ofSeconds(10));

        ServerDoor door = builder.pads(pad).replacing(fixed).service(22, launcher).build();

        assertEquals(List.of(), door.verifier().orElseThrow().asRevoked().stream()
                .filter(revoked -> !revoked.pad().id().equals(pad.id())).toList());
    }

    @Test
    void theReplacedDoorIsSetOnce() throws IOException {
        ServerDoor before = ServerDoor.oneTime(new OneTimeDoor("ssh", profile),
                InMemoryPadStateStore.withFreshServerStates(pad)).pads(pad).service(22, launcher).build();
        builder.replacing(before);

        assertEquals("replaced door already set to door ssh", assertThrows(IllegalStateException.class,
                () -> builder.replacing(before)).getMessage());
    }

    @Test
    void aDoorIsBuiltOnce() throws IOException {
        builder.pads(pad).service(22, launcher).build();

        assertEquals("door ssh is already built", assertThrows(IllegalStateException.class, builder::build)
                .getMessage());
    }

    @Test
    void padsAreSetOnce() {
        builder.pads(pad);

        assertThrows(IllegalStateException.class, () -> builder.doorPads(List.of(DoorPad.of(pad))));
    }

    @Test
    void aVerifierOptionSetTwiceNamesTheValueItAlreadyHas() {
        builder.failureLimit(8);

        assertEquals("failure limit already set to 8", assertThrows(IllegalStateException.class,
                () -> builder.failureLimit(9)).getMessage());
    }

    @Test
    void aBadVerifierOptionIsRefusedAtOnce() {
        assertEquals("low water must not be negative: -1", assertThrows(IllegalArgumentException.class,
                () -> builder.lowWater(-1)).getMessage());
    }

    @Test
    void theDoorAsksForNoRefreshOnAStoreNoOtherHostShares() throws IOException {
        assertEquals(Optional.empty(), builder.pads(pad).service(22, launcher).build().sharedRefreshInterval());
    }

    @Test
    void theDoorAsksForTheRefreshItsSharedStoreNeeds() throws IOException {
        ServerDoor door = ServerDoor.oneTime(new OneTimeDoor("ssh", profile), new SharedStore(pad, Duration.ofSeconds(3)))
                .pads(pad).service(22, launcher).build();

        assertEquals(Optional.of(Duration.ofSeconds(3)), door.sharedRefreshInterval());
    }

    @Test
    void aServiceNumberGivenTwiceNamesTheLauncherItAlreadyHas() {
        builder.service(22, launcher);

        assertEquals("service 22 already set to " + launcher, assertThrows(IllegalStateException.class,
                () -> builder.service(22, new RecordingLauncher(TestClock.at(Instant.EPOCH)))).getMessage());
    }

    @Test
    void twoServiceNumbersAreTwoOptions() throws IOException {
        builder.pads(pad).service(22, launcher).service(443, launcher);

        assertEquals(Set.of(22, 443), builder.build().services());
    }

    @Test
    void aDurationSetTwiceNamesTheDurationItAlreadyHas() {
        builder.maxDuration(Duration.ofMinutes(10));

        assertEquals("max duration already set to PT10M", assertThrows(IllegalStateException.class,
                () -> builder.maxDuration(Duration.ofMinutes(5))).getMessage());
    }

    @Test
    void aRejectedValueDoesNotCountAsSet() {
        assertThrows(IllegalArgumentException.class, () -> builder.maxDuration(Duration.ZERO));

        builder.maxDuration(Duration.ofMinutes(5));
        assertEquals("max duration already set to PT5M", assertThrows(IllegalStateException.class,
                () -> builder.maxDuration(Duration.ofMinutes(6))).getMessage());
    }

    /** A store in memory that says other hosts share it, as a database does. */
    static final class SharedStore implements PadStateStore {
        private final InMemoryPadStateStore states;
        private final Duration refresh;

        SharedStore(Pad pad, Duration refresh) {
            this.states = InMemoryPadStateStore.withFreshServerStates(pad);
            this.refresh = refresh;
        }

        @Override
        public Optional<PadState> stored(PadId padId, Side side) throws IOException {
            return states.stored(padId, side);
        }

        @Override
        public void create(PadState initial) throws IOException {
            states.create(initial);
        }

        @Override
        public boolean compareAndSet(PadState expected, PadState updated) throws IOException {
            return states.compareAndSet(expected, updated);
        }

        @Override
        public PadState recordFailures(PadId padId, Side side, long count, Instant at) throws IOException {
            return states.recordFailures(padId, side, count, at);
        }

        @Override
        public Optional<Duration> sharedRefreshInterval() {
            return Optional.of(refresh);
        }
    }
}
