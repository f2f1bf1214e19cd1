package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.Profile;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads, many pads, every knock delivered twice: no block is ever accepted twice. */
class ConcurrentVerificationTest {
    @TempDir
    Path dir;

    @Test
    void noBlockIsAcceptedTwiceUnderConcurrency() throws Exception {
        runWith(new InMemoryPadStateStore(), 20, 50);
    }

    @Test
    void noBlockIsAcceptedTwiceUnderConcurrencyWithTheFileStore() throws Exception {
        runWith(new FilePadStateStore(dir.resolve("state")), 4, 15);
    }

    private void runWith(PadStateStore store, int padCount, int knocksPerPad) throws Exception {
        Profile profile = Profile.defaults();
        InetAddress source = InetAddress.getByName("192.0.2.10");
        List<Pad> pads = new ArrayList<>();
        List<int[]> deliveries = new ArrayList<>();
        for (int p = 0; p < padCount; p++) {
            Pad pad = TestPads.fromDigits(dir.resolve("c" + p + ".pad"), TestPads.idOf("c" + p), 12,
                    new Random(p).ints(knocksPerPad * (long) profile.blockDigits(), 0, 4096).toArray());
            pads.add(pad);
            KnockIssuer issuer = new KnockIssuer(profile, pad, new InMemoryPadStateStore(), Clock.systemUTC());
            for (int j = 0; j < knocksPerPad; j++) {
                int[] knock = issuer.issue(new int[] {22, 60, 1}, Optional.of(source)).digits();
                deliveries.add(knock);
                deliveries.add(knock);
            }
        }
        Collections.shuffle(deliveries, new Random(1));
        for (Pad pad : pads) {
            store.create(PadState.fresh(pad.id(), Side.SERVER));
        }
        DoorVerifier verifier = DoorVerifier.builder(profile, store).pads(pads).lowWater(0).build();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = thread; i < deliveries.size(); i += 8) {
                        if (verifier.verify(deliveries.get(i), source) instanceof Verification.Accepted a) {
                            String block = a.padId() + "/" + a.knockIndex();
                            if (!accepted.add(block)) {
                                duplicates.add(block);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), duplicates);
        assertTrue(accepted.size() > 0);
        for (PadStatus status : verifier.pads()) {
            long highest = accepted.stream().filter(b -> b.startsWith(status.padId() + "/"))
                    .mapToLong(b -> Long.parseLong(b.substring(b.indexOf('/') + 1))).max().orElse(-1);
            assertEquals(highest + 1, status.cursor());
            assertEquals(status.cursor(), store.read(status.padId(), Side.SERVER).cursor());
        }
    }
}
