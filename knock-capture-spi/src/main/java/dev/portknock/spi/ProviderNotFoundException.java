package dev.portknock.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * Asked for a backend whose provider is not there. The message names the id and, for the
 * backends portknock ships, the module to add; otherwise the ids that are there.
 */
public final class ProviderNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The id that was asked for. */
    private final String id;
    /** The module that ships a provider with the id, e.g. {@code knock-capture-pcap}, or null. */
    private final String module;

    ProviderNotFoundException(String message, String id, Optional<String> module) {
        super(message);
        this.id = Objects.requireNonNull(id, "id");
        this.module = module.orElse(null);
    }

    /** The id that was asked for. */
    public String id() {
        return id;
    }

    /** The portknock module that ships a provider with this id, e.g. {@code knock-capture-pcap}. */
    public Optional<String> module() {
        return Optional.ofNullable(module);
    }
}
