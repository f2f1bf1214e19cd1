package dev.portknock.core;

import java.net.InetAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sequence matcher's per-source entries: an open-addressing table (linear probing,
 * backward-shift deletion) keyed by address, whose entries keep their address's hash.
 *
 * <p>A {@code HashMap<InetAddress, ...>} calls {@code hashCode} on every operation, and an
 * {@code Inet6Address} recomputes it from its sixteen bytes each time; a started attempt took
 * four or five such operations (lookup, eviction, insert). Here the caller hashes the packet's
 * source once, and an entry is removed by identity from its stored hash without hashing
 * anything. Not thread-safe, like the matcher.
 *
 * @param <E> the entries
 */
final class AddressTable<E extends AddressTable.Entry> {
    private static final int MAX_CAPACITY = 1 << 30;

    /** What the table holds: an address, its hash, and whether it is in the table. */
    abstract static class Entry {
        final InetAddress address;
        final int hash;
        /** Written by the table only. */
        boolean filed;

        /**
         * An entry for an address.
         *
         * @param hash {@link AddressTable#hashOf(InetAddress)} of the address
         */
        Entry(InetAddress address, int hash) {
            this.address = address;
            this.hash = hash;
        }

        /** Whether the entry is in a table (added and not removed since). */
        final boolean filed() {
            return filed;
        }
    }

    /**
     * The entries, and beside them their hashes as {@link #keyOf keys} (0 for an empty slot):
     * probing and closing a hole read only the key array and touch an entry only when its key
     * matches, which spares a cache miss per slot passed on a table of thousands of sources.
     */
    /**
     * A random seed per table, mixed into every hash before the index is taken from its top
     * bits. Sources are spoofable: with a fixed mix a flood could pick addresses whose hashes all
     * land in one run of slots; with a secret seed and a full avalanche it cannot aim. Addresses
     * with equal {@code hashCode}s still share a run: an {@code Inet6Address}'s is the sum of its
     * four 32-bit words, so a flood can make many, as it could fill one bin of a HashMap.
     */
    private final int seed = ThreadLocalRandom.current().nextInt();
    private Entry[] table = new Entry[16];
    private int[] keys = new int[16];
    private int shift = 32 - 4;
    private int size;

    /** The hash entries of this address carry. */
    static int hashOf(InetAddress address) {
        return address.hashCode();
    }

    /** The number of entries. */
    int size() {
        return size;
    }

    /**
     * The entry for the address, or null when there is none.
     *
     * @param hash {@link #hashOf(InetAddress)} of the address
     */
    E find(InetAddress address, int hash) {
        int key = keyOf(hash);
        int mask = keys.length - 1;
        for (int i = home(key); ; i = (i + 1) & mask) {
            int found = keys[i];
            if (found == 0) {
                return null;
            }
            if (found == key && table[i].address.equals(address)) {
                @SuppressWarnings("unchecked")
                E entry = (E) table[i];
                return entry;
            }
        }
    }

    /**
     * Adds an entry whose address has none yet.
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
        place(entry, keyOf(entry.hash));
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
        int hole = home(keyOf(entry.hash));
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
    private static int keyOf(int hash) {
        return hash == 0 ? 1 : hash;
    }

    /** The key's first slot: murmur3's finalizer over the seeded key, top bits. */
    private int home(int key) {
        int h = key ^ seed;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h >>> shift;
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
