package dev.portknock.examples.config;

import static dev.portknock.examples.config.Configs.error;
import static dev.portknock.examples.config.Configs.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** knockd.conf's sections, keys and comments, and the [options] section. */
class ConfigSyntaxTest {
    private static final String DOOR = "[ssh]\nsequence = 7000,8000\ncommand = open %IP%\n";

    @Test
    void unknownDoorKeyIsNamedAsWritten() {
        assertEquals("knockd.conf:12: unknown key 'Sequense' in [openSSH]",
                error("#\n".repeat(10) + "[openSSH]\nSequense = 7000,8000,9000\n"));
    }

    @Test
    void unknownOptionKeyIsRefused() {
        assertEquals("knockd.conf:2: unknown key 'Sequence' in [options]",
                error("[options]\nSequence = 1,2\n" + DOOR));
    }

    @Test
    void keysAreCaseInsensitive() throws ConfigException {
        FixedDoorConfig door = (FixedDoorConfig) parse("[ssh]\nSEQUENCE = 1,2\nSeq_Timeout = 7\nCoMmAnD = x\n")
                .doors().get(0);
        assertEquals(Duration.ofSeconds(7), door.sequenceTimeout());
    }

    @Test
    void whitespaceAroundEqualsAndIndentationAreIgnored() throws ConfigException {
        FixedDoorConfig door = (FixedDoorConfig) parse("  [ssh]  \n\tsequence\t=\t1,2  \n command=x\n")
                .doors().get(0);
        assertEquals(Optional.of("x"), door.commands().start());
    }

    @Test
    void commentLinesAreSkippedButHashInsideAValueIsKept() throws ConfigException {
        DoorConfig door = parse("# c\n[ssh]\n  # indented comment\nsequence = 1,2\ncommand = run # not a comment\n")
                .doors().get(0);
        assertEquals(Optional.of("run # not a comment"), door.commands().start());
    }

    @Test
    void keyOutsideAnySectionIsRefused() {
        assertEquals("knockd.conf:2: 'sequence = 7000' is outside any section; start with [options] or a [door] header",
                error("# top\nsequence = 7000\n" + DOOR));
    }

    @Test
    void duplicateKeyNamesTheFirstLine() {
        assertEquals("knockd.conf:4: duplicate key 'seq_timeout' in [ssh], first set at line 2",
                error("[ssh]\nseq_timeout = 5\nsequence = 1\nseq_timeout = 6\ncommand = x\n"));
    }

    @Test
    void aliasSetTwiceIsADuplicate() {
        assertEquals("knockd.conf:4: duplicate key 'Command' in [ssh], first set as 'start_command' at line 3",
                error("[ssh]\nsequence = 1\nstart_command = a\nCommand = b\n"));
    }

    @Test
    void duplicateSectionNamesTheFirstLine() {
        assertEquals("knockd.conf:4: duplicate section [SSH], first at line 1", error(DOOR + "[SSH]\n"));
    }

    @Test
    void duplicateOptionsSectionIsRefused() {
        assertEquals("knockd.conf:3: duplicate section [options], first at line 1",
                error("[options]\nUseSyslog\n[options]\n" + DOOR));
    }

    @Test
    void lineWithoutEqualsIsRefused() {
        assertEquals("knockd.conf:4: missing '=' after 'tcpflags'", error(DOOR + "tcpflags\n"));
    }

    @Test
    void lineThatIsNotKeyValueIsRefused() {
        assertEquals("knockd.conf:4: expected 'key = value', found 'seq_timeout 5'", error(DOOR + "seq_timeout 5\n"));
    }

    @Test
    void equalsWithoutKeyIsRefused() {
        assertEquals("knockd.conf:4: missing key before '='", error(DOOR + " = 5\n"));
    }

    @Test
    void keyWithSpacesIsRefused() {
        assertEquals("knockd.conf:4: bad key 'seq timeout' in [ssh]", error(DOOR + "seq timeout = 5\n"));
    }

    @Test
    void emptySectionNameIsRefused() {
        assertEquals("knockd.conf:1: empty section name", error("[  ]\n"));
    }

    @Test
    void sectionNameWithBracketsIsRefused() {
        assertEquals("knockd.conf:1: bad section name 'a]b'", error("[a]b]\n"));
    }

    @Test
    void aTabInsideASectionNameIsRefusedNamingTheLine() {
        assertEquals("knockd.conf:1: bad section name 'a\tb'", error("[a\tb]\npad = door.pad\n"));
    }

    @Test
    void overlongSectionNameIsRefused() {
        assertEquals("knockd.conf:1: section name is longer than 255 characters", error("[" + "s".repeat(256) + "]\n"));
    }

    @Test
    void emptyValueIsRefused() {
        assertEquals("knockd.conf:4: empty value for 'seq_timeout'", error(DOOR + "seq_timeout =\n"));
    }

