package dev.portknock.examples.cli;

import dev.portknock.examples.config.BundleFormat;
import dev.portknock.examples.config.BundleSettings;
import dev.portknock.examples.config.ConfigException;
import dev.portknock.examples.config.DoorConfig;
import dev.portknock.examples.config.PadDoorConfig;
import dev.portknock.examples.config.ProviderIds;
import dev.portknock.examples.config.ServerConfig;
import dev.portknock.examples.config.StateLocation;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadGenerator;
import dev.portknock.pad.PadId;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code knock pad provision}: one user's pad for a door, everything both ends need: the pad in
 * the door's pad directory (with its side file of label and services), its server state, and the
 * user's client bundle (PROTOCOL.md §7). Nothing is overwritten; the pad file appears last, so a
 * server reloading meanwhile never finds it without its state or its side file.
 */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = {"Create a user's pad for a one-time door of a server configuration: the pad LABEL.pad (0600) "
                + "in the door's pad directory, its side file LABEL.pad.conf (label, and services when --services "
                + "limits them), its server state at cursor 0 in the door's state (a directory or a jdbc:postgresql: "
                + "URL), and the client bundle --out holding the pad and the door's wire settings, for "
                + "knock send --bundle FILE.",
                "The door's 'pad' must name a directory; a door that names a single pad file is refused. Nothing "
                        + "is overwritten. Reload the server (SIGHUP) to serve the new pad, and give the bundle to "
                        + "its user over a channel you trust."})
