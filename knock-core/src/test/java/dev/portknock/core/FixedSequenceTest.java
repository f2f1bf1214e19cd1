package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** knockd's sequence syntax {@code port[:tcp|udp],...}. */
class FixedSequenceTest {

    private static String refused(String text) {
        return assertThrows(IllegalArgumentException.class, () -> FixedSequence.parse(text)).getMessage();
    }

    @Test
    void parsesPortsWithTheirTransports() {
        assertEquals(List.of(new KnockPort(7000, Transport.UDP), new KnockPort(8000, Transport.TCP)),
                FixedSequence.parse("7000:udp,8000:tcp").ports());
    }

    @Test
    void portWithoutSuffixIsTcpAsInKnockd() {
        assertEquals(List.of(new KnockPort(7000, Transport.TCP)), FixedSequence.parse("7000").ports());
    }

    @Test
    void whitespaceAndCaseAroundItemsAreIgnored() {
        assertEquals(FixedSequence.parse("7000:udp,8000:tcp"), FixedSequence.parse(" 7000 : UDP , 8000 "));
    }

    @Test
    void printsKnockdSyntaxThatParsesBack() {
        FixedSequence sequence = FixedSequence.parse("7000,8000:udp,9000");
        assertEquals("7000:tcp,8000:udp,9000:tcp", sequence.toString());
        assertEquals(sequence, FixedSequence.parse(sequence.toString()));
        assertEquals(3, sequence.length());
    }

    @Test
    void blankTextIsRefused() {
        assertEquals("a sequence needs at least one port", refused(" "));
    }

    @Test
    void emptyListIsRefused() {
        assertEquals("a sequence needs at least one port",
                assertThrows(IllegalArgumentException.class, () -> new FixedSequence(List.of())).getMessage());
    }

    @Test
    void truncatedListIsRefused() {
        assertEquals("bad port ''", refused("7000,"));
    }

    @Test
    void truncatedProtocolIsRefused() {
        assertEquals("unknown protocol '' in '7000:'", refused("7000:"));
    }

    @Test
    void unknownProtocolIsRefused() {
        assertEquals("unknown protocol 'icmp' in '7000:icmp'", refused("7000:icmp"));
    }

    @Test
    void garbageIsRefused() {
        assertEquals("bad port 'seven'", refused("seven"));
        assertEquals("bad port '-7000'", refused("-7000"));
        assertEquals("bad port '7000;8000'", refused("7000;8000"));
    }

    @Test
    void oversizedNumberIsRefused() {
        assertEquals("bad port '99999999999999999999'", refused("99999999999999999999"));
    }

    @Test
    void portAbove65535IsRefused() {
        assertEquals("port must be in 1..65535: '65536'", refused("65536"));
    }

    @Test
    void portZeroIsRefused() {
        assertEquals("port must be in 1..65535: '0:udp'", refused("0:udp"));
    }

    @Test
    void longSequenceParses() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            text.append(i == 1 ? "" : ",").append(i).append(":udp");
        }
        assertEquals(1000, FixedSequence.parse(text.toString()).length());
    }

    @Test
    void knockPortOutsideTheRangeIsRefused() {
        assertEquals("port must be in 1..65535: 70000",
                assertThrows(IllegalArgumentException.class, () -> new KnockPort(70000, Transport.UDP)).getMessage());
    }
}
