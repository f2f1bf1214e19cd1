/**
 * The {@code knock} command line, the demo and the server configuration: knockd.conf syntax with
 * extensions for one-time doors, parsed into validated records of core types, and the command
 * line's SLF4J provider.
 *
 * <p>JNA reaches libc for the unix datagram socket {@code [options] UseSyslog} sends to. It is an
 * automatic module (its jar names itself {@code com.sun.jna} in the manifest), hence the suppressed
 * {@code requires-automatic} lint.
 */
@SuppressWarnings("requires-automatic")
module dev.portknock.examples {
    requires transitive dev.portknock.core;
    // a client bundle (config's ClientBundle) holds a Pad
    requires transitive dev.portknock.pad;
    requires dev.portknock.spi;
    requires dev.portknock.runtime;
    requires dev.portknock.jdbc;
    requires info.picocli;
    requires org.slf4j;
    // [options] Metrics: the Prometheus Java client and its HTTP exporter
    requires io.prometheus.metrics.core;
    requires io.prometheus.metrics.model;
    requires io.prometheus.metrics.exporter.httpserver;
    // sun.misc.Signal: SIGHUP reloads the configuration, as knockd's does
    requires jdk.unsupported;
    requires com.sun.jna;

    exports dev.portknock.examples.config;

    // picocli reads and sets the commands' annotated fields by reflection
    opens dev.portknock.examples.cli to info.picocli;

    // the command line's own logging backend: stderr, LogFile and syslog from one place
    provides org.slf4j.spi.SLF4JServiceProvider with dev.portknock.examples.logging.CliLoggingProvider;
}
