package dev.portknock.examples.cli;

import dev.portknock.examples.config.ConfigException;
import dev.portknock.examples.config.ProviderIds;
import dev.portknock.examples.config.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code knock holes}: lists and closes what a running {@code knock server} opened, through its
 * {@code [options] ControlSocket}, as fwknop's {@code --fw-list} and {@code --fw-flush} do.
 */
@Command(name = "holes", mixinStandardHelpOptions = true,
        description = "List and close the services a running knock server opened (its [options] ControlSocket).",
        subcommands = {HolesCommand.List.class, HolesCommand.Close.class})
final class HolesCommand implements Runnable {
    /** The longest answer read from a server. */
    static final int MAX_ANSWER = 1 << 20;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: list or close");
    }

    /** Where the server's control socket is: {@code --socket}, or the configuration's ControlSocket. */
    static final class Target {
        @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = ServerCommand.KNOCKD_CONFIG,
                description = "The server's configuration file, naming its ControlSocket (default: ${DEFAULT-VALUE}).")
        private Path config;

        @Option(names = "--socket", paramLabel = "PATH", description = "The server's control socket (instead of -c).")
        private Optional<Path> socket = Optional.empty();

        Path socket() throws IOException, ConfigException {
            if (socket.isPresent()) {
                return socket.get();
            }
            return ServerConfig.load(config, Optional.empty(), ProviderIds.onClassPath()).options().controlSocket().orElseThrow(() ->
                    new CommandFailure(config + " names no [options] ControlSocket; give --socket"));
        }

        /** Sends one request line; prints the answer; exit status 1 when the server refused it. */
        int ask(String request, PrintWriter out) throws IOException, ConfigException {
            Path path = socket();
            String answer;
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(path));
                channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.shutdownOutput();
                answer = new String(Channels.newInputStream(channel).readNBytes(MAX_ANSWER), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IOException("cannot reach the server at " + path + ": " + KnockCli.describe(e), e);
            }
            if (answer.startsWith(ControlSocket.ERROR)) {
                throw new CommandFailure(answer.strip());
            }
            out.print(answer);
            out.flush();
            return KnockCli.OK;
        }
    }

    /** {@code knock holes list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the services open or pending, soonest to close first: door, service, source, end.")
    static final class List implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private Target target;

        @Override
        public Integer call() throws IOException, ConfigException {
            return target.ask("list", spec.commandLine().getOut());
        }
    }

    /** {@code knock holes close}. */
    @Command(name = "close", mixinStandardHelpOptions = true,
            description = "Close now the services open for a source, or all of them; each is stopped by its launcher.")
    static final class Close implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private Target target;

        @ArgGroup(exclusive = true, multiplicity = "1")
        private Which which;

        /** Exactly one of a source and --all. */
        static final class Which {
            @Option(names = "--all", required = true, description = "Close every service the server opened.")
            private boolean all;

            @Parameters(paramLabel = "SOURCE", description = "The numeric address whose services to close.")
            private Optional<String> source = Optional.empty();
        }

        @Override
        public Integer call() throws IOException, ConfigException {
            return target.ask(which.all ? "close all" : "close " + which.source.orElseThrow(),
                    spec.commandLine().getOut());
        }
    }
}
