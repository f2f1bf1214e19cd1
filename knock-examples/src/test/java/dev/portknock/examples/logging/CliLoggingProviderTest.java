package dev.portknock.examples.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

class CliLoggingProviderTest {
    @Test
    void theCommandLineIsTheOnlySlf4jProviderOnItsClassPath() {
        assertEquals(java.util.List.of(CliLoggingProvider.class), ServiceLoader.load(SLF4JServiceProvider.class)
                .stream().map(ServiceLoader.Provider::type).toList());
    }

    @Test
    void slf4jHandsOutTheCommandLinesLoggers() {
        assertInstanceOf(CliLogger.class, LoggerFactory.getLogger(CliLoggingProviderTest.class));
    }
}
