package dev.portknock.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/**
 * The sequence matcher's attempts: an open-addressing table (linear probing, backward-shift
 * deletion) keyed by the bytes of an address and a door's index, whose entries keep that key and
 * its hash.
 *
 * <p>A {@code HashMap<InetAddress, ...>} calls {@code hashCode} on every operation, and an
 * {@code Inet6Address} recomputes it from its sixteen bytes each time; a started attempt took
 * four or five such operations (lookup, eviction, insert). Here the caller reads the packet's
 * source into a {@link Key} once (two words and their hash) and sets the door for each lookup, a
 * lookup compares words and door with the entries' own, never an {@code InetAddress} (whose {@code equals} reaches the bytes through two
 * more objects), and an entry is removed by identity from its stored hash without hashing
 * anything. Not thread-safe, like the matcher.
 *
 * @param <E> the entries
 */
final class AddressTable<E extends AddressTable.Entry> {
    private static final int MAX_CAPACITY = 1 << 30;
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * An address and a door as the table keys them: the address's bytes as two words, eight bytes
     * each read little-endian (an IPv4 address fills the low half of the first), whether it is
     * IPv6, the door's index, and their hash in one table. Two addresses have equal keys exactly
     * when they are {@link InetAddress#equals equal} (which for IPv6 compares the sixteen bytes
     * only, as this does, and tells an IPv4-mapped IPv6 address from the IPv4 one). Mutable, so
     * that a lookup allocates nothing: {@link #keyOf} fills it for door 0, {@link #door} moves it
     * to another door without hashing the address again. A {@link CapturedPacket} keeps its
     * source's words in one too, unhashed ({@link #words}, {@link #address}).
     */
    static final class Key {
        long first;
        long second;
        boolean ipv6;
        /** The hash of the address's bytes, which {@link #hash} derives from for each door. */
        int addressHash;
        int door;
        int hash;

        /**
         * This key with the door {@code d}: the address's hash, its bits flipped by a pattern of
         * the door's (none for door 0). An attacker who cannot predict an address's hash cannot
         * predict it for any door either.
         *
         * @return this key
         */
        Key door(int d) {
            door = d;
            hash = addressHash ^ d * 0x9E3779B9;
            return this;
        }

        /**
         * Sets the address words from an address's bytes in network order, without hashing them.
         *
         * @param length 4 or 16, checked by the caller
         * @return this key
         */
        Key words(byte[] bytes, int offset, int length) {
            ipv6 = length == 16;
            first = ipv6 ? (long) WORDS.get(bytes, offset) : (int) INTS.get(bytes, offset) & 0xFFFFFFFFL;
            second = ipv6 ? (long) WORDS.get(bytes, offset + 8) : 0;
            return this;
        }

        /**
         * Sets the address words from an address object, without hashing them. An
         * {@code Inet4Address}'s {@code hashCode} is its four bytes as an int (a test pins this),
         * which spares the copy {@code getAddress()} makes; an IPv6 address costs that copy.
         *
         * @return this key
         */
        Key address(InetAddress address) {
            if (address instanceof Inet4Address) {
                first = Integer.reverseBytes(address.hashCode()) & 0xFFFFFFFFL;
                second = 0;
                ipv6 = false;
                return this;
            }
            return words(address.getAddress(), 0, 16);
        }

        boolean sameKey(Entry entry) {
            return entry.first == first && entry.second == second && entry.ipv6 == ipv6 && entry.door == door;
        }
    }

    /**
     * What the table holds: an address and a door, their key, and whether it is in the table. The
     * address is kept as its key's words, not as the {@code InetAddress} it came in (three objects
     * and an array for IPv6, which a table of thousands of spoofed sources would hold for the
     * whole sequence timeout, and a collector copy for as long); {@link #address()} makes one
     * again when it is asked for.
     */
    abstract static class Entry {
        /**
         * The address as it came, when its bytes do not say all of it: an IPv6 address with a
         * scope ({@code fe80::1%eth0}); null otherwise.
         */
        private final InetAddress scoped;
        final long first;
        final long second;
        final boolean ipv6;
        final int door;
        final int hash;
        /** Written by the table only. */
        boolean filed;

        /**
         * An entry for an address and a door.
         *
         * @param address the address object it came as, kept when it has a scope; null when it
         *     came as bytes (a {@link CapturedPacket}'s, which carry no scope)
         * @param key the key of the address and the door, {@link AddressTable#keyOf filled} by the
         *     table the entry goes to
         */
        Entry(InetAddress address, Key key) {
            this.scoped = isScoped(address) ? address : null;
            this.first = key.first;
            this.second = key.second;
            this.ipv6 = key.ipv6;
            this.door = key.door;
            this.hash = key.hash;
        }

        /**
         * The entry's address: equal to the one it was made with, and the same object when that
         * had a scope. Made anew on each call otherwise, without a host name.
         */
        final InetAddress address() {
            return scoped != null ? scoped : addressOf(first, second, ipv6);
        }

        private static boolean isScoped(InetAddress address) {
            return address instanceof Inet6Address
                    && (((Inet6Address) address).getScopeId() != 0 || ((Inet6Address) address).getScopedInterface() != null);
        }

        /** Whether the entry is in a table (added and not removed since). */
        final boolean filed() {
            return filed;
        }
    }

    /**
     * The table's secret key: the hash is SipHash over every byte of the address. Sources are
     * chosen by whoever sends the packets (any IPv6 /64 holds 2^64 of them, no spoofing needed);
     * a hash an attacker can predict would let a flood put every entry in one run of slots, and
     * each lookup would then walk the whole run. {@code InetAddress.hashCode} is no base for a
     * seeded mix either: an {@code Inet6Address}'s is the sum of its four 32-bit words, so
     * addresses of equal sums collide before any seed is applied.
     */
    private final SipHash hash;
    /**
     * The entries, and beside them their hashes as {@link #slotKey keys} (0 for an empty slot):
     * probing and closing a hole read only the key array and touch an entry only when its key
     * matches, which spares a cache miss per slot passed on a table of thousands of sources.
     */
    private Entry[] table = new Entry[16];
    private int[] keys = new int[16];
    private int shift = 32 - 4;
    private int size;

    /** A table with a key drawn from the platform's {@code SecureRandom}. */
    AddressTable() {
        this(SipHash.withRandomKey());
    }

    /** A table hashing with the given key (tests). */
    AddressTable(SipHash hash) {
        this.hash = hash;
    }

    /**
     * A new address object for the words of a key, without a host name: an IPv4 address when
     * {@code ipv6} is false (its bytes in the low half of {@code first}), else an IPv6 one.
     */
    static InetAddress addressOf(long first, long second, boolean ipv6) {
        try {
            if (!ipv6) {
                int bytes = Integer.reverseBytes((int) first);
                return InetAddress.getByAddress(new byte[] {
                    (byte) (bytes >>> 24), (byte) (bytes >>> 16), (byte) (bytes >>> 8), (byte) bytes});
            }
            byte[] bytes = new byte[16];
            WORDS.set(bytes, 0, first);
            WORDS.set(bytes, 8, second);
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError("an address of 4 or 16 bytes is always valid", e);
        }
    }

    /**
     * Fills {@code key} with the address's bytes, door 0 and their hash in this table: SipHash of
     * the address's bytes. An IPv6 address costs the copy {@code getAddress()} makes (32 bytes).
     *
     * @return {@code key}
     */
    Key keyOf(InetAddress address, Key key) {
        return hashed(key.address(address));
    }

    /**
     * Fills {@code key} with the address words of {@code words} (a packet's source, read from its
     * bytes), door 0 and their hash in this table; allocates nothing.
     *
     * @return {@code key}
     */
    Key keyOf(Key words, Key key) {
        key.first = words.first;
        key.second = words.second;
        key.ipv6 = words.ipv6;
        return hashed(key);
    }

    /** The key with its address's hash in this table, for door 0. */
    private Key hashed(Key key) {
        // an IPv4 address hashes as its four bytes in network order, an int
        key.addressHash = key.ipv6 ? (int) hash.hash(key.first, key.second)
                : (int) hash.hash(Integer.reverseBytes((int) key.first));
        return key.door(0);
    }

    /** The number of entries. */
    int size() {
        return size;
    }

    /**
     * The most slots a lookup of a filed entry reads: 1 for an entry in its home slot. What a
     * flood of chosen addresses would drive up, for tests of the hash.
     */
    int longestProbe() {
        int mask = keys.length - 1;
        int longest = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                longest = Math.max(longest, ((i - home(keys[i])) & mask) + 1);
            }
        }
        return longest;
    }

    /**
     * The entry for the address and door, or null when there is none.
     *
     * @param wanted their key, {@link #keyOf filled} by this table
     */
    E find(Key wanted) {
        int key = slotKey(wanted.hash);
        int mask = keys.length - 1;
        for (int i = home(key); ; i = (i + 1) & mask) {
            int found = keys[i];
            if (found == 0) {
                return null;
            }
            if (found == key && wanted.sameKey(table[i])) {
                @SuppressWarnings("unchecked")
                E entry = (E) table[i];
                return entry;
            }
        }
    }

    /**
     * Adds an entry whose address and door have none yet.
     *
     * @throws IllegalStateException when the entry is already in a table
     */
    void add(E entry) {
        if (entry.filed) {
            throw new IllegalStateException("entry is already in a table");
        }
        if (2 * (size + 1) > keys.length) {
            if (keys.length == MAX_CAPACITY) {
                throw new IllegalStateException("address table is full: " + size + " entries");
            }
            resize();
        }
        place(entry, slotKey(entry.hash));
        entry.filed = true;
        size++;
    }

    /**
     * Removes an entry that is in this table, found by identity.
     *
     * @throws IllegalStateException when the entry is not in a table
     */
    void remove(E entry) {
        if (!entry.filed) {
            throw new IllegalStateException("entry is not in a table");
        }
        int mask = keys.length - 1;
        int hole = home(slotKey(entry.hash));
        while (table[hole] != entry) {
            hole = (hole + 1) & mask;
        }
        // Close the hole: move back every later entry of the run whose probe path passes it.
        for (int i = (hole + 1) & mask; keys[i] != 0; i = (i + 1) & mask) {
            int from = home(keys[i]);
            if (((i - from) & mask) >= ((i - hole) & mask)) {
                table[hole] = table[i];
                keys[hole] = keys[i];
                hole = i;
            }
        }
        table[hole] = null;
        keys[hole] = 0;
        entry.filed = false;
        size--;
    }

    /** The hash as stored: 0 marks an empty slot, so a hash of 0 is stored as 1 (found by equality like any collision). */
    private static int slotKey(int hash) {
        return hash == 0 ? 1 : hash;
    }

    /** The key's first slot: its top bits (a keyed hash's bits are all equally good). */
    private int home(int key) {
        return key >>> shift;
    }

    private void place(Entry entry, int key) {
        int mask = keys.length - 1;
        int i = home(key);
        while (keys[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = entry;
        keys[i] = key;
    }

    private void resize() {
        Entry[] oldTable = table;
        int[] oldKeys = keys;
        table = new Entry[oldTable.length * 2];
        keys = new int[oldKeys.length * 2];
        shift--;
        for (int i = 0; i < oldTable.length; i++) {
            if (oldKeys[i] != 0) {
                place(oldTable[i], oldKeys[i]);
            }
        }
    }
}
