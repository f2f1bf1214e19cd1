package dev.portknock.examples.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The client configuration ({@code client.conf}): named hosts, each a {@link HostStanza}.
 *
 * @param hosts the stanzas in file order; names are unique, compared without case
 */
public record ClientConfig(List<HostStanza> hosts) {
    /** Copies the stanzas. */
    public ClientConfig {
        hosts = List.copyOf(Objects.requireNonNull(hosts, "hosts"));
    }

    /** A configuration without hosts: what a missing file means. */
    public static ClientConfig empty() {
        return new ClientConfig(List.of());
    }

    /** The stanza named {@code name}, compared without case as host names are. */
    public Optional<HostStanza> host(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return hosts.stream().filter(stanza -> stanza.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }
}
