package dev.portknock.pad;

/** The in-memory store keeps the store contract. */
class InMemoryPadStateStoreTest extends PadStateStoreContract {
    @Override
    PadStateStore store() {
        return new InMemoryPadStateStore();
    }
}