    @Test
    void optionsAreRead() throws Exception {
        Options options = parse("[Options]\nLogFile = log/knockd.log\nPidFile = /run/k.pid\nInterface = wlan0\n"
                + "UseSyslog\nHolesJournal = /var/lib/portknock/holes\nControlSocket = /run/knock.sock\n"
                + "Metrics = 9110\nMaxSources = 8192\nWarmUpKnocks = 0\n" + DOOR).options();
        assertEquals(new Options(Optional.of(Path.of("/etc/portknock/log/knockd.log")), true,
                Optional.of(Path.of("/run/k.pid")), Optional.of("wlan0"), Optional.empty(),
                Optional.of(Path.of("/var/lib/portknock/holes")), Optional.of(Path.of("/run/knock.sock")),
                Optional.of(new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), 9110)), OptionalInt.of(8192),
                OptionalInt.of(0)), options);
    }

    @Test
    void lockDirIsReadBesideTheFile() throws ConfigException {
        assertEquals(Optional.of(Path.of("/etc/portknock/locks")),
                parse("[Options]\nLockDir = locks\n" + DOOR).options().lockDirectory());
    }

    @Test
    void withoutOptionsSectionNothingIsSet() throws ConfigException {
        assertEquals(Options.none(), parse(DOOR).options());
    }

    @Test
    void useSyslogAcceptsAYesOrNoValue() throws ConfigException {
        assertFalse(parse("[options]\nusesyslog = no\n" + DOOR).options().useSyslog());
        assertTrue(parse("[options]\nusesyslog = Yes\n" + DOOR).options().useSyslog());
    }

    @Test
    void badUseSyslogValueIsRefused() {
        assertEquals("knockd.conf:2: 'UseSyslog' must be yes or no: 'maybe'",
                error("[options]\nUseSyslog = maybe\n" + DOOR));
    }

    @Test
    void metricsWithAHostNameIsRefused() {
        assertEquals("knockd.conf:2: 'Metrics' must be PORT, ADDRESS:PORT or [IPV6]:PORT with an ip address literal "
                + "and a port in 1..65535: 'prometheus.example:9110'",
                error("[options]\nMetrics = prometheus.example:9110\n" + DOOR));
    }

    @Test
    void metricsWithAPortOutOfRangeIsRefused() {
        assertEquals("knockd.conf:2: 'Metrics' must be PORT, ADDRESS:PORT or [IPV6]:PORT with an ip address literal "
                + "and a port in 1..65535: '127.0.0.1:99999'", error("[options]\nMetrics = 127.0.0.1:99999\n" + DOOR));
    }

    @Test
    void metricsOnAnIpv6AddressIsRead() throws Exception {
        assertEquals(java.util.Optional.of(new java.net.InetSocketAddress(java.net.InetAddress.getByName("::1"), 9110)),
                parse("[options]\nMetrics = [::1]:9110\n" + DOOR).options().metrics());
    }

    @Test
    void maxSourcesFromOneToSixteenMillionIsRead() throws ConfigException {
        assertEquals(OptionalInt.of(1), parse("[options]\nMaxSources = 1\n" + DOOR).options().maxSources());
        assertEquals(OptionalInt.of(16_777_216),
                parse("[options]\nmaxsources = 16777216\n" + DOOR).options().maxSources());
    }

    @Test
    void warmUpKnocksFromZeroToTenThousandAreRead() throws ConfigException {
        assertEquals(OptionalInt.of(0), parse("[options]\nWarmUpKnocks = 0\n" + DOOR).options().warmUpKnocks());
        assertEquals(OptionalInt.of(10_000),
                parse("[options]\nwarmupknocks = 10000\n" + DOOR).options().warmUpKnocks());
    }

    @Test
    void warmUpKnocksAboveTenThousandAreRefused() {
        assertEquals("knockd.conf:2: 'WarmUpKnocks' must be in 0..10000: 10001",
                error("[options]\nWarmUpKnocks = 10001\n" + DOOR));
    }

    @Test
    void warmUpKnocksThatAreNoNumberAreRefused() {
        assertEquals("knockd.conf:2: bad number '-3' for 'WarmUpKnocks'", error("[options]\nWarmUpKnocks = -3\n" + DOOR));
    }

    @Test
    void maxSourcesOfZeroIsRefused() {
        assertEquals("knockd.conf:2: 'MaxSources' must be in 1..16777216: 0", error("[options]\nMaxSources = 0\n" + DOOR));
    }

    @Test
    void maxSourcesAboveSixteenMillionIsRefused() {
        assertEquals("knockd.conf:2: 'MaxSources' must be in 1..16777216: 16777217",
                error("[options]\nMaxSources = 16777217\n" + DOOR));
    }

    @Test
    void maxSourcesOfTenDigitsIsRefused() {
        assertEquals("knockd.conf:2: bad number '4294967296' for 'MaxSources'",
                error("[options]\nMaxSources = 4294967296\n" + DOOR));
    }

    @Test
    void maxSourcesThatIsNoNumberIsRefused() {
        assertEquals("knockd.conf:2: bad number '64k' for 'MaxSources'", error("[options]\nMaxSources = 64k\n" + DOOR));
        assertEquals("knockd.conf:2: bad number '-5' for 'MaxSources'", error("[options]\nMaxSources = -5\n" + DOOR));
    }

    @Test
    void emptyMaxSourcesIsRefused() {
        assertEquals("knockd.conf:2: empty value for 'MaxSources'", error("[options]\nMaxSources =\n" + DOOR));
    }

    @Test
    void maxSourcesInADoorIsRefused() {
        assertEquals("knockd.conf:4: unknown key 'MaxSources' in [ssh]", error(DOOR + "MaxSources = 10\n"));
    }

    @Test
    void badInterfaceNameIsRefused() {
        assertEquals("knockd.conf:2: bad interface name '/dev/eth0'", error("[options]\nInterface = /dev/eth0\n" + DOOR));
    }

    @Test
    void interfaceFromOptionsReachesEveryDoorsCapture() throws ConfigException {
        DoorConfig door = parse("[options]\nInterface = eth1\n" + DOOR).doors().get(0);
        assertEquals(Optional.of("eth1"), door.capture().networkInterface());
    }

    @Test
    void doorsAreFoundByNameRegardlessOfCase() throws ConfigException {
        ServerConfig config = parse(DOOR);
        assertEquals("ssh", config.door("SSH").orElseThrow().name());
        assertEquals(Optional.empty(), config.door("http"));
    }
}
