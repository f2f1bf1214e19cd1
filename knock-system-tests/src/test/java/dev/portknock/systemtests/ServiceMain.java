package dev.portknock.systemtests;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The protected TCP service, run in the server's namespace: listens on the protected port of all
 * addresses (IPv4 and IPv6), writes {@link E2eDoor#BANNER} and a newline to every connection and
 * closes it. Prints {@code LISTENING} when bound; exits when standard input ends.
 */
public final class ServiceMain {
    private ServiceMain() {
    }

    /**
     * Runs the service.
     *
     * @param args none
     * @throws IOException when the port cannot be bound
     */
    public static void main(String[] args) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName("::"), E2eDoor.PROTECTED_PORT));
        Thread acceptor = new Thread(() -> serve(server), "service-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        System.out.println("LISTENING");
        System.out.flush();
        while (System.in.read() >= 0) {
            // standard input is only watched for its end
        }
        server.close();
    }

    private static void serve(ServerSocket server) {
        byte[] banner = (E2eDoor.BANNER + "\n").getBytes(StandardCharsets.US_ASCII);
        while (!server.isClosed()) {
            try (Socket connection = server.accept()) {
                OutputStream out = connection.getOutputStream();
                out.write(banner);
                out.flush();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("service: " + e);
                }
            }
        }
    }
}
