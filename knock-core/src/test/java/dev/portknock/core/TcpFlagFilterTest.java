package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** knockd's {@code tcpflags} syntax and matching. */
class TcpFlagFilterTest {

    private static String refused(String text) {
        return assertThrows(IllegalArgumentException.class, () -> TcpFlagFilter.parse(text)).getMessage();
    }

    @Test
    void parsesRequiredAndForbiddenFlags() {
        assertEquals(new TcpFlagFilter(TcpFlagFilter.SYN, TcpFlagFilter.ACK), TcpFlagFilter.parse("syn,!ack"));
    }

    @Test
    void parsingIgnoresCaseAndWhitespace() {
        assertEquals(TcpFlagFilter.SYN_ONLY, TcpFlagFilter.parse(" SYN , ! Ack "));
    }

    @Test
    void blankMeansAny() {
        assertEquals(TcpFlagFilter.ANY, TcpFlagFilter.parse("  "));
    }

    @Test
    void unknownFlagIsRefusedByName() {
        assertEquals("unknown tcp flag 'ece'", refused("syn,ece"));
    }

    @Test
    void emptyItemIsRefused() {
        assertEquals("unknown tcp flag ''", refused("syn,"));
    }

    @Test
    void bareNegationIsRefused() {
        assertEquals("unknown tcp flag '!'", refused("!"));
    }

    @Test
    void garbageIsRefused() {
        assertEquals("unknown tcp flag 'syn;ack'", refused("syn;ack"));
    }

    @Test
    void flagBothRequiredAndForbiddenIsRefused() {
        assertEquals("a tcp flag cannot be both required and forbidden", refused("syn,!syn"));
    }

    @Test
    void masksOutsideTheSixFlagsAreRefused() {
        assertEquals("tcp flags must be among fin, syn, rst, psh, ack, urg",
                assertThrows(IllegalArgumentException.class, () -> new TcpFlagFilter(0x40, 0)).getMessage());
    }

    @Test
    void acceptsWhenRequiredSetAndForbiddenClear() {
        TcpFlagFilter filter = TcpFlagFilter.SYN_ONLY;
        assertTrue(filter.accepts(TcpFlagFilter.SYN));
        assertTrue(filter.accepts(TcpFlagFilter.SYN | TcpFlagFilter.PSH));
        assertFalse(filter.accepts(TcpFlagFilter.SYN | TcpFlagFilter.ACK));
        assertFalse(filter.accepts(TcpFlagFilter.RST));
        assertFalse(filter.accepts(0));
    }

    @Test
    void anyAcceptsEveryPacket() {
        for (int flags = 0; flags < 256; flags++) {
            assertTrue(TcpFlagFilter.ANY.accepts(flags));
        }
    }

    @Test
    void printsKnockdSyntaxThatParsesBack() {
        TcpFlagFilter filter = TcpFlagFilter.parse("!rst,fin,urg,!ack");
        assertEquals("fin,urg,!rst,!ack", filter.toString());
        assertEquals(filter, TcpFlagFilter.parse(filter.toString()));
        assertEquals("", TcpFlagFilter.ANY.toString());
    }
}
