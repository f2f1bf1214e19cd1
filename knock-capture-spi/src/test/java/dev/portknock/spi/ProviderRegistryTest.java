package dev.portknock.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderRegistryTest {
    private static final String EXTRA = TestProviders.Extra.class.getName();
    private static final String THROWING_CONSTRUCTOR = TestProviders.ThrowingConstructor.class.getName();
    private static final String THROWING_ID = TestProviders.ThrowingId.class.getName();
    private static final String INVALID_ID = TestProviders.InvalidId.class.getName();
    private static final String MISSING = "dev.portknock.spi.NoSuchProvider";

    /** System.Logger goes to java.util.logging by default; its records are caught here, not printed. */
    private final Logger logger = Logger.getLogger(ProviderRegistry.class.getName());
    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler catcher = new Handler() {
        @Override
        public void publish(LogRecord logRecord) {
            logged.add(logRecord);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @TempDir
    Path temp;

    @BeforeEach
    void catchTheLog() {
        logger.setUseParentHandlers(false);
        logger.addHandler(catcher);
    }

    @AfterEach
    void releaseTheLog() {
        logger.removeHandler(catcher);
        logger.setUseParentHandlers(true);
    }

    /** A class loader that sees this module's own registrations plus a services file listing the classes. */
    private URLClassLoader loaderRegistering(String... captureProviders) throws IOException {
        Path services = Files.createDirectories(temp.resolve("META-INF/services"));
        Files.write(services.resolve(CaptureProvider.class.getName()), List.of(captureProviders));
        return new URLClassLoader(new URL[] {temp.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void discoveryFindsTheCaptureProvidersOnTheClassPath() {
        ProviderRegistry<CaptureProvider> registry = ProviderRegistry.discoverCaptureProviders();

        assertInstanceOf(TestProviders.Working.class, registry.get("test-capture"));
        assertEquals(Set.of("test-capture"), registry.ids());
        assertEquals(List.of(), registry.loadProblems());
    }

    @Test
    void discoveryFindsTheLauncherProvidersOnTheClassPath() {
        ProviderRegistry<LauncherProvider> registry = ProviderRegistry.discoverLauncherProviders();

        assertInstanceOf(TestProviders.WorkingLauncher.class, registry.get("test-launcher"));
        assertEquals(Set.of("test-launcher"), registry.ids());
        assertEquals(List.of(), registry.loadProblems());
    }

    @Test
    void discoveryThroughAGivenClassLoaderFindsItsProviders() throws IOException {
        try (URLClassLoader loader = loaderRegistering(EXTRA)) {
            ProviderRegistry<CaptureProvider> registry = ProviderRegistry.discoverCaptureProviders(loader);

            assertEquals(Set.of("extra-capture", "test-capture"), registry.ids());
            assertInstanceOf(TestProviders.Extra.class, registry.get("extra-capture"));
        }
    }

    @Test
    void anAbsentPcapProviderNamesItsModule() {
        ProviderNotFoundException absent = assertThrows(ProviderNotFoundException.class,
                () -> ProviderRegistry.discoverCaptureProviders().get("pcap"));

        assertEquals("no capture provider with id 'pcap' is on the class path; "
                + "add the module knock-capture-pcap (dev.portknock:knock-capture-pcap)", absent.getMessage());
        assertEquals("pcap", absent.id());
        assertEquals(Optional.of("knock-capture-pcap"), absent.module());
    }

    @Test
    void anAbsentNflogProviderNamesItsModule() {
        ProviderNotFoundException absent = assertThrows(ProviderNotFoundException.class,
                () -> ProviderRegistry.discoverCaptureProviders().get("nflog"));

        assertEquals("no capture provider with id 'nflog' is on the class path; "
                + "add the module knock-capture-nflog (dev.portknock:knock-capture-nflog)", absent.getMessage());
        assertEquals(Optional.of("knock-capture-nflog"), absent.module());
    }

    @Test
    void anAbsentUdpSocketCaptureNamesTheRuntimeModule() {
        ProviderNotFoundException absent = assertThrows(ProviderNotFoundException.class,
                () -> ProviderRegistry.discoverCaptureProviders().get("udp-socket"));

        assertEquals("no capture provider with id 'udp-socket' is on the class path; "
                + "add the module knock-runtime (dev.portknock:knock-runtime)", absent.getMessage());
    }

    @Test
    void anAbsentInMemoryCaptureNamesTheTestKit() {
        ProviderNotFoundException absent = assertThrows(ProviderNotFoundException.class,
                () -> ProviderRegistry.discoverCaptureProviders().get("in-memory"));

        assertEquals("no capture provider with id 'in-memory' is on the class path; "
                + "add the module knock-testkit (dev.portknock:knock-testkit)", absent.getMessage());
    }

    @Test
    void anAbsentRecordingLauncherNamesTheTestKit() {
        ProviderNotFoundException absent = assertThrows(ProviderNotFoundException.class,
                () -> ProviderRegistry.discoverLauncherProviders().get("recording"));

        assertEquals("no launcher provider with id 'recording' is on the class path; "
                + "add the module knock-testkit (dev.portknock:knock-testkit)", absent.getMessage());
    }

    @Test
    void absentRuntimeLaunchersNameTheRuntimeModule() {
        ProviderRegistry<LauncherProvider> registry = ProviderRegistry.discoverLauncherProviders();

        assertEquals("no launcher provider with id 'process' is on the class path; "
                        + "add the module knock-runtime (dev.portknock:knock-runtime)",
                assertThrows(ProviderNotFoundException.class, () -> registry.get("process")).getMessage());
        assertEquals("no launcher provider with id 'nftables' is on the class path; "
                        + "add the module knock-runtime (dev.portknock:knock-runtime)",
                assertThrows(ProviderNotFoundException.class, () -> registry.get("nftables")).getMessage());
    }

    @Test
    void moduleHintsBelongToTheirKindOfProvider() {
        ProviderNotFoundException absent = assertThrows(ProviderNotFoundException.class,
                () -> ProviderRegistry.discoverLauncherProviders().get("pcap"));

        assertEquals("no launcher provider with id 'pcap' is on the class path; ids on the class path: test-launcher",
                absent.getMessage());
        assertEquals(Optional.empty(), absent.module());
    }

    @Test
    void anUnknownIdListsTheIdsThatArePresent() {
        ProviderNotFoundException absent = assertThrows(ProviderNotFoundException.class,
                () -> ProviderRegistry.discoverCaptureProviders().get("carrier-pigeon"));

        assertEquals("no capture provider with id 'carrier-pigeon' is on the class path; "
                + "ids on the class path: test-capture", absent.getMessage());
        assertEquals(Optional.empty(), absent.module());
    }

    @Test
    void findAnswersEmptyForAnAbsentId() {
        assertEquals(Optional.empty(), ProviderRegistry.discoverCaptureProviders().find("pcap"));
    }

    @Test
    void twoDiscoveredProvidersWithOneIdFailNamingTheIdAndBothClasses() throws IOException {
        try (URLClassLoader loader = loaderRegistering(TestProviders.SecondWorking.class.getName())) {
            IllegalStateException duplicate = assertThrows(IllegalStateException.class,
                    () -> ProviderRegistry.discoverCaptureProviders(loader));

            assertEquals("two capture providers have the id 'test-capture': dev.portknock.spi.TestProviders$Working"
                    + " and dev.portknock.spi.TestProviders$SecondWorking", duplicate.getMessage());
        }
    }

    @Test
    void brokenProvidersAreSkippedAndTheOthersLoad() throws IOException {
        try (URLClassLoader loader = loaderRegistering(THROWING_CONSTRUCTOR, MISSING, THROWING_ID, INVALID_ID,
                EXTRA)) {
            ProviderRegistry<CaptureProvider> registry = ProviderRegistry.discoverCaptureProviders(loader);

            assertEquals(Set.of("extra-capture", "test-capture"), registry.ids());
            assertEquals(4, registry.loadProblems().size());
        }
    }

    @Test
    void aThrowingConstructorIsReportedWithItsCause() throws IOException {
        try (URLClassLoader loader = loaderRegistering(THROWING_CONSTRUCTOR)) {
            ProviderLoadProblem problem = ProviderRegistry.discoverCaptureProviders(loader).loadProblems().get(0);

            assertSame(CaptureProvider.class, problem.service());
            assertTrue(problem.description().contains(THROWING_CONSTRUCTOR), problem.description());
            Throwable error = problem.cause().orElseThrow();
            assertInstanceOf(ServiceConfigurationError.class, error);
            assertEquals("no capture hardware", error.getCause().getMessage());
        }
    }

    @Test
    void aMissingProviderClassIsReported() throws IOException {
        try (URLClassLoader loader = loaderRegistering(MISSING)) {
            ProviderLoadProblem problem = ProviderRegistry.discoverCaptureProviders(loader).loadProblems().get(0);

            assertTrue(problem.description().contains(MISSING), problem.description());
            assertEquals(Optional.empty(), problem.providerClass());
        }
    }

    @Test
    void aThrowingIdIsReportedWithTheProviderClass() throws IOException {
        try (URLClassLoader loader = loaderRegistering(THROWING_ID)) {
            ProviderLoadProblem problem = ProviderRegistry.discoverCaptureProviders(loader).loadProblems().get(0);

            assertEquals(Optional.of(THROWING_ID), problem.providerClass());
            assertEquals(THROWING_ID + ": id() threw java.lang.IllegalStateException: id unavailable",
                    problem.description());
            assertEquals("id unavailable", problem.cause().orElseThrow().getMessage());
        }
    }

    @Test
    void anInvalidIdIsReported() throws IOException {
        try (URLClassLoader loader = loaderRegistering(INVALID_ID)) {
            ProviderLoadProblem problem = ProviderRegistry.discoverCaptureProviders(loader).loadProblems().get(0);

            assertEquals(INVALID_ID + ": the id 'Not Valid' is not valid; "
                    + "an id is lowercase letters, digits, '.', '_' and '-'", problem.description());
            assertEquals(Optional.empty(), problem.cause());
        }
    }

    @Test
    void aProviderThatFailsToLoadIsLoggedAsAWarning() throws IOException {
        try (URLClassLoader loader = loaderRegistering(THROWING_ID)) {
            ProviderRegistry.discoverCaptureProviders(loader);
        }

        assertEquals(1, logged.size());
        assertEquals(Level.WARNING, logged.get(0).getLevel());
        assertEquals("skipped a capture provider that failed to load: " + THROWING_ID
                + ": id() threw java.lang.IllegalStateException: id unavailable", logged.get(0).getMessage());
        assertEquals("id unavailable", logged.get(0).getThrown().getMessage());
    }

    @Test
    void anAbsentIdMentionsProvidersThatFailedToLoad() throws IOException {
        try (URLClassLoader loader = loaderRegistering(THROWING_ID)) {
            ProviderRegistry<CaptureProvider> registry = ProviderRegistry.discoverCaptureProviders(loader);

            assertEquals("no capture provider with id 'pcap' is on the class path; "
                    + "add the module knock-capture-pcap (dev.portknock:knock-capture-pcap); "
                    + "1 capture provider failed to load: "
                    + THROWING_ID + ": id() threw java.lang.IllegalStateException: id unavailable",
                    assertThrows(ProviderNotFoundException.class, () -> registry.get("pcap")).getMessage());
        }
    }

    @Test
    void givenProvidersAreUsedAsTheyAre() {
        TestProviders.Extra extra = new TestProviders.Extra();
        TestProviders.Working working = new TestProviders.Working();

        ProviderRegistry<CaptureProvider> registry = ProviderRegistry.ofCaptureProviders(List.of(extra, working));

        assertSame(extra, registry.get("extra-capture"));
        assertSame(working, registry.get("test-capture"));
        assertEquals(List.of(extra, working), registry.providers());
        assertEquals(List.of(), registry.loadProblems());
    }

    @Test
    void givenLauncherProvidersAreUsedAsTheyAre() {
        TestProviders.WorkingLauncher launcher = new TestProviders.WorkingLauncher();

        assertSame(launcher, ProviderRegistry.ofLauncherProviders(List.of(launcher)).get("test-launcher"));
    }

    @Test
    void anAbsentIdAmongGivenProvidersListsTheGivenIds() {
        ProviderRegistry<CaptureProvider> registry =
                ProviderRegistry.ofCaptureProviders(List.of(new TestProviders.Working()));

        ProviderNotFoundException absent = assertThrows(ProviderNotFoundException.class, () -> registry.get("pcap"));

        assertEquals("no capture provider with id 'pcap' was given; ids given: test-capture", absent.getMessage());
        assertEquals(Optional.of("knock-capture-pcap"), absent.module());
    }

    @Test
    void anEmptyGivenRegistrySaysNoneWasGiven() {
        ProviderRegistry<LauncherProvider> registry = ProviderRegistry.ofLauncherProviders(List.of());

        assertEquals("no launcher provider with id 'recording' was given; ids given: none",
                assertThrows(ProviderNotFoundException.class, () -> registry.get("recording")).getMessage());
    }

    @Test
    void twoGivenProvidersWithOneIdAreRejected() {
        List<CaptureProvider> twice = List.of(new TestProviders.Working(), new TestProviders.SecondWorking());

        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
                () -> ProviderRegistry.ofCaptureProviders(twice));

        assertEquals("two capture providers have the id 'test-capture': dev.portknock.spi.TestProviders$Working"
                + " and dev.portknock.spi.TestProviders$SecondWorking", duplicate.getMessage());
    }

    @Test
    void plainLowercaseIdsAreValid() {
        for (String id : List.of("pcap", "udp-socket", "x", "0", "vendor.tap_2")) {
            assertTrue(ProviderRegistry.isValidId(id), id);
        }
    }

    @Test
    void idsWithCapitalsBlanksALeadingMarkOrNothingAreNotValid() {
        for (String id : Arrays.asList("Not Valid", "PCAP", "pcap ", "-pcap", ".pcap", "", null)) {
            assertFalse(ProviderRegistry.isValidId(id), String.valueOf(id));
        }
    }

    @Test
    void aGivenProviderWithAnInvalidIdIsRejected() {
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
                () -> ProviderRegistry.ofCaptureProviders(List.of(new TestProviders.InvalidId())));

        assertEquals(INVALID_ID + ": the id 'Not Valid' is not valid; "
                + "an id is lowercase letters, digits, '.', '_' and '-'", invalid.getMessage());
    }

    @Test
    void theIdsAreSorted() {
        ProviderRegistry<CaptureProvider> registry = ProviderRegistry.ofCaptureProviders(
                List.of(new TestProviders.Working(), new TestProviders.Extra()));

        assertEquals(List.of("extra-capture", "test-capture"), List.copyOf(registry.ids()));
        assertEquals("test-capture", registry.providers().get(0).id());
    }
}
