package dev.portknock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class ServiceKeyTest {
    private static InetAddress address(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @Test
    void keysOfTheSameDoorServiceAndSourceAreEqualWithEqualHashCodes() throws UnknownHostException {
        ServiceKey key = new ServiceKey("ssh", 22, address("192.0.2.7"));
        ServiceKey same = new ServiceKey(new String("ssh"), 22, address("192.0.2.7"));
        assertEquals(key, same);
        assertEquals(key.hashCode(), same.hashCode());
    }

    @Test
    void keysDifferingInDoorAreNotEqual() throws UnknownHostException {
        assertNotEquals(new ServiceKey("ssh", 22, address("192.0.2.7")),
                new ServiceKey("web", 22, address("192.0.2.7")));
    }

    @Test
    void keysDifferingInServiceAreNotEqual() throws UnknownHostException {
        assertNotEquals(new ServiceKey("ssh", 22, address("192.0.2.7")),
                new ServiceKey("ssh", 23, address("192.0.2.7")));
    }

    @Test
    void keysDifferingInSourceAreNotEqual() throws UnknownHostException {
        assertNotEquals(new ServiceKey("ssh", 22, address("192.0.2.7")),
                new ServiceKey("ssh", 22, address("192.0.2.8")));
        assertNotEquals(new ServiceKey("ssh", 22, address("192.0.2.7")),
                new ServiceKey("ssh", 22, address("2001:db8::7")));
    }

    @Test
    void aKeyIsNotEqualToAnotherKindOfObjectOrNull() throws UnknownHostException {
        ServiceKey key = new ServiceKey("ssh", 22, address("192.0.2.7"));
        assertNotEquals(key, "ssh");
        assertNotEquals(key, null);
    }

    @Test
    void aKeyNeedsADoorAndASource() throws UnknownHostException {
        InetAddress source = address("192.0.2.7");
        assertThrows(NullPointerException.class, () -> new ServiceKey(null, 22, source));
        assertThrows(NullPointerException.class, () -> new ServiceKey("ssh", 22, null));
    }
}
