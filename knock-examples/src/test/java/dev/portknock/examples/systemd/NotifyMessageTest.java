package dev.portknock.examples.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NotifyMessageTest {
    @Test
    void readyIsReadyThenTheStatus() {
        assertEquals("READY=1\nSTATUS=serving 1 door(s) from /etc/portknock/doors.conf\n",
                NotifyMessage.ready("serving 1 door(s) from /etc/portknock/doors.conf"));
    }

    @Test
    void reloadingCarriesTheMonotonicTimeInMicroseconds() {
        assertEquals("RELOADING=1\nMONOTONIC_USEC=123456789\nSTATUS=reloading /etc/knockd.conf (reload 1)\n",
                NotifyMessage.reloading(123_456_789L, "reloading /etc/knockd.conf (reload 1)"));
    }

    @Test
    void stoppingIsStoppingThenTheStatus() {
        assertEquals("STOPPING=1\nSTATUS=stopping\n", NotifyMessage.stopping("stopping"));
    }

    @Test
    void lineBreaksAndControlCharactersInAStatusBecomeSpaces() {
        assertEquals("READY=1\nSTATUS=a b c d\n", NotifyMessage.ready("a\nb\rc\u0000d"));
    }

    @Test
    void aLongStatusIsCutToItsLimit() {
        String status = "x".repeat(NotifyMessage.MAX_STATUS_CHARS + 10);
        assertEquals("READY=1\nSTATUS=" + "x".repeat(NotifyMessage.MAX_STATUS_CHARS) + "\n", NotifyMessage.ready(status));
    }

    @Test
    void aCutDoesNotSplitASurrogatePair() {
        String status = "x".repeat(NotifyMessage.MAX_STATUS_CHARS - 1) + "\uD83D\uDD12";
        assertEquals("READY=1\nSTATUS=" + "x".repeat(NotifyMessage.MAX_STATUS_CHARS - 1) + "\n",
                NotifyMessage.ready(status));
    }

    @Test
    void aNegativeMonotonicTimeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NotifyMessage.reloading(-1, "reloading"));
        assertEquals("monotonic time must not be negative: -1", e.getMessage());
    }
}
