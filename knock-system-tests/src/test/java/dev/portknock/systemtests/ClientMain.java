package dev.portknock.systemtests;

import dev.portknock.core.Profile;
import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.IssuedKnock;
import dev.portknock.pad.Pad;
import dev.portknock.runtime.KnockClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The client side of the end-to-end tests, run in the client's namespace. Arguments: the pad file
 * and the client's state directory. Reads one command per line from standard input and answers
 * each with exactly one line ({@code ERROR <what>} when it fails):
 * <ul>
 *   <li>{@code knock watched|unwatched <bind> <server> <seconds>}: sends the next sealed knock
 *       with {@link KnockClient} from {@code bind}, asking to open the service for
 *       {@code seconds} at once, on the door's ports or on a range the server does not watch;
 *       answers {@code SENT <knock index> <port>...}.</li>
 *   <li>{@code replay <source> <source port> <server> <port>...}: sends an empty UDP datagram to
 *       each port from exactly that source address and port; answers {@code REPLAYED <count>}.</li>
 *   <li>{@code connect <bind> <server> <port> <timeout ms>}: opens a TCP connection from
 *       {@code bind} and reads the service's first line; answers {@code CONNECTED <line>},
 *       {@code TIMEOUT} (no answer to the SYN) or {@code REFUSED}.</li>
 * </ul>
 */
public final class ClientMain {
    private final Pad pad;
    private final FilePadStateStore store;

    private ClientMain(Pad pad, FilePadStateStore store) {
        this.pad = pad;
        this.store = store;
    }

    /**
     * Runs the client until standard input ends.
     *
     * @param args pad file, state directory
     * @throws IOException when the pad or the state directory cannot be opened
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ClientMain <pad file> <state directory>");
            System.exit(2);
        }
        ClientMain client = new ClientMain(Pad.open(Path.of(args[0])), new FilePadStateStore(Path.of(args[1])));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command = in.readLine(); command != null; command = in.readLine()) {
            String answer;
            try {
                answer = client.execute(command.trim().split(" +"));
            } catch (IOException | RuntimeException e) {
                answer = "ERROR " + e;
            }
            System.out.println(answer);
            System.out.flush();
        }
    }

    private String execute(String[] words) throws IOException {
        switch (words[0]) {
            case "knock":
                return knock(words[1], address(words[2]), address(words[3]), Integer.parseInt(words[4]));
            case "replay":
                return replay(new InetSocketAddress(address(words[1]), Integer.parseInt(words[2])), address(words[3]),
                        words);
            case "connect":
                return connect(address(words[1]), new InetSocketAddress(address(words[2]), Integer.parseInt(words[3])),
                        Integer.parseInt(words[4]));
            default:
                throw new IllegalArgumentException("unknown command " + words[0]);
        }
    }

    /** A numeric address; never a name lookup. */
    private static InetAddress address(String text) throws IOException {
        if (!text.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not a numeric address: " + text);
        }
        return InetAddress.getByName(text);
    }

    private String knock(String range, InetAddress bind, InetAddress server, int seconds) throws IOException {
        Profile profile = switch (range) {
            case "watched" -> E2eDoor.PROFILE;
            case "unwatched" -> E2eDoor.UNWATCHED;
            default -> throw new IllegalArgumentException("range must be watched or unwatched: " + range);
        };
        KnockClient client = KnockClient.builder(profile, pad, store).bindAddress(bind).build();
        IssuedKnock knock = client.send(server, E2eDoor.openFor(seconds));
        StringBuilder answer = new StringBuilder("SENT ").append(knock.knockIndex());
        for (int port : knock.ports()) {
            answer.append(' ').append(port);
        }
        return answer.toString();
    }

    private static String replay(InetSocketAddress source, InetAddress server, String[] words) throws IOException {
        int count = 0;
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(source);
            for (int i = 4; i < words.length; i++) {
                if (count > 0) {
                    sleep(KnockClient.DEFAULT_PACING.toMillis());
                }
                channel.send(ByteBuffer.allocate(0), new InetSocketAddress(server, Integer.parseInt(words[i])));
                count++;
            }
        }
        return "REPLAYED " + count;
    }

    private static String connect(InetAddress bind, InetSocketAddress service, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(bind, 0));
            try {
                socket.connect(service, timeoutMillis);
            } catch (SocketTimeoutException e) {
                return "TIMEOUT";
            } catch (ConnectException e) {
                return "REFUSED";
            }
            // connected: a read that times out now is an error, not a dropped SYN
            socket.setSoTimeout(timeoutMillis);
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return "CONNECTED " + in.readLine();
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
