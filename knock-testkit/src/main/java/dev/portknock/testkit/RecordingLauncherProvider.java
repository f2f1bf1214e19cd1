package dev.portknock.testkit;

import dev.portknock.spi.LauncherProvider;
import dev.portknock.spi.Requirement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@code recording} launch backend: {@link #create(Map)} returns a new {@link
 * RecordingLauncher}, and the provider remembers every launcher it created so a test can query
 * the one a server asked for. Takes no settings and needs nothing from the machine.
 */
public final class RecordingLauncherProvider implements LauncherProvider {
    /** The provider's id. */
    public static final String ID = "recording";

    private final Clock clock;
    private final List<RecordingLauncher> created = new CopyOnWriteArrayList<>();

    /**
     * A provider whose launchers stamp events with the system clock in UTC; public for {@link
     * java.util.ServiceLoader}, which can inject nothing.
     */
    public RecordingLauncherProvider() {
        this(Clock.systemUTC());
    }

    /** A provider whose launchers stamp events with the clock's time. */
    public RecordingLauncherProvider(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@value #ID}. */
    @Override
    public String id() {
        return ID;
    }

    /** None. */
    @Override
    public Set<Requirement> requirements() {
        return Set.of();
    }

    /**
     * A new recording launcher.
     *
     * @throws IllegalArgumentException when any setting is given, naming them
     */
    @Override
    public RecordingLauncher create(Map<String, String> settings) {
        if (!settings.isEmpty()) {
            throw new IllegalArgumentException("the recording launcher takes no settings: "
                    + String.join(", ", new TreeSet<>(settings.keySet())));
        }
        RecordingLauncher launcher = new RecordingLauncher(clock);
        created.add(launcher);
        return launcher;
    }

    /** The launchers created so far, oldest first. */
    public List<RecordingLauncher> created() {
        return List.copyOf(created);
    }
}
