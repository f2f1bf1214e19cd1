package dev.portknock.examples.config;

import static dev.portknock.examples.config.Configs.error;
import static dev.portknock.examples.config.Configs.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portknock.core.TcpFlagFilter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Doors with knockd's Sequence or One_Time_Sequences. */
class FixedDoorReadingTest {
    private static FixedDoorConfig fixed(String body) throws ConfigException {
        return (FixedDoorConfig) parse("[ssh]\nsequence = 7000,8000:udp\ncommand = open %IP%\n" + body).doors().get(0);
    }

    @Test
    void knockdDefaultsApply() throws ConfigException {
        FixedDoorConfig door = fixed("");
        assertEquals(DoorKind.FIXED, door.kind());
        assertEquals(Duration.ofSeconds(25), door.sequenceTimeout());
        assertEquals(Duration.ofSeconds(10), door.cmdTimeout());
        assertEquals(TcpFlagFilter.ANY, door.door().tcpFlags());
        assertEquals(new CaptureConfig(CaptureType.PCAP, Optional.of("eth0"), Optional.empty(), Optional.empty()), door.capture());
        assertEquals(new LauncherConfig(LauncherType.PROCESS, java.util.Map.of()), door.launcher());
        assertEquals(new Location("knockd.conf", 1), door.location());
    }

    @Test
    void timeoutIsKnockdsAliasOfSeqTimeout() throws ConfigException {
        assertEquals(Duration.ofSeconds(3), fixed("timeout = 3\n").sequenceTimeout());
    }

    @Test
    void targetIsKnockdsAliasOfListen() throws Exception {
        assertEquals(Optional.of(InetAddress.getByName("192.0.2.1")), fixed("Target = 192.0.2.1\n").capture().listen());
    }

    @Test
    void badSequenceSurfacesCoresMessage() {
        assertEquals("knockd.conf:2: 'sequence': port must be in 1..65535: '70000'",
                error("[ssh]\nsequence = 7000,70000\ncommand = x\n"));
    }

    @Test
    void unknownSequenceProtocolSurfacesCoresMessage() {
        assertEquals("knockd.conf:2: 'Sequence': unknown protocol 'icmp' in '7000:icmp'",
                error("[ssh]\nSequence = 7000:icmp\ncommand = x\n"));
    }

    @Test
    void badTcpFlagSurfacesCoresMessage() {
        assertEquals("knockd.conf:4: 'tcpflags': unknown tcp flag 'syn!'",
                error("[ssh]\nsequence = 1\ncommand = x\ntcpflags = syn!\n"));
    }

    @Test
    void badSequenceTimeoutIsRefused() {
        assertEquals("knockd.conf:4: bad number '5s' for 'seq_timeout'", error("[ssh]\nsequence = 1\ncommand = x\nseq_timeout = 5s\n"));
    }

    @Test
    void zeroSequenceTimeoutIsOutOfRange() {
        assertEquals("knockd.conf:4: 'seq_timeout' must be in 1..86400: 0",
                error("[ssh]\nsequence = 1\ncommand = x\nseq_timeout = 0\n"));
    }

    @Test
    void hugeNumberIsABadNumber() {
        assertEquals("knockd.conf:4: bad number '99999999999' for 'cmd_timeout'",
                error("[ssh]\nsequence = 1\ncommand = x\ncmd_timeout = 99999999999\n"));
    }

    @Test
    void padKeyInAFixedDoorIsRefused() {
        assertEquals("knockd.conf:4: 'base_port' does not apply to fixed door [ssh]",
                error("[ssh]\nsequence = 1\ncommand = x\nbase_port = 40000\npad = a.pad\n"));
    }

    @Test
    void sequenceAndOneTimeSequencesExcludeEachOther() {
        assertEquals("knockd.conf:3: 'one_time_sequences' cannot be combined with 'sequence' in [ssh]",
                error("[ssh]\nsequence = 1\none_time_sequences = s\ncommand = x\n"));
    }

    @Test
    void sequenceWithPadIsAFixedDoorWithAPadKey() {
        assertEquals("knockd.conf:3: 'pad' does not apply to fixed door [ssh]",
                error("[ssh]\nsequence = 1\npad = a.pad\ncommand = x\n"));
    }

    @Test
    void sequenceWithSchemeSealedIsRefused() {
        assertEquals("knockd.conf:3: scheme sealed needs 'pad', not 'sequence'",
                error("[ssh]\nsequence = 1\nscheme = sealed\ncommand = x\n"));
    }

    @Test
    void schemeFixedWithSequenceIsAccepted() throws ConfigException {
        assertEquals(DoorKind.FIXED, fixed("scheme = FIXED\n").kind());
    }

    @Test
    void udpSocketCaptureCannotSeeTcpPorts() {
        assertEquals("knockd.conf:4: capture udp-socket cannot see tcp port 7000 of the sequence"
                        + " (knockd's default is tcp; write 7000:udp)",
                error("[ssh]\nsequence = 7000,8000:udp\ncommand = x\ncapture = udp-socket\n"));
    }

    @Test
    void udpSocketCaptureSuitsAnAllUdpSequence() throws ConfigException {
        DoorConfig door = parse("[ssh]\nsequence = 7000:udp,8000:udp\ncommand = x\ncapture = udp-socket\n")
                .doors().get(0);
        assertEquals(CaptureType.UDP_SOCKET, door.capture().type());
    }

    @Test
    void oneTimeSequencesFileIsResolvedAgainstTheConfigurationDirectory() throws ConfigException {
        KnockdOneTimeDoorConfig door = (KnockdOneTimeDoorConfig) parse(
                "[smtp]\none_time_sequences = seq/smtp\ncommand = x\n").doors().get(0);
        assertEquals(DoorKind.KNOCKD_ONE_TIME_FILE, door.kind());
        assertEquals(Path.of("/etc/portknock/seq/smtp"), door.sequencesFile());
        assertEquals(Duration.ofSeconds(25), door.sequenceTimeout());
    }

    @Test
    void oneTimeSequencesAcceptSchemeRaw() throws ConfigException {
        assertEquals(DoorKind.KNOCKD_ONE_TIME_FILE,
                parse("[smtp]\none_time_sequences = s\nscheme = raw\ncommand = x\n").doors().get(0).kind());
    }

    @Test
    void padKeyInAKnockdOneTimeDoorIsRefused() {
        assertEquals("knockd.conf:3: 'window' does not apply to knockd-one-time-file door [smtp]",
                error("[smtp]\none_time_sequences = s\nwindow = 3\ncommand = x\n"));
    }

    @Test
    void ipv6CommandFallsBackToTheIpv4One() throws Exception {
        Commands commands = fixed("stop_command = close\nstop_command_6 =\n").commands();
        assertEquals(Optional.of("open %IP%"), commands.startFor(InetAddress.getByName("2001:db8::1")));
        assertEquals(Optional.empty(), commands.stopFor(InetAddress.getByName("2001:db8::1")));
        assertEquals(Optional.of("close"), commands.stopFor(InetAddress.getByName("192.0.2.1")));
    }
}
