package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The in-memory store keeps the store contract. */
class InMemoryPadStateStoreTest extends PadStateStoreContract {
    @Override
    PadStateStore store() {
        return new InMemoryPadStateStore();
    }

    @Test
    void aStoreInMemoryIsNotSharedWithOtherHostsSoNeedsNoRefresh() {
        assertEquals(Optional.empty(), store().sharedRefreshInterval());
    }
}
