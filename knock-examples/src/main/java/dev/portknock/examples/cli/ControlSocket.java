package dev.portknock.examples.cli;

import dev.portknock.runtime.OpenService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code [options] ControlSocket}: the local socket through which {@code knock holes} lists and
 * closes what the server opened. A Unix stream socket of mode 0600, so only the server's own user
 * (root, for a server that runs firewall commands) may connect; it is bound in a private directory
 * and renamed into place, so it is never reachable with other permissions. One request per
 * connection, one line of at most {@value #MAX_REQUEST} bytes: {@code list}, {@code close all} or
 * {@code close ADDRESS} (a numeric address; no name is looked up). The answer is lines of text;
 * one that starts with {@value #ERROR} says the request was refused.
 */
final class ControlSocket implements AutoCloseable {
    /** The longest request line. */
    static final int MAX_REQUEST = 256;
    /** How much of what follows a request is read and dropped before the connection closes. */
    private static final int DISCARD_LIMIT = 64 * 1024;
    /** How an answer that refuses the request begins. */
    static final String ERROR = "error: ";
    private static final Logger LOG = LoggerFactory.getLogger(ControlSocket.class);
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final Path path;
    private final ServerSocketChannel channel;
    private final ConfiguredServers servers;
    private final Thread acceptor;

    private ControlSocket(Path path, ServerSocketChannel channel, ConfiguredServers servers) {
        this.path = path;
        this.channel = channel;
        this.servers = servers;
        this.acceptor = new Thread(this::accept, "knock-control");
        acceptor.setDaemon(true);
    }

    /**
     * Binds the socket at {@code path} (replacing a stale socket there) and serves requests.
     *
     * @throws IOException naming the path when it cannot be bound, or is a file that is not a socket
     */
    static ControlSocket open(Path path, ConfiguredServers servers) throws IOException {
        Path absolute = path.toAbsolutePath();
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) && !isSocket(absolute)) {
            throw new IOException("ControlSocket " + path + " exists and is not a socket");
        }
        Path privateDirectory = Files.createTempDirectory(absolute.getParent(), ".knock-control-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            Path bound = privateDirectory.resolve("socket");
            channel.bind(UnixDomainSocketAddress.of(bound));
            Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
            Files.move(bound, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new IOException("cannot open ControlSocket " + path + ": " + KnockCli.describe(e), e);
        } finally {
            Files.deleteIfExists(privateDirectory.resolve("socket"));
            Files.deleteIfExists(privateDirectory);
        }
        ControlSocket socket = new ControlSocket(absolute, channel, servers);
        socket.acceptor.start();
        return socket;
    }

    private static boolean isSocket(Path path) throws IOException {
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return mode instanceof Integer bits && (bits & 0170000) == 0140000;
    }

    private void accept() {
        while (channel.isOpen()) {
            try {
                SocketChannel client = channel.accept();
                Thread handler = new Thread(() -> serve(client), "knock-control-request");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                if (channel.isOpen()) {
                    LOG.warn("ControlSocket {}: {}", path, e.getMessage());
                }
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            String request = readLine(client);
            String answer = String.join("\n", answer(request)) + "\n";
            client.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
            client.shutdownOutput();
            // what an oversized request left unread would reset the connection before the answer is read
            Channels.newInputStream(client).readNBytes(DISCARD_LIMIT);
        } catch (IOException e) {
            LOG.warn("ControlSocket {}: request failed: {}", path, e.getMessage());
        }
    }

    /** The request line without its end; garbage past {@value #MAX_REQUEST} bytes is refused. */
    private static String readLine(SocketChannel client) throws IOException {
        byte[] bytes = Channels.newInputStream(client).readNBytes(MAX_REQUEST + 1);
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        if (end < 0) {
            return bytes.length > MAX_REQUEST ? "\u0000too long" : "\u0000unterminated";
        }
        return text.substring(0, end);
    }

    /** The answer lines to one request. */
    List<String> answer(String request) {
        if (request.equals("list")) {
            List<OpenService> open = servers.openServices();
            if (open.isEmpty()) {
                return List.of("no service is open");
            }
            return open.stream().map(ControlSocket::describe).toList();
        }
        if (request.equals("close all")) {
            return List.of("closed " + servers.closeServices(Optional.empty()));
        }
        if (request.startsWith("close ")) {
            String address = request.substring("close ".length());
            if (!ADDRESS.matcher(address).matches()) {
                return List.of(ERROR + "not a numeric address: " + printable(address));
            }
            try {
                return List.of("closed " + servers.closeServices(Optional.of(InetAddress.getByName(address))));
            } catch (IOException e) {
                return List.of(ERROR + "not a numeric address: " + printable(address));
            }
        }
        if (request.startsWith("\u0000")) {
            return List.of(ERROR + "request " + request.substring(1) + " (one line of at most " + MAX_REQUEST
                    + " bytes)");
        }
        return List.of(ERROR + "unknown request '" + printable(request) + "': list, close all or close ADDRESS");
    }

    private static String describe(OpenService service) {
        return "door " + service.door() + " service " + service.service() + " source "
                + service.source().getHostAddress() + " "
                + (service.started() ? "open" : "pending") + " until "
                + service.until().map(Object::toString).orElse("(starting)");
    }

    /** At most 64 characters, control characters as '?': what a refusal may echo. */
    private static String printable(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return cut.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** Stops serving and removes the socket; a failure is logged, since the server is stopping anyway. */
    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("ControlSocket {} not removed: {}", path, e.getMessage());
        }
    }
}
