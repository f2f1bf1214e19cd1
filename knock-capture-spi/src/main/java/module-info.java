/**
 * The backend SPI of portknock: capture sources that deliver packet events, launchers that open
 * and close services, and their discovery through {@link java.util.ServiceLoader}
 * ({@link dev.portknock.spi.ProviderRegistry}). Ships the {@code in-memory} capture and the
 * {@code recording} launcher for tests.
 */
module dev.portknock.spi {
    requires transitive dev.portknock.core;

    exports dev.portknock.spi;

    uses dev.portknock.spi.CaptureProvider;
    uses dev.portknock.spi.LauncherProvider;

    provides dev.portknock.spi.CaptureProvider with dev.portknock.spi.InMemoryCaptureProvider;
    provides dev.portknock.spi.LauncherProvider with dev.portknock.spi.RecordingLauncherProvider;
}
