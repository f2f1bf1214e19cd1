package dev.portknock.runtime;

import dev.portknock.core.CommandSchema;
import dev.portknock.core.Door;
import dev.portknock.core.FixedDoor;
import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.internal.BuilderOptions;
import dev.portknock.pad.DoorPad;
import dev.portknock.pad.DoorVerifier;
import dev.portknock.pad.MissingStateException;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadId;
import dev.portknock.pad.PadStateStore;
import dev.portknock.pad.RevokedPad;
import dev.portknock.spi.Launcher;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final Optional<Duration> refreshInterval;
    private final Map<Integer, Launcher> services;
    private final CommandSchema schema;
    private final int defaultService;
    private final Duration defaultDuration;
    private final Duration maxDuration;

    private ServerDoor(Door door, Optional<DoorVerifier> verifier, Optional<Duration> refreshInterval,
                       Map<Integer, Launcher> services, CommandSchema schema, int defaultService,
                       Duration defaultDuration, Duration maxDuration) {
        this.door = door;
        this.verifier = verifier;
        this.refreshInterval = refreshInterval;
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
        return new ServerDoor(door, Optional.empty(), Optional.empty(), Map.of(0, launcher), CommandSchema.EMPTY, 0,
                openFor, openFor);
    }

    /**
     * A builder for a one-time door whose pads' server states are in {@code store}. The door
     * re-reads them every {@link PadStateStore#sharedRefreshInterval()} when other hosts share
     * the store (its server does).
     */
    public static Builder oneTime(OneTimeDoor door, PadStateStore store) {
        return new Builder(door, store);
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
     * How often the door's pad cursors must be re-read because other hosts share its state store
     * ({@link PadStateStore#sharedRefreshInterval()}); empty for a fixed door and a store no
     * other host writes.
     */
    Optional<Duration> sharedRefreshInterval() {
        return refreshInterval;
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

    /** "door NAME", as messages name it. */
    @Override
    public String toString() {
        return "door " + door.name();
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

    /**
     * Builds a one-time {@link ServerDoor} and its verifier from the door's pads, state store and
     * services. Each option may be set once: a second call is an {@link IllegalStateException}
     * naming the value already set; a bad value is an {@link IllegalArgumentException} and does
     * not count as set.
     *
     * <p>The verifier follows from the services: when the door's command schema has a
     * {@value CommandSchema#SERVICE} digit, a knock asking for a service the door does not offer
     * is refused before its tags are checked (it consumes nothing and counts no failure), and a
     * pad's own services ({@link DoorPad#services()}) must be among the door's. A door without
     * command digits opens the one service it offers: its pads' own services say nothing more and
     * are ignored.
     */
    public static final class Builder {
        private final OneTimeDoor door;
        private final PadStateStore store;
        /** Takes the verifier's own options as they come: it checks each and counts it as set. */
        private final DoorVerifier.Builder verifier;
        private final Map<Integer, Launcher> services = new LinkedHashMap<>();
        private final BuilderOptions options = new BuilderOptions();
        private List<DoorPad> pads = List.of();
        private List<RevokedPad> revoked = List.of();
        private Optional<ServerDoor> predecessor = Optional.empty();
        private Optional<CommandSchema> schema = Optional.empty();
        private int defaultService;
        private Duration defaultDuration = Duration.ofSeconds(10);
        private Duration maxDuration = Duration.ofHours(1);
        private boolean built;

        private Builder(OneTimeDoor door, PadStateStore store) {
            this.door = Objects.requireNonNull(door, "door");
            this.store = Objects.requireNonNull(store, "store");
            this.verifier = DoorVerifier.builder(door.profile(), store);
        }

        /**
         * The door's pads (at least one, distinct ids, the profile's digit bits), each under its
         * id's text and allowed every service the door offers. This or {@link #doorPads(Collection)}, once.
         */
        public Builder pads(Collection<Pad> value) {
            return doorPads(Objects.requireNonNull(value, "pads").stream().map(DoorPad::of).toList());
        }

        /** The door's pads, each under its id's text and allowed every service the door offers. */
        public Builder pads(Pad... value) {
            return pads(Arrays.asList(value));
        }

        /**
         * The door's pads with their labels and services (at least one, distinct ids and labels).
         * This or {@link #pads(Collection)}, once.
         */
        public Builder doorPads(Collection<DoorPad> value) {
            pads = options.once("pads", List.copyOf(Objects.requireNonNull(value, "pads")));
            return this;
        }

        /**
         * Pads the door no longer serves but whose holders' knocks it recognises, to refuse them
         * with a line naming the pad (default none; see {@link DoorVerifier.Builder#revokedPads}).
         */
        public Builder revokedPads(Collection<RevokedPad> value) {
            revoked = options.once("revoked pads", List.copyOf(Objects.requireNonNull(value, "revokedPads")));
            return this;
        }

        /**
         * The door this one replaces ({@link KnockServer#replaceDoors}, a configuration reload):
         * the pads {@code previous} served or recognised as revoked that this door does not serve
         * are recognised as revoked too, at the cursor it last had, so a pad taken away from a door
         * is refused with a line naming it instead of passing for a forgery. A fixed door
         * recognises nothing.
         */
        public Builder replacing(ServerDoor previous) {
            predecessor = Optional.of(options.once("replaced door", Objects.requireNonNull(previous, "previous")));
            return this;
        }

        /** The clock for throttling intervals and last-use stamps (default the system clock, UTC). */
        public Builder clock(Clock value) {
            verifier.clock(value);
            return this;
        }

        /**
         * Failed knocks per source prefix per failure interval before that source's knocks are
         * dropped unchecked (default 8; PROTOCOL.md §5).
         */
        public Builder failureLimit(int value) {
            verifier.failureLimit(value);
            return this;
        }

        /** The failure throttle's interval, also the least time between two saves of a pad's failures (default 1 s). */
        public Builder failureInterval(Duration value) {
            verifier.failureInterval(value);
            return this;
        }

        /** Accepted knocks leaving fewer than this many knocks on a pad are flagged and logged (default 100). */
        public Builder lowWater(long value) {
            verifier.lowWater(value);
            return this;
        }

        /** Sealed doors: how far past the cursor a knock is looked for ({@link DoorVerifier.Builder#resyncHorizon}). */
        public Builder resyncHorizon(long value) {
            verifier.resyncHorizon(value);
            return this;
        }

        /** How long the first knock of a resync waits for the second (default 5 minutes). */
        public Builder resyncTimeout(Duration value) {
            verifier.resyncTimeout(value);
            return this;
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
         * The meaning of the command digits, one name per command digit of the profile; default
         * {@link CommandSchema#forDigits} (PROTOCOL.md §2).
         */
        public Builder schema(CommandSchema value) {
            schema = Optional.of(options.once("schema", Objects.requireNonNull(value, "schema")));
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

        /**
         * The door, with its verifier holding every pad's server state as the store has it now.
         *
         * @throws IllegalStateException when no service or no pad was given, or on a second call
         * @throws IllegalArgumentException when the schema does not fit the profile, a door
         *     without a service digit does not offer its default service, the default duration
         *     exceeds the maximum, a pad does not fit the profile or is given twice, or a
         *     pad asks for a service the door does not offer
         * @throws MissingStateException when a pad has no server state in the store: a lost
         *     state is never taken for a fresh pad
         * @throws IOException when a state cannot be read
         */
        public ServerDoor build() throws IOException {
            if (built) {
                throw new IllegalStateException("door " + door.name() + " is already built");
            }
            int m = door.profile().commandDigits();
            CommandSchema effective = schema.orElseGet(() -> CommandSchema.forDigits(m));
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
            int serviceDigit = effective.names().indexOf(CommandSchema.SERVICE);
            if (serviceDigit < 0 && !services.containsKey(defaultService)) {
                throw new IllegalArgumentException("door " + door.name() + " has no service digit and does not offer"
                        + " its default service " + defaultService);
            }
            built = true;
            verifier.revokedPads(revokedPads());
            if (serviceDigit >= 0) {
                // a knock for a service the door does not offer is refused before its tags
                verifier.restrictCommandDigit(serviceDigit, services.keySet());
                verifier.doorPads(pads);
            } else if (m == 0) {
                // the door opens its one service: a pad's own services say nothing more
                verifier.doorPads(pads.stream().map(pad -> new DoorPad(pad.pad(), pad.label(), List.of())).toList());
            } else {
                for (DoorPad pad : pads) {
                    if (!pad.services().isEmpty()) {
                        throw new IllegalArgumentException("pad " + pad.label() + ": services need a "
                                + CommandSchema.SERVICE + " digit in door " + door.name() + "'s command schema");
                    }
                }
                verifier.doorPads(pads);
            }
            return new ServerDoor(door, Optional.of(verifier.build()), store.sharedRefreshInterval(), services,
                    effective, defaultService, defaultDuration, maxDuration);
        }

        /** The pads given as revoked, and those the replaced door knew that this one does not serve. */
        private List<RevokedPad> revokedPads() {
            Set<PadId> known = new HashSet<>();
            pads.forEach(pad -> known.add(pad.pad().id()));
            revoked.forEach(pad -> known.add(pad.pad().id()));
            List<RevokedPad> all = new ArrayList<>(revoked);
            for (RevokedPad pad : predecessor.flatMap(ServerDoor::verifier).map(DoorVerifier::asRevoked)
                    .orElse(List.of())) {
                if (known.add(pad.pad().id())) {
                    all.add(pad);
                }
            }
            return all;
        }
    }
}
