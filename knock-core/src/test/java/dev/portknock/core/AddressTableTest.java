package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The matcher's address table against a HashMap model, through growth and backward-shift deletion. */
class AddressTableTest {

    private static final class Item extends AddressTable.Entry {
        Item(AddressTable<Item> table, InetAddress address) {
            super(address, table.keyOf(address, new AddressTable.Key()));
        }
    }

    private static InetAddress ipv4(int n) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {(byte) 198, 51, 100, (byte) n});
    }

    private static InetAddress ipv6(int n) throws UnknownHostException {
        byte[] bytes = new byte[16];
        bytes[0] = 0x20;
        bytes[1] = 0x01;
        bytes[2] = 0x0d;
        bytes[3] = (byte) 0xb8;
        bytes[14] = (byte) (n >>> 8);
        bytes[15] = (byte) n;
        return InetAddress.getByAddress(bytes);
    }

    private static InetAddress address(int n) throws UnknownHostException {
        return n % 2 == 0 ? ipv4(n / 2 % 256) : ipv6(n);
    }

    private static void assertMatches(Map<InetAddress, Item> model, AddressTable<Item> table, int pool)
            throws UnknownHostException {
        assertEquals(model.size(), table.size());
        for (int n = 0; n < pool; n++) {
            InetAddress address = address(n);
            Item expected = model.get(address);
            Item found = table.find(table.keyOf(address, new AddressTable.Key()));
            if (expected == null) {
                assertNull(found, address.toString());
            } else {
                assertSame(expected, found, address.toString());
            }
        }
    }

    @Test
    void randomAddsAndRemovesAgreeWithAMap() throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(7);
        int pool = 600;
        AddressTable<Item> table = new AddressTable<>();
        Map<InetAddress, Item> model = new HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            InetAddress address = address(random.nextInt(pool));
            Item present = model.get(address);
            if (present == null) {
                Item item = new Item(table, address);
                table.add(item);
                model.put(address, item);
            } else if (random.nextInt(3) > 0) {
                table.remove(present);
                model.remove(address);
                assertFalse(present.filed());
            }
            if (step % 500 == 0) {
                assertMatches(model, table, pool);
            }
        }
        assertMatches(model, table, pool);
    }

    @Test
    void everyEntryCanBeRemovedInAnyOrder() throws UnknownHostException {
        AddressTable<Item> table = new AddressTable<>();
        Map<InetAddress, Item> model = new HashMap<>();
        for (int n = 0; n < 300; n++) {
            Item item = new Item(table, address(n));
            if (model.putIfAbsent(item.address(), item) == null) {
                table.add(item);
                assertTrue(item.filed());
            }
        }
        SplittableRandom random = new SplittableRandom(3);
        Item[] items = model.values().toArray(new Item[0]);
        for (int i = items.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Item swap = items[i];
            items[i] = items[j];
            items[j] = swap;
        }
        for (Item item : items) {
            table.remove(item);
            model.remove(item.address());
            assertMatches(model, table, 300);
        }
        assertEquals(0, table.size());
    }

    @Test
    void anEntryIsFiledOnceAndRemovedOnce() throws UnknownHostException {
        AddressTable<Item> table = new AddressTable<>();
        Item item = new Item(table, ipv4(1));
        table.add(item);
        assertEquals("entry is already in a table", assertThrows(IllegalStateException.class, () -> table.add(item)).getMessage());
        table.remove(item);
        assertEquals("entry is not in a table", assertThrows(IllegalStateException.class, () -> table.remove(item)).getMessage());
    }

    @Test
    void hashIsSipHashOfTheAddressBytes() throws UnknownHostException {
        SipHash key = new SipHash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L);
        AddressTable<Item> table = new AddressTable<>(key);
        for (int n = 0; n < 600; n++) {
            InetAddress address = n == 0 ? InetAddress.getByName("255.255.255.255") : address(n);
            assertEquals((int) key.hash(address.getAddress()), table.keyOf(address, new AddressTable.Key()).hash,
                    address.toString());
        }
    }

    /** ::ffff:a.b.c.d, kept an Inet6Address (InetAddress.getByAddress would make it IPv4). */
    private static InetAddress mappedIpv6(InetAddress ipv4) throws UnknownHostException {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(ipv4.getAddress(), 0, mapped, 12, 4);
        return Inet6Address.getByAddress(null, mapped, -1);
    }

    @Test
    void anIpv4MappedIpv6AddressIsNotItsIpv4Address() throws UnknownHostException {
        AddressTable<Item> table = new AddressTable<>();
        InetAddress ipv4 = ipv4(7);
        InetAddress ipv6 = mappedIpv6(ipv4);
        Item item = new Item(table, ipv4);
        table.add(item);
        assertSame(item, table.find(table.keyOf(ipv4(7), new AddressTable.Key())));
        assertNull(table.find(table.keyOf(ipv6, new AddressTable.Key())));
    }

    @Test
    void anEntryGivesBackAnAddressEqualToItsOwn() throws UnknownHostException {
        AddressTable<Item> table = new AddressTable<>();
        InetAddress[] addresses = {ipv4(7), ipv4(255), InetAddress.getByName("255.255.255.255"), ipv6(1), ipv6(0xffff),
            mappedIpv6(ipv4(9))};
        for (InetAddress address : addresses) {
            InetAddress back = new Item(table, address).address();
            assertEquals(address, back);
            assertEquals(address.getClass(), back.getClass());
            assertEquals(address.getHostAddress(), back.getHostAddress());
        }
    }

    @Test
    void anEntryKeepsAScopedAddressAsItCame() throws UnknownHostException {
        AddressTable<Item> table = new AddressTable<>();
        InetAddress scoped = Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 3);

        assertSame(scoped, new Item(table, scoped).address());
    }

    /**
     * 2001:db8:0:1::/64 with interface identifiers whose two 32-bit words, taken as
     * {@code Inet6Address.hashCode} takes them, always sum to 0x7f7f7f7f: every address has the same
     * {@code hashCode}, and anyone holding a /64 can send from all of them.
     */
    private static InetAddress equalWordSum(int n) throws UnknownHostException {
        byte[] bytes = ipv6(0).getAddress();
        bytes[7] = 1;
        int[] low = {n >>> 14 & 0x7f, n >>> 7 & 0x7f, n & 0x7f};
        for (int i = 0; i < low.length; i++) {
            bytes[9 + i] = (byte) low[i];
            bytes[13 + i] = (byte) (0x7f - low[i]);
        }
        bytes[12] = 0x7f;
        return InetAddress.getByAddress(bytes);
    }

    @Test
    void addressesOfEqualWordSumsDoNotShareARunOfSlots() throws UnknownHostException {
        // a fixed key keeps the test repeatable; the attacker does not know the key
        AddressTable<Item> table = new AddressTable<>(new SipHash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L));
        int sources = 1 << 16;
        for (int n = 0; n < sources; n++) {
            InetAddress address = equalWordSum(n);
            assertEquals(equalWordSum(0).hashCode(), address.hashCode(), "the flood's premise: one hashCode");
            table.add(new Item(table, address));
        }
        assertEquals(sources, table.size());
        assertTrue(table.longestProbe() <= 64, "longest probe " + table.longestProbe());
    }
}
