package dev.portknock.examples.cli;

import java.util.Objects;
import picocli.CommandLine;

/**
 * Makes the command line's own classes (commands, option groups, converters, the version provider)
 * through their package-private constructors, and everything else through {@code fallback}.
 * Picocli's default factory tries the constructor first as an outsider, which fails with an
 * {@link IllegalAccessException} for every class of this package before it makes the constructor
 * accessible: exceptions a short command such as {@code knock send} paid for at every start.
 */
final class CommandFactory implements CommandLine.IFactory {
    private final CommandLine.IFactory fallback;

    CommandFactory(CommandLine.IFactory fallback) {
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        if (type.getPackageName().equals(CommandFactory.class.getPackageName())) {
            return type.getDeclaredConstructor().newInstance();
        }
        return fallback.create(type);
    }
}