final class PadProvisionCommand implements Callable<Integer> {
    /** Knocks of a provisioned pad unless --knocks says. */
    static final long DEFAULT_KNOCKS = 10_000;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "The server configuration holding the door.")
    private Path config;

    @Option(names = "--door", required = true, paramLabel = "NAME", description = "The one-time door.")
    private String doorName;

    @Option(names = "--label", required = true, paramLabel = "LABEL",
            description = "Who or what the pad is for (1 to 64 letters, digits, '.', '_' or '-'), e.g. alice-laptop; "
                    + "it names the pad's files and the server's log lines.")
    private String label;

    @Option(names = "--services", paramLabel = "N[,N...]", split = ",",
            description = "Limit the pad to some of the door's services (default: all of them).")
    private List<Integer> services;

    @Option(names = "--host", required = true, paramLabel = "HOST",
            description = "The name or address clients knock on, written into the bundle.")
    private String host;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The client bundle to create.")
    private Path out;

    @Option(names = "--knocks", paramLabel = "N", defaultValue = "" + DEFAULT_KNOCKS,
            description = "Knocks the pad holds for the door's profile (default: ${DEFAULT-VALUE}).")
    private long knocks;

    @Option(names = "--force", description = "Write a pad file of more than 1 GiB.")
    private boolean force;

    @Override
    public Integer call() throws IOException, ConfigException {
        PadDoorConfig door = padDoor(ServerConfig.load(config, Optional.empty(), ProviderIds.onClassPath()));
        Path directory = padDirectory(door);
        BundleSettings settings;
        long digits;
        try {
            settings = new BundleSettings(door.name(), label, host, services(door), door.door().profile());
            digits = PadGenerator.digitsFor(settings.profile(), knocks);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Path padFile = directory.resolve(label + ".pad");
        Path sideFile = directory.resolve(label + ".pad.conf");
        Path pending = directory.resolve("." + label + ".pad.provisioning");
        for (Path target : List.of(padFile, sideFile, pending, out)) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString());
            }
        }
        PadRoom.check(pending, settings.profile().digitBits(), digits, force, "--knocks", this::usage);
        List<Path> created = new ArrayList<>();
        boolean done = false;
        try {
            PadId id = PadGenerator.secureRandom().generate(pending, settings.profile().digitBits(), digits,
                    PadGenerator.Progress.NONE);
            created.add(pending);
            Pad pad = Pad.open(pending);
            BundleFormat.write(out, settings, pad);
            created.add(out);
            writeNew(sideFile, sideFileText(door));
            created.add(sideFile);
            // the server state after every file that may fail, so that a failure leaves no state of a pad nobody holds
            String where = createServerState(door, id);
            // the pad last: a server reloading now finds it with its state and side file, or not at all
            Files.move(pending, padFile);
            done = true;
            forceDirectory(directory);
            report(id, door, settings, padFile, sideFile, where);
        } finally {
            if (!done) {
                for (Path file : created) {
                    Files.deleteIfExists(file);
                }
            }
        }
        return KnockCli.OK;
    }

    private PadDoorConfig padDoor(ServerConfig server) {
        DoorConfig door = server.door(doorName).orElseThrow(() -> new CommandFailure("no door " + doorName + " in "
                + config + "; its doors: " + server.doors().stream().map(DoorConfig::name)
                .collect(Collectors.joining(", "))));
        if (!(door instanceof PadDoorConfig padDoor)) {
            throw new CommandFailure("door " + door.name() + " of " + config + " is a " + door.kind().keyword()
                    + " door; only one-time doors (with 'pad') take pads");
        }
        return padDoor;
    }

    /**
     * The door's one pad directory, where a new pad is served from the next reload; a door that
     * names pad files only has no place for another, and one of several directories would be a guess.
     */
    private Path padDirectory(PadDoorConfig door) {
        List<Path> directories = door.pads().stream().filter(Files::isDirectory).toList();
        String where = "door " + door.name() + " of " + config + " (line " + door.location().line() + ")";
        if (directories.isEmpty()) {
            throw new CommandFailure(where + " names " + (door.pads().size() == 1 ? "the single pad file "
                    : "the pad files ") + door.pads().stream().map(Path::toString).collect(Collectors.joining(", "))
                    + "; provisioning adds pads to a door whose 'pad' names a directory of *.pad files: move the pad "
                    + "into a directory and set 'pad' to it");
        }
        if (directories.size() > 1) {
            throw new CommandFailure(where + " names " + directories.size() + " pad directories ("
                    + directories.stream().map(Path::toString).collect(Collectors.joining(", "))
                    + "); provisioning needs the door to name exactly one");
        }
        return directories.get(0);
    }

    private List<Integer> services(PadDoorConfig door) {
        if (services == null) {
            return door.services();
        }
        for (int service : services) {
            if (!door.allowsService(service)) {
                throw usage("--services: service " + service + " is not one of door " + door.name() + "'s ("
                        + door.services().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")");
            }
        }
        return services;
    }

    private String sideFileText(PadDoorConfig door) {
        String text = "# the pad " + label + ".pad of door " + door.name() + ", made by knock pad provision\n"
                + "label = " + label + "\n";
        return services == null ? text
                : text + "services = " + services.stream().map(String::valueOf).collect(Collectors.joining(",")) + "\n";
    }

    /** The pad's server state at cursor 0, as knock pad init makes it; says where. */
    private String createServerState(PadDoorConfig door, PadId id) throws IOException {
        String state = door.state() instanceof StateLocation.File file ? file.path().toString()
                : ((StateLocation.Jdbc) door.state()).url();
        try (PadStateOptions.OpenedState opened = PadStateOptions.open(state, "door " + door.name() + ": state",
                System.getenv())) {
            opened.store().create(PadState.fresh(id, Side.SERVER));
            return opened.where();
        }
    }

    /** A new file of this text, 0600, forced to disk; refuses an existing one. */
    private static void writeNew(Path file, String text) throws IOException {
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private void report(PadId id, PadDoorConfig door, BundleSettings settings, Path padFile, Path sideFile,
            String where) throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("provisioned pad " + id + " for " + label + " on door " + door.name() + ": " + knocks
                + " knocks, services " + settings.serviceList());
        stdout.println("  pad:          " + padFile.toAbsolutePath());
        stdout.println("  side file:    " + sideFile.toAbsolutePath());
        stdout.println("  server state: " + where + " (cursor 0)");
        stdout.println("  bundle:       " + out.toAbsolutePath() + " (knocks on " + host + ")");
        stdout.println("  fingerprint:  " + FileFingerprint.of(padFile) + " (" + FileFingerprint.DESCRIPTION + ")");
        stdout.println("reload the server (SIGHUP, systemctl reload) to serve the pad; give the bundle to " + label
                + " over a channel you trust");
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
