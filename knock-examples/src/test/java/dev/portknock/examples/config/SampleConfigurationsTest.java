package dev.portknock.examples.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.FixedSequence;
import dev.portknock.core.Scheme;
import dev.portknock.core.SourceBinding;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SampleConfigurationsTest {
    private static final Path SAMPLES = Path.of("src", "main", "config");

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(SampleConfigurationsTest.class.getResource(name).toURI());
    }

    @Test
    void knockdFixedSampleHasTwoFixedDoorsWithKnockdSemantics() throws Exception {
        ServerConfig config = ServerConfig.load(SAMPLES.resolve("knockd-fixed.conf"));

        assertEquals(Optional.of(Path.of("/var/log/portknock.log")), config.options().logFile());
        assertEquals(Optional.of("eth0"), config.options().networkInterface());
        FixedDoorConfig ssh = (FixedDoorConfig) config.door("openSSH").orElseThrow();
        assertEquals(FixedSequence.parse("7000:tcp,8000:tcp,9000:tcp"), ssh.door().sequence());
        assertEquals(Duration.ofSeconds(5), ssh.sequenceTimeout());
        assertEquals(TcpFlagFilter.SYN_ONLY, ssh.door().tcpFlags());
        assertEquals(Duration.ofSeconds(30), ssh.cmdTimeout());
        assertEquals(Optional.of("/usr/sbin/nft delete element inet filter ssh_allowed { %IP% }"), ssh.commands().stop());
        FixedDoorConfig https = (FixedDoorConfig) config.door("openHTTPS").orElseThrow();
        assertEquals(FixedSequence.parse("2222:udp,3333:tcp,4444:udp"), https.door().sequence());
        assertEquals(CaptureType.PCAP, https.capture().type());
        assertEquals(LauncherType.PROCESS, https.launcher().type());
    }

    @Test
    void sealedLoopbackSampleCapturesWithUdpSocketsOnLoopback() throws Exception {
        ServerConfig config = ServerConfigParser.parse(SAMPLES.resolve("sealed-udp-loopback.conf"));

        PadDoorConfig demo = (PadDoorConfig) config.door("demo").orElseThrow();
        assertEquals(DoorKind.SEALED, demo.kind());
        assertEquals(Scheme.SEALED, demo.door().profile().scheme());
        assertEquals(40000, demo.door().profile().base());
        assertEquals(SourceBinding.BIND, demo.door().profile().sourceBinding());
        assertEquals(new CaptureConfig(CaptureType.UDP_SOCKET, Optional.empty(),
                Optional.of(InetAddress.getByName("127.0.0.1")), Optional.empty()), demo.capture());
        assertEquals(List.of(Path.of("/var/lib/portknock/demo.pad")), demo.pads());
        assertEquals(new StateLocation.File(Path.of("/var/lib/portknock/demo.state")), demo.state());
        assertEquals(List.of(22, 443), demo.services());
        assertEquals(Duration.ofSeconds(60), demo.defaultDuration());
        assertEquals(Duration.ofSeconds(600), demo.maxDuration());
        assertEquals(LauncherType.PROCESS, demo.launcher().type());
    }

    @Test
    void sealedPcapSampleOpensWithNftablesSettings() throws Exception {
        ServerConfig config = ServerConfigParser.parse(SAMPLES.resolve("sealed-pcap-nftables.conf"));

        assertTrue(config.options().useSyslog());
        PadDoorConfig gateway = (PadDoorConfig) config.door("gateway-ssh").orElseThrow();
        assertEquals(DoorKind.SEALED, gateway.kind());
        assertEquals(Transport.TCP, gateway.door().profile().transport());
        assertEquals(new CaptureConfig(CaptureType.PCAP, Optional.of("eth0"), Optional.empty(), Optional.empty()),
                gateway.capture());
        assertEquals(FailureThrottle.DEFAULT, gateway.failureThrottle());
        assertEquals(new LauncherConfig(LauncherType.NFTABLES, Map.of("nft_table", "inet portknock",
                "nft_set", "allowed_ssh", "nft_port", "22", "nft_create", "yes")), gateway.launcher());
        assertTrue(gateway.commands().isEmpty());
    }

    @Test
    void sealedPcapSamplesCommentedTuningKeysAreValid() throws Exception {
        String text = java.nio.file.Files.readString(SAMPLES.resolve("sealed-pcap-nftables.conf"))
                .replaceAll("(?m)^(\\s*)# ((failure_limit|failure_interval|capture_buffer_size)\\s*=)", "$1$2");
        PadDoorConfig gateway = (PadDoorConfig) Configs.parse(text).door("gateway-ssh").orElseThrow();
        assertEquals(new FailureThrottle(8, Duration.ofSeconds(1)), gateway.failureThrottle());
        assertEquals(Optional.of(67_108_864), gateway.capture().bufferSize());
    }

    @Test
    void teamSampleServesADirectoryOfPadsWithTwoHintDigits() throws Exception {
        ServerConfig config = ServerConfigParser.parse(SAMPLES.resolve("team-gateway.conf"));

        PadDoorConfig team = (PadDoorConfig) config.door("team").orElseThrow();
        assertEquals(List.of(Path.of("/etc/portknock/team")), team.pads());
        assertEquals(2, team.door().profile().hintDigits());
        assertEquals(List.of(22, 443), team.services());
        assertEquals(500, team.lowWater());
        assertEquals(LauncherType.PROCESS, team.launcher().type());
    }

    @Test
    void debianStyleKnockdConfigurationParses() throws Exception {
        ServerConfig config = ServerConfigParser.parse(resource("knockd-debian-style.conf"));

        assertTrue(config.options().useSyslog());
        assertEquals(List.of("openSSH", "closeSSH", "openHTTPS"),
                config.doors().stream().map(DoorConfig::name).toList());
        FixedDoorConfig close = (FixedDoorConfig) config.doors().get(1);
        assertEquals(new TcpFlagFilter(TcpFlagFilter.SYN, 0), close.door().tcpFlags());
        assertEquals(Optional.of("/sbin/iptables -D INPUT -s %IP% -p tcp --dport 22 -j ACCEPT"),
                close.commands().start());
    }

    @Test
    void manPageStyleKnockdConfigurationParses() throws Exception {
        ServerConfig config = ServerConfigParser.parse(resource("knockd-manpage-style.conf"));

        assertEquals(Optional.of(Path.of("/run/knockd.pid")), config.options().pidFile());
        KnockdOneTimeDoorConfig smtp = assertInstanceOf(KnockdOneTimeDoorConfig.class,
                config.door("opencloseSMTP").orElseThrow());
        assertEquals(DoorKind.KNOCKD_ONE_TIME_FILE, smtp.kind());
        assertEquals(Path.of("/etc/knockd/smtp_sequences"), smtp.sequencesFile());
        assertEquals(TcpFlagFilter.parse("fin,!ack"), smtp.tcpFlags());
        assertEquals(Optional.of(""), smtp.commands().stop6());
        FixedDoorConfig ssh = (FixedDoorConfig) config.door("opencloseSSH").orElseThrow();
        assertEquals(Duration.ofSeconds(5), ssh.cmdTimeout());
    }
}
