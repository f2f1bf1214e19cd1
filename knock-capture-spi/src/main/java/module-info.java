/**
 * The backend SPI of portknock: capture sources that deliver packet events, launchers that open
 * and close services, and their discovery through {@link java.util.ServiceLoader}
 * ({@link dev.portknock.spi.ProviderRegistry}). It provides no backend itself; the in-memory
 * capture and the recording launcher for tests live in knock-testkit.
 */
module dev.portknock.spi {
    requires transitive dev.portknock.core;

    exports dev.portknock.spi;

    uses dev.portknock.spi.CaptureProvider;
    uses dev.portknock.spi.LauncherProvider;
}
