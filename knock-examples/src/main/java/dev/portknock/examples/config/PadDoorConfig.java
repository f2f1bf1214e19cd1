package dev.portknock.examples.config;

import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.Scheme;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A one-time door backed by a pad: raw or sealed knocks (PROTOCOL.md §3.2, §3.3).
 *
 * <p>With command digits, the first one names the service a knock asks for; only the listed
 * {@code services} are honoured. Without command digits every knock opens the single listed
 * service. The duration digit (when the schema has one) is in seconds, 0 meaning
 * {@code defaultDuration}, and is clamped to {@code maxDuration}.
 *
 * @param door the core door with its validated profile
 * @param location the section header's place
 * @param pads the pad files and directories of pad files the door serves ({@link DoorPads})
 * @param state where the cursors and failure counts are kept, keyed by pad id
 * @param services allowed service numbers, distinct digits of the door, in the order written
 * @param defaultDuration how long a service stays open when the knock does not say
 * @param maxDuration the longest a knock may keep a service open
 * @param failureThrottle how many failed knocks per interval the door's pads absorb
 * @param lowWater accepted knocks leaving a pad fewer knocks than this are logged as running low
 * @param commands knockd's commands ({@code %SERVICE%} is the requested service)
 * @param capture where the packets are captured
 * @param launcher how the service is opened
 */
public record PadDoorConfig(OneTimeDoor door, Location location, List<Path> pads, StateLocation state,
                            List<Integer> services, Duration defaultDuration, Duration maxDuration,
                            FailureThrottle failureThrottle, long lowWater, Commands commands,
                            CaptureConfig capture, LauncherConfig launcher) implements DoorConfig {
    /** The low-water mark unless the door says otherwise ({@code low_water}). */
    public static final long DEFAULT_LOW_WATER = 100;

    /** Validates the door. */
    public PadDoorConfig {
        Objects.requireNonNull(door, "door");
        Objects.requireNonNull(location, "location");
        pads = List.copyOf(Objects.requireNonNull(pads, "pads"));
        if (pads.isEmpty()) {
            throw new IllegalArgumentException("a one-time door needs at least one pad");
        }
        if (lowWater < 0) {
            throw new IllegalArgumentException("low water must not be negative: " + lowWater);
        }
        Objects.requireNonNull(state, "state");
        services = List.copyOf(Objects.requireNonNull(services, "services"));
        Objects.requireNonNull(defaultDuration, "defaultDuration");
        Objects.requireNonNull(maxDuration, "maxDuration");
        Objects.requireNonNull(failureThrottle, "failureThrottle");
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(capture, "capture");
        Objects.requireNonNull(launcher, "launcher");
        if (services.isEmpty()) {
            throw new IllegalArgumentException("a one-time door needs at least one service");
        }
        if (door.profile().commandDigits() == 0 && services.size() != 1) {
            throw new IllegalArgumentException(
                    "a door without command digits opens exactly one service: " + services);
        }
        int radix = door.profile().radix();
        for (int service : services) {
            if (service < 0 || service >= radix) {
                throw new IllegalArgumentException("service must be in 0.." + (radix - 1) + ": " + service);
            }
        }
        if (new HashSet<>(services).size() != services.size()) {
            throw new IllegalArgumentException("services must be distinct: " + services);
        }
        if (defaultDuration.isNegative() || defaultDuration.isZero()) {
            throw new IllegalArgumentException("default duration must be positive: " + defaultDuration);
        }
        if (defaultDuration.compareTo(maxDuration) > 0) {
            throw new IllegalArgumentException(
                    "default duration must not exceed max duration: " + defaultDuration + " > " + maxDuration);
        }
    }

    @Override
    public String name() {
        return door.name();
    }

    @Override
    public DoorKind kind() {
        return door.profile().scheme() == Scheme.RAW ? DoorKind.RAW : DoorKind.SEALED;
    }

    @Override
    public Duration sequenceTimeout() {
        return door.sequenceTimeout();
    }

    /** Whether a knock may ask for this service. */
    public boolean allowsService(int service) {
        return services.contains(service);
    }

    /**
     * The duration a knock's duration digit asks for: the digit in seconds, 0 meaning
     * {@link #defaultDuration()}, clamped to {@link #maxDuration()}.
     *
     * @throws IllegalArgumentException for a negative digit
     */
    public Duration durationFor(int durationDigit) {
        if (durationDigit < 0) {
            throw new IllegalArgumentException("duration digit must not be negative: " + durationDigit);
        }
        if (durationDigit == 0) {
            return defaultDuration;
        }
        Duration requested = Duration.ofSeconds(durationDigit);
        return requested.compareTo(maxDuration) > 0 ? maxDuration : requested;
    }
}
