package dev.portknock.runtime.backend;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Finds a run of consecutive UDP ports on loopback that nothing is bound to right now. */
final class FreeUdpPorts {
    private FreeUdpPorts() {
    }

    /** The first port of {@code count} consecutive free ports on 127.0.0.1. */
    static int find(int count) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20_000, 60_000 - count);
            if (allFree(loopback, first, count)) {
                return first;
            }
        }
        throw new IOException("no run of " + count + " free udp ports found on 127.0.0.1");
    }

    /** Whether every port of the run can be bound now (each is released again). */
    static boolean allFree(InetAddress address, int first, int count) {
        List<DatagramSocket> bound = new ArrayList<>();
        try {
            for (int port = first; port < first + count; port++) {
                bound.add(new DatagramSocket(new InetSocketAddress(address, port)));
            }
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            bound.forEach(DatagramSocket::close);
        }
    }
}
