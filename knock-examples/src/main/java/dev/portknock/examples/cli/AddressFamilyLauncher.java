package dev.portknock.examples.cli;

import dev.portknock.spi.Launch;
import dev.portknock.spi.LaunchRequest;
import dev.portknock.spi.Launcher;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Optional;

/**
 * knockd's {@code Start_Command_6}/{@code Stop_Command_6}: IPv4 knockers get one launcher, IPv6
 * knockers another, or nothing when the door's IPv6 command is empty ("do nothing for IPv6").
 */
final class AddressFamilyLauncher implements Launcher {
    private final Launcher ipv4;
    private final Optional<Launcher> ipv6;

    /** Routes IPv4 sources to {@code ipv4}, IPv6 sources to {@code ipv6} (empty: open nothing). */
    AddressFamilyLauncher(Launcher ipv4, Optional<Launcher> ipv6) {
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    @Override
    public Launch start(LaunchRequest request) throws IOException {
        if (request.source() instanceof Inet4Address) {
            return ipv4.start(request);
        }
        if (request.source() instanceof Inet6Address && ipv6.isPresent()) {
            return ipv6.get().start(request);
        }
        // the door's IPv6 start command is empty: nothing was opened, so nothing is to close
        return NOTHING;
    }

    @Override
    public Optional<Launch> recover(LaunchRequest request) {
        if (request.source() instanceof Inet4Address) {
            return ipv4.recover(request);
        }
        return ipv6.flatMap(launcher -> launcher.recover(request));
    }

    /** What an IPv6 knock on a door whose IPv6 command is empty opens. */
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

    @Override
    public void close() {
        ipv4.close();
        ipv6.ifPresent(Launcher::close);
    }
}
