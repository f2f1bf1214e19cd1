package dev.portknock.examples.systemd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.examples.logging.UnixDatagramSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NotifyAddressTest {
    /** sun_family AF_UNIX (1) as a native-order short. */
    private static byte[] family() {
        return ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort((short) 1).array();
    }

    @Test
    void aPathIsTheSocketAddressOfThatFile() throws IOException {
        assertArrayEquals(UnixDatagramSocket.sockaddr(Path.of("/run/systemd/notify")),
                NotifyAddress.sockaddr("/run/systemd/notify"));
    }

    @Test
    void aPathsAddressIsTheFamilyThenThePathPaddedWithNul() {
        byte[] address = NotifyAddress.sockaddr("/run/n");
        assertEquals(110, address.length);
        assertArrayEquals(family(), java.util.Arrays.copyOf(address, 2));
        assertArrayEquals("/run/n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                java.util.Arrays.copyOfRange(address, 2, 8));
        assertArrayEquals(new byte[102], java.util.Arrays.copyOfRange(address, 8, 110));
    }

    @Test
    void anAtSignNamesTheAbstractNamespaceWithALeadingNulAndNoPadding() {
        byte[] family = family();
        assertArrayEquals(new byte[] {family[0], family[1], 0, 'n', 'o', 't', 'i', 'f', 'y'},
                NotifyAddress.sockaddr("@notify"));
    }

    @Test
    void anAbstractNameOfTheLongestLengthFits() {
        assertEquals(2 + 1 + 107, NotifyAddress.sockaddr("@" + "n".repeat(107)).length);
    }

    @Test
    void anAbstractNameTooLongIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NotifyAddress.sockaddr("@" + "n".repeat(108)));
        assertEquals("NOTIFY_SOCKET @" + "n".repeat(108) + ": an abstract socket name is 1 to 107 bytes, not 108",
                e.getMessage());
    }

    @Test
    void anEmptyAbstractNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NotifyAddress.sockaddr("@"));
        assertEquals("NOTIFY_SOCKET @: an abstract socket name is 1 to 107 bytes, not 0", e.getMessage());
    }

    @Test
    void aRelativePathIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NotifyAddress.sockaddr("run/notify"));
        assertEquals("NOTIFY_SOCKET run/notify: neither an absolute path nor an abstract name (@NAME)", e.getMessage());
    }

    @Test
    void aVsockAddressIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NotifyAddress.sockaddr("vsock:2:1234"));
        assertEquals("NOTIFY_SOCKET vsock:2:1234: neither an absolute path nor an abstract name (@NAME)",
                e.getMessage());
    }

    @Test
    void aPathTooLongIsRefused() {
        String path = "/" + "p".repeat(107);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NotifyAddress.sockaddr(path));
        assertEquals("NOTIFY_SOCKET " + path + ": the path is 108 bytes, longer than the 107 a unix socket address "
                + "holds", e.getMessage());
    }

    @Test
    void aPathWithANulByteIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NotifyAddress.sockaddr("/run/a\u0000b"));
        assertEquals("NOTIFY_SOCKET /run/a\u0000b: Nul character not allowed: /run/a\u0000b", e.getMessage());
    }
}
