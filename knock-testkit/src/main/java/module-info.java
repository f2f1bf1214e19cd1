/**
 * For tests only: what a test of a knock protocol or of a backend needs, kept out of the production
 * modules. The {@code in-memory} capture and the {@code recording} launcher (registered as
 * providers, so a test with this module on its path can name them by id), the contract tests a
 * backend's tests extend, a test clock, seeded test pads, and a client that knocks straight into
 * an in-memory capture.
 */
module dev.portknock.testkit {
    requires transitive dev.portknock.spi;
    requires transitive dev.portknock.pad;
    requires transitive org.junit.jupiter.api;

    exports dev.portknock.testkit;

    provides dev.portknock.spi.CaptureProvider with dev.portknock.testkit.InMemoryCaptureProvider;
    provides dev.portknock.spi.LauncherProvider with dev.portknock.testkit.RecordingLauncherProvider;
}
