package dev.portknock.examples.cli;

import dev.portknock.core.Scheme;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code sealed} or {@code raw}; the fixed scheme has no pad and is chosen by giving ports. */
final class SchemeConverter implements ITypeConverter<Scheme> {
    @Override
    public Scheme convert(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "sealed" -> Scheme.SEALED;
            case "raw" -> Scheme.RAW;
            default -> throw new TypeConversionException("expected sealed or raw: '" + value + "'");
        };
    }
}
