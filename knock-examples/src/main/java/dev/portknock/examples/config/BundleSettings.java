package dev.portknock.examples.config;

import dev.portknock.core.Profile;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a client bundle (PROTOCOL.md §7) says besides its pad: where to knock and the door's wire
 * settings, so that a client needs no options and cannot knock with settings the door does not use.
 *
 * @param door the name of the door the pad was made for, for messages
 * @param label the pad's label on the door (a person or device), for messages
 * @param host the door's host name or address, resolved when the client knocks
 * @param services the services the pad may ask for, distinct digits of the profile, the first the default
 * @param profile the door's profile (its tcp flag filter is the server's business and not kept)
 */
public record BundleSettings(String door, String label, String host, List<Integer> services, Profile profile) {
    /** A label: it names a file in the door's pad directory, so nothing that could leave it. */
    public static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Validates the settings. */
    public BundleSettings {
        Objects.requireNonNull(door, "door");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(host, "host");
        services = List.copyOf(Objects.requireNonNull(services, "services"));
        Objects.requireNonNull(profile, "profile");
        if (door.isEmpty() || door.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("bad door name '" + Sections.excerpt(door) + "'");
        }
        if (!LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("label must be 1 to 64 letters, digits, '.', '_' or '-', starting with "
                    + "a letter or digit: '" + Sections.excerpt(label) + "'");
        }
        if (!ClientConfigParser.HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("host must be a host name or address: '" + Sections.excerpt(host) + "'");
        }
        if (services.isEmpty()) {
            throw new IllegalArgumentException("a bundle needs at least one service");
        }
        for (int service : services) {
            if (service < 0 || service >= profile.radix()) {
                throw new IllegalArgumentException("service must be in 0.." + (profile.radix() - 1) + ": " + service);
            }
        }
        if (new HashSet<>(services).size() != services.size()) {
            throw new IllegalArgumentException("services must be distinct: " + services);
        }
        if (profile.commandDigits() == 0 && services.size() != 1) {
            throw new IllegalArgumentException("a door without command digits opens exactly one service: " + services);
        }
    }

    /** The service a knock asks for when nothing else says: the first listed. */
    public int defaultService() {
        return services.get(0);
    }

    /** Whether the pad may ask for this service. */
    public boolean allowsService(int service) {
        return services.contains(service);
    }

    /** The door's services as messages list them: {@code 22, 443}. */
    public String serviceList() {
        return String.join(", ", services.stream().map(String::valueOf).toList());
    }
}
