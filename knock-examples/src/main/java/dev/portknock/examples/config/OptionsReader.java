package dev.portknock.examples.config;

import dev.portknock.runtime.KnockServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/** Gives meaning to the {@code [options]} section. */
final class OptionsReader {
    private OptionsReader() {
    }

    static Options read(Sections.Section section, Path baseDirectory) throws ConfigException {
        Optional<Path> logFile = Optional.empty();
        Optional<Path> pidFile = Optional.empty();
        Optional<String> networkInterface = Optional.empty();
        Optional<Path> lockDirectory = Optional.empty();
        Optional<Path> holesJournal = Optional.empty();
        Optional<Path> controlSocket = Optional.empty();
        Optional<InetSocketAddress> metrics = Optional.empty();
        OptionalInt maxSources = OptionalInt.empty();
        OptionalInt warmUpKnocks = OptionalInt.empty();
        boolean useSyslog = false;
        for (Sections.Entry entry : section.entries().values()) {
            switch (entry.key()) {
                case "logfile" -> logFile = Optional.of(Values.path(entry, baseDirectory));
                case "pidfile" -> pidFile = Optional.of(Values.path(entry, baseDirectory));
                case "interface" -> networkInterface = Optional.of(Values.interfaceName(entry));
                case "lockdir" -> lockDirectory = Optional.of(Values.path(entry, baseDirectory));
                case "holesjournal" -> holesJournal = Optional.of(Values.path(entry, baseDirectory));
                case "controlsocket" -> controlSocket = Optional.of(Values.path(entry, baseDirectory));
                case "metrics" -> metrics = Optional.of(Values.listenAddress(entry));
                case "maxsources" -> maxSources = OptionalInt.of(Values.number(entry, 1, Options.MAX_SOURCES));
                case "warmupknocks" -> warmUpKnocks = OptionalInt.of(
                        Values.number(entry, 0, KnockServer.Builder.MAX_WARM_UP_KNOCKS));
                // knockd writes UseSyslog alone; a yes/no value is accepted as well
                case "usesyslog" -> useSyslog = entry.value().isEmpty() || Values.bool(entry);
                default -> throw new IllegalStateException("key not checked by Sections: " + entry.key());
            }
        }
        return new Options(logFile, useSyslog, pidFile, networkInterface, lockDirectory, holesJournal, controlSocket,
                metrics, maxSources, warmUpKnocks);
    }
}
