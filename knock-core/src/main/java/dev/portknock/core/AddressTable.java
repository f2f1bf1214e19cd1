package dev.portknock.core;

import java.net.InetAddress;

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
    /** Fibonacci hashing: the multiplier spreads the hash into the top bits the index is taken from. */
    private static final int SPREAD = 0x9E3779B9;
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

    private Entry[] table = new Entry[16];
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
        int mask = table.length - 1;
        for (int i = home(hash); ; i = (i + 1) & mask) {
            Entry entry = table[i];
            if (entry == null) {
                return null;
            }
            if (entry.hash == hash && entry.address.equals(address)) {
                @SuppressWarnings("unchecked")
                E found = (E) entry;
                return found;
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
        if (2 * (size + 1) > table.length) {
            if (table.length == MAX_CAPACITY) {
                throw new IllegalStateException("address table is full: " + size + " entries");
            }
            resize();
        }
        place(entry);
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
        int mask = table.length - 1;
        int hole = home(entry.hash);
        while (table[hole] != entry) {
            hole = (hole + 1) & mask;
        }
        table[hole] = null;
        // Close the hole: move back every later entry of the run whose probe path passes it.
        for (int i = (hole + 1) & mask; table[i] != null; i = (i + 1) & mask) {
            int from = home(table[i].hash);
            if (((i - from) & mask) >= ((i - hole) & mask)) {
                table[hole] = table[i];
                table[i] = null;
                hole = i;
            }
        }
        entry.filed = false;
        size--;
    }

    private int home(int hash) {
        return (hash * SPREAD) >>> shift;
    }

    private void place(Entry entry) {
        int mask = table.length - 1;
        int i = home(entry.hash);
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = entry;
    }

    private void resize() {
        Entry[] old = table;
        table = new Entry[old.length * 2];
        shift--;
        for (Entry entry : old) {
            if (entry != null) {
                place(entry);
            }
        }
    }
}
