/*
 * Capture latency of the pcap backend: how long after the kernel stamped a packet the capture
 * hands it to the sink. Sends COUNT UDP datagrams (default 500) to 127.0.0.1 port 21470, one every
 * 20-50 ms (an idle server, where a ring block is handed over by its timeout rather than by
 * filling), captures them on `lo` and prints the median, p99 and maximum of
 * (delivery time - packet timestamp) in milliseconds. Needs root (or CAP_NET_RAW) and libpcap;
 * the jar from `mvn -B -q -pl knock-examples -am package -DskipTests`:
 *
 *   java -cp knock-examples/target/knock.jar bench/CaptureLatency.java [COUNT] [BUFFER_BYTES]
 *
 * BUFFER_BYTES is the capture's buffer_size option (default: the backend's); it sets the ring's
 * block timeout too (1 ms from 64 MiB up, 2 ms below; see PcapCaptureSource).
 *
 * The figures include the capture thread's scheduling delay, so they show the machine's load too.
 */
import dev.portknock.core.PortRange;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import dev.portknock.pcap.PcapCaptureProvider;
import dev.portknock.spi.CaptureSource;
import dev.portknock.spi.CaptureSpec;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

public class CaptureLatency {
    private static final int PORT = 21470;

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Map<String, String> options = args.length > 1 ? Map.of("buffer_size", args[1]) : Map.of();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        List<Double> millis = Collections.synchronizedList(new ArrayList<>());
        CaptureSpec spec = new CaptureSpec(List.of(new PortRange(PORT, PORT, Transport.UDP, TcpFlagFilter.ANY)),
                Optional.of("lo"), Optional.of(loopback), Optional.empty(), Clock.systemUTC(), options);
        try (CaptureSource source = new PcapCaptureProvider().open(spec)) {
            source.start(event -> millis.add(Duration.between(event.time(), Instant.now()).toNanos() / 1e6));
            try (DatagramSocket socket = new DatagramSocket()) {
                Random random = new Random(18);
                for (int i = 0; i < count; i++) {
                    socket.send(new DatagramPacket(new byte[1], 1, loopback, PORT));
                    Thread.sleep(20 + random.nextInt(31));
                }
            }
            Thread.sleep(500);
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.println("capture-latency: no packet captured");
            System.exit(1);
        }
        int p99 = Math.min(sorted.size(), (int) Math.ceil(sorted.size() * 0.99)) - 1;
        System.out.printf("capture-latency (buffer %s): %d of %d packets; median %.3f ms, p99 %.3f ms, max %.3f ms%n",
                options.getOrDefault("buffer_size", "default"), sorted.size(), count, sorted.get((sorted.size() - 1) / 2), sorted.get(p99), sorted.get(sorted.size() - 1));
    }
}
