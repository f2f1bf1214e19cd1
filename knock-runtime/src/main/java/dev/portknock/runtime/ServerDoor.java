package dev.portknock.runtime;

import dev.portknock.core.CommandSchema;
import dev.portknock.core.Door;
import dev.portknock.core.FixedDoor;
import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.internal.BuilderOptions;
import dev.portknock.pad.DoorVerifier;
import dev.portknock.spi.Launcher;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One door of a {@link KnockServer}: what it listens for, how a knock is verified, and which
 * services a knock may open and for how long.
 *
 * <p>A fixed door starts its single service (number 0) on every complete sequence, and stops each
 * start {@code openFor} after it, as knockd runs {@code start_command} on every match and
 * {@code stop_command} {@code cmd_timeout} seconds after each. A one-time door decodes the knock's command with its {@link CommandSchema}: the
 * {@code service} digit picks a launcher (the default service when the schema has none), the
 * {@code duration} digit gives seconds (0 means the door's default; clamped to its maximum), the
 * {@code delay} digit gives seconds after the last packet (clamped to the maximum as well).
 */
public final class ServerDoor {
    private final Door door;
    private final Optional<DoorVerifier> verifier;
    private final Map<Integer, Launcher> services;
    private final CommandSchema schema;
    private final int defaultService;
    private final Duration defaultDuration;
    private final Duration maxDuration;

    private ServerDoor(Door door, Optional<DoorVerifier> verifier, Map<Integer, Launcher> services,
                       CommandSchema schema, int defaultService, Duration defaultDuration, Duration maxDuration) {
        this.door = door;
        this.verifier = verifier;
        this.services = Map.copyOf(services);
        this.schema = schema;
        this.defaultService = defaultService;
        this.defaultDuration = defaultDuration;
        this.maxDuration = maxDuration;
    }

    /**
     * A knockd-style door: every complete sequence starts {@code launcher} (service 0), and each
     * start is stopped {@code openFor} after it returned.
     */
    public static ServerDoor fixed(FixedDoor door, Launcher launcher, Duration openFor) {
        Objects.requireNonNull(door, "door");
        Objects.requireNonNull(launcher, "launcher");
        checkPositive("open duration", openFor);
        return new ServerDoor(door, Optional.empty(), Map.of(0, launcher), CommandSchema.EMPTY, 0, openFor, openFor);
    }

    /** A builder for a one-time door verified by {@code verifier}, whose profile must be the door's. */
    public static Builder oneTime(OneTimeDoor door, DoorVerifier verifier) {
        return new Builder(door, verifier);
    }

    /** The door the matcher watches. */
    public Door door() {
        return door;
    }

    /** The door's name. */
    public String name() {
        return door.name();
    }

    /** The verifier of a one-time door; empty for a fixed door. */
    public Optional<DoorVerifier> verifier() {
        return verifier;
    }

    /**
     * Whether every accepted knock starts its service anew, each start stopped after its own
     * duration (a fixed door, as knockd), rather than extending an opening still pending or open
     * (a one-time door).
     */
    public boolean runsOnEveryKnock() {
        return verifier.isEmpty();
    }

    /** The services this door offers, by number. */
    public Set<Integer> services() {
        return services.keySet();
    }

    /** The launcher of a service, if the door offers it. */
    Optional<Launcher> launcher(int service) {
        return Optional.ofNullable(services.get(service));
    }

    /** What a verified command asks for, with the door's defaults and limits applied. */
    LaunchPlan plan(int[] command) {
        int service = digit(command, CommandSchema.SERVICE).orElse(defaultService);
        int durationSeconds = digit(command, CommandSchema.DURATION).orElse(0);
        Duration duration = durationSeconds == 0 ? defaultDuration : min(Duration.ofSeconds(durationSeconds), maxDuration);
        Duration delay = min(Duration.ofSeconds(digit(command, CommandSchema.DELAY).orElse(0)), maxDuration);
        return new LaunchPlan(service, duration, delay);
    }

    private Optional<Integer> digit(int[] command, String name) {
        int index = schema.names().indexOf(name);
        return index < 0 ? Optional.empty() : Optional.of(command[index]);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void checkPositive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
    }

    /**
     * What to open: a service, for how long, starting when.
     *
     * @param service the service number
     * @param duration how long it stays open
     * @param delay how long after the knock it opens
     */
    record LaunchPlan(int service, Duration duration, Duration delay) {
    }

    /** Builds a one-time {@link ServerDoor}; each option may be set once. */
    public static final class Builder {
        private final OneTimeDoor door;
        private final DoorVerifier verifier;
        private final Map<Integer, Launcher> services = new LinkedHashMap<>();
        private final BuilderOptions options = new BuilderOptions();
        private CommandSchema schema;
        private int defaultService;
        private Duration defaultDuration = Duration.ofSeconds(10);
        private Duration maxDuration = Duration.ofHours(1);

        private Builder(OneTimeDoor door, DoorVerifier verifier) {
            this.door = Objects.requireNonNull(door, "door");
            this.verifier = Objects.requireNonNull(verifier, "verifier");
            if (!verifier.profile().equals(door.profile())) {
                throw new IllegalArgumentException("verifier profile differs from door " + door.name() + "'s profile");
            }
        }

        /** Offers a service: a knock whose service digit is {@code number} opens {@code launcher}. */
        public Builder service(int number, Launcher launcher) {
            if (number < 0 || number >= door.profile().radix()) {
                throw new IllegalArgumentException(
                        "service must be in 0.." + (door.profile().radix() - 1) + ": " + number);
            }
            services.put(number, options.once("service " + number, Objects.requireNonNull(launcher, "launcher")));
            return this;
        }

        /**
         * The meaning of the command digits; default {@code service, duration, delay} when the
         * profile has 3 command digits and none when it has 0.
         */
        public Builder schema(CommandSchema value) {
            schema = options.once("schema", Objects.requireNonNull(value, "schema"));
            return this;
        }

        /** The service opened when the schema has no service digit (default 0). */
        public Builder defaultService(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("default service must not be negative: " + value);
            }
            defaultService = options.once("default service", value);
            return this;
        }

        /** How long a service stays open when the knock says 0 or has no duration digit (default 10 s). */
        public Builder defaultDuration(Duration value) {
            checkPositive("default duration", value);
            defaultDuration = options.once("default duration", value);
            return this;
        }

        /** The longest a knock may keep a service open or delay its start (default 1 h). */
        public Builder maxDuration(Duration value) {
            checkPositive("max duration", value);
            maxDuration = options.once("max duration", value);
            return this;
        }

        /** The validated door. */
        public ServerDoor build() {
            int m = door.profile().commandDigits();
            CommandSchema effective = schema;
            if (effective == null) {
                effective = switch (m) {
                    case 0 -> CommandSchema.EMPTY;
                    case 3 -> CommandSchema.DEFAULT;
                    default -> throw new IllegalStateException(
                            "door " + door.name() + " has " + m + " command digits: set a command schema");
                };
            }
            if (effective.size() != m) {
                throw new IllegalArgumentException("command schema has " + effective.size()
                        + " digits but door " + door.name() + " has " + m);
            }
            if (services.isEmpty()) {
                throw new IllegalStateException("door " + door.name() + " offers no service");
            }
            if (defaultDuration.compareTo(maxDuration) > 0) {
                throw new IllegalArgumentException("default duration must not exceed max duration");
            }
            return new ServerDoor(door, Optional.of(verifier), services, effective, defaultService,
                    defaultDuration, maxDuration);
        }
    }
}
