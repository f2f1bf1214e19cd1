package dev.portknock.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.spi.Launch;
import dev.portknock.spi.LaunchRequest;
import dev.portknock.spi.Launcher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Launcher} owes the server, as tests a backend's own test class
 * inherits. Depend on {@code dev.portknock:knock-testkit} with {@code <scope>test</scope>},
 * then:
 *
 * <pre>{@code
 * class NftablesLauncherTest extends LauncherContract<NftablesLauncher> {
 *     protected NftablesLauncher createLauncher() throws IOException {
 *         return new NftablesLauncher(...);
 *     }
 *
 *     protected boolean isOpen(NftablesLauncher launcher, LaunchRequest request) throws IOException {
 *         // list the set and look for request.source() . port
 *     }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh launcher; launches it leaves open are stopped and the launcher closed
 * after it. Requests come from {@link #request(InetAddress)} with the sources {@link
 * #firstSource()} and {@link #secondSource()}; override them when the backend needs other values.
 *
 * @param <L> the backend's launcher
 */
public abstract class LauncherContract<L extends Launcher> {
    private final List<Launch> running = new ArrayList<>();
    private L launcher;

    /** A backend's contract test; subclasses need no constructor of their own. */
    protected LauncherContract() {
    }

    /** A new launcher; called once before each test. */
    protected abstract L createLauncher() throws IOException;

    /** Whether the service the request asked for is open now, as the outside world sees it. */
    protected abstract boolean isOpen(L launcher, LaunchRequest request) throws IOException;

    /** The request tests start for the source: door {@code contract}, service 22, one minute. */
    protected LaunchRequest request(InetAddress source) {
        return new LaunchRequest("contract", 22, source, Duration.ofMinutes(1));
    }

    /** One knocking source, 192.0.2.10 unless overridden. */
    protected InetAddress firstSource() throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 10});
    }

    /** Another knocking source, 192.0.2.20 unless overridden. */
    protected InetAddress secondSource() throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 20});
    }

    /** Creates the launcher each test uses. */
    @BeforeEach
    public final void createTheLauncher() throws IOException {
        launcher = createLauncher();
    }

    /** Stops the launches the test left open and closes the launcher. */
    @AfterEach
    public final void stopWhatIsOpenAndCloseTheLauncher() throws IOException {
        try {
            for (Launch launch : running) {
                launch.stop();
            }
        } finally {
            launcher.close();
        }
    }

    /** Starting a launch opens the service. */
    @Test
    public final void startOpensTheService() throws IOException {
        LaunchRequest request = request(firstSource());
        assertFalse(isOpen(launcher, request), "open before the start");

        start(request);

        assertTrue(isOpen(launcher, request), "not open after the start");
    }

    /** Stopping a launch closes the service. */
    @Test
    public final void stopClosesTheService() throws IOException {
        LaunchRequest request = request(firstSource());
        Launch launch = start(request);

        stop(launch);

        assertFalse(isOpen(launcher, request), "still open after the stop");
    }

    /** Extending a launch keeps the service open. */
    @Test
    public final void extendKeepsTheServiceOpen() throws IOException {
        LaunchRequest request = request(firstSource());
        Launch launch = start(request);

        launch.extend(Duration.ofMinutes(5));

        assertTrue(isOpen(launcher, request), "not open after the extension");
    }

    /** Stopping one source's launch leaves another source's open. */
    @Test
    public final void twoSourcesAreIndependent() throws IOException {
        LaunchRequest first = request(firstSource());
        LaunchRequest second = request(secondSource());
        Launch firstLaunch = start(first);
        start(second);

        stop(firstLaunch);

        assertFalse(isOpen(launcher, first), "the stopped source is still open");
        assertTrue(isOpen(launcher, second), "stopping one source closed the other");
    }

    private Launch start(LaunchRequest request) throws IOException {
        Launch launch = launcher.start(request);
        running.add(launch);
        return launch;
    }

    private void stop(Launch launch) throws IOException {
        running.remove(launch);
        launch.stop();
    }
}
