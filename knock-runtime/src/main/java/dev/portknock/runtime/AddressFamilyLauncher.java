package dev.portknock.runtime;

import dev.portknock.spi.Launch;
import dev.portknock.spi.LaunchRequest;
import dev.portknock.spi.Launcher;
import java.io.IOException;
import java.net.Inet4Address;
import java.util.Objects;
import java.util.Optional;

/**
 * A launcher that opens a service one way for IPv4 knockers and another for IPv6 knockers, as
 * knockd's {@code Start_Command_6}/{@code Stop_Command_6} do: an IPv4 source goes to the IPv4
 * launcher, an IPv6 source to the IPv6 launcher, or nowhere when there is none ("do nothing for
 * IPv6"): the knock is then accepted and consumed, and nothing is opened or closed.
 *
 * <p>Closing closes both launchers.
 */
public final class AddressFamilyLauncher implements Launcher {
    /** What an IPv6 knock opens when there is no IPv6 launcher: nothing, so nothing to stop. */
    private static final Launch NOTHING = new Launch() {
        @Override
        public boolean hasStop() {
            return false;
        }

        @Override
        public void stop() {
            throw new IllegalStateException("nothing to stop");
        }
    };

    private final Launcher ipv4;
    private final Optional<Launcher> ipv6;

    /**
     * Routes IPv4 sources to {@code ipv4} and IPv6 sources to {@code ipv6}.
     *
     * @param ipv4 opens the service for IPv4 knockers
     * @param ipv6 opens it for IPv6 knockers; empty: open nothing for them
     */
    public AddressFamilyLauncher(Launcher ipv4, Optional<Launcher> ipv6) {
        this.ipv4 = Objects.requireNonNull(ipv4, "ipv4");
        this.ipv6 = Objects.requireNonNull(ipv6, "ipv6");
    }

    @Override
    public Launch start(LaunchRequest request) throws IOException {
        Optional<Launcher> launcher = launcherFor(request);
        return launcher.isPresent() ? launcher.get().start(request) : NOTHING;
    }

    @Override
    public Optional<Launch> recover(LaunchRequest request) {
        return launcherFor(request).flatMap(launcher -> launcher.recover(request));
    }

    private Optional<Launcher> launcherFor(LaunchRequest request) {
        return request.source() instanceof Inet4Address ? Optional.of(ipv4) : ipv6;
    }

    @Override
    public void close() {
        ipv4.close();
        ipv6.ifPresent(Launcher::close);
    }
}
