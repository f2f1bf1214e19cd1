package dev.portknock.examples.logging;

import java.time.Clock;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the {@code knock} command line, found by {@link java.util.ServiceLoader}
 * (registered in {@code module-info.java} and {@code META-INF/services}): every logger writes to
 * {@link LogOutput#process()} under {@link LogLevels#process()}. The command line keeps no
 * diagnostic context, so the MDC is a no-op.
 */
public final class CliLoggingProvider implements SLF4JServiceProvider {
    /** The SLF4J API version this provider is built against. */
    private static final String API_VERSION = "2.0.99";

    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    /** A provider that SLF4J initializes before use, as {@link java.util.ServiceLoader} requires. */
    public CliLoggingProvider() {
    }

    @Override
    public void initialize() {
        loggerFactory = new CliLoggerFactory(LogLevels.process(), LogOutput.process(), Clock.systemUTC());
        markerFactory = new BasicMarkerFactory();
        mdcAdapter = new NOPMDCAdapter();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return API_VERSION;
    }
}
