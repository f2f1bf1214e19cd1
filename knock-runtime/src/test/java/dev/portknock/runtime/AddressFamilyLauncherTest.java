package dev.portknock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.spi.Launch;
import dev.portknock.spi.LaunchRequest;
import dev.portknock.spi.Launcher;
import dev.portknock.testkit.RecordingLauncher;
import dev.portknock.testkit.TestClock;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** IPv4 knockers get one launcher, IPv6 knockers another or nothing (knockd's *_Command_6). */
class AddressFamilyLauncherTest {
    private final RecordingLauncher ipv4 = new RecordingLauncher(TestClock.at(Instant.EPOCH));
    private final RecordingLauncher ipv6 = new RecordingLauncher(TestClock.at(Instant.EPOCH));

    private static LaunchRequest from(String address) throws IOException {
        return new LaunchRequest("ssh", 22, InetAddress.getByName(address), Duration.ofSeconds(10));
    }

    @Test
    void anIpv4SourceStartsTheIpv4Launcher() throws IOException {
        LaunchRequest request = from("192.0.2.7");

        new AddressFamilyLauncher(ipv4, Optional.of(ipv6)).start(request);

        assertEquals(List.of(request), ipv4.open());
        assertEquals(List.of(), ipv6.open());
    }

    @Test
    void anIpv6SourceStartsTheIpv6Launcher() throws IOException {
        LaunchRequest request = from("2001:db8::7");

        new AddressFamilyLauncher(ipv4, Optional.of(ipv6)).start(request);

        assertEquals(List.of(), ipv4.open());
        assertEquals(List.of(request), ipv6.open());
    }

    @Test
    void anIpv6SourceWithoutAnIpv6LauncherOpensNothingAndHasNothingToStop() throws IOException {
        Launch launch = new AddressFamilyLauncher(ipv4, Optional.empty()).start(from("2001:db8::7"));

        assertFalse(launch.hasStop());
        assertEquals(List.of(), ipv4.events());
        assertEquals("nothing to stop", assertThrows(IllegalStateException.class, launch::stop).getMessage());
    }

    @Test
    void recoveryAsksTheLauncherOfTheSourcesFamily() throws IOException {
        Launch recovered = () -> { };
        Launcher recovering = new Launcher() {
            @Override
            public Launch start(LaunchRequest request) {
                throw new AssertionError("recovery starts nothing");
            }

            @Override
            public Optional<Launch> recover(LaunchRequest request) {
                return Optional.of(recovered);
            }
        };
        AddressFamilyLauncher launcher = new AddressFamilyLauncher(ipv4, Optional.of(recovering));

        assertEquals(Optional.of(recovered), launcher.recover(from("2001:db8::7")));
        assertEquals(Optional.empty(), launcher.recover(from("192.0.2.7")));
    }

    @Test
    void recoveryOfAnIpv6LaunchWithoutAnIpv6LauncherFindsNothing() throws IOException {
        assertEquals(Optional.empty(), new AddressFamilyLauncher(ipv4, Optional.empty()).recover(from("2001:db8::7")));
    }

    @Test
    void closingClosesBothLaunchers() {
        new AddressFamilyLauncher(ipv4, Optional.of(ipv6)).close();

        assertTrue(ipv4.isClosed());
        assertTrue(ipv6.isClosed());
    }
}
