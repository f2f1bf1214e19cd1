package dev.portknock.examples.config;

import dev.portknock.pad.DoorPad;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The pads a door's {@code pad} key names, each with its label and services. The key lists pad
 * files and directories, comma-separated; a directory stands for every {@code *.pad} file in it
 * (not hidden ones), sorted by name. A pad is labelled with its file name without {@code .pad}
 * and may open every service of its door, unless a side file next to it, the pad's file name
 * with {@code .conf} added ({@code alice-laptop.pad.conf}), says otherwise:
 *
 * <pre>
 * # alice's laptop: ssh only
 * label = alice-laptop
 * services = 22
 * </pre>
 *
 * Both keys are optional; a side file's problems are reported at its own file and line. Read
 * when the servers are assembled or reloaded, not when the configuration is parsed, so that a
 * reload (SIGHUP) serves the pads the directory holds then.
 */
public final class DoorPads {
    /** How a pad file's name ends; a directory stands for the files so named. */
    public static final String PAD_SUFFIX = ".pad";
    /** What a pad's file name gets to name its side file. */
    public static final String SIDE_FILE_SUFFIX = ".conf";

    private static final Set<String> SIDE_KEYS = Set.of("label", "services");

    /**
     * One pad file of a door, with its label and services.
     *
     * @param file the pad file
     * @param label its label ({@link DoorPad#requireLabel})
     * @param services the door's services it may open; empty for all of them
     */
    public record PadFile(Path file, String label, List<Integer> services) {
        /** Validates and copies. */
        public PadFile {
            Objects.requireNonNull(file, "file");
            DoorPad.requireLabel(label);
            services = List.copyOf(services);
        }
    }

    private DoorPads() {
    }

    /**
     * The pad files the door's {@code pad} key names, in the order written (a directory's sorted
     * by name), each with its label and services.
     *
     * @throws ConfigException at the door for a missing file, a directory without pads, a file
     *     named twice, two pads under one label; at the side file's line for a broken side file
     */
    public static List<PadFile> list(PadDoorConfig door) throws ConfigException {
        List<Path> files = new ArrayList<>();
        for (Path path : door.pads()) {
            if (Files.isDirectory(path)) {
                files.addAll(padsIn(door, path));
            } else if (Files.exists(path)) {
                files.add(path);
            } else {
                throw new ConfigException(door.location(), "door " + door.name() + ": pad: no such file: " + path);
            }
        }
        Set<Path> seen = new HashSet<>();
        Map<String, Path> labelled = new HashMap<>();
        List<PadFile> pads = new ArrayList<>(files.size());
        for (Path file : files) {
            if (!seen.add(file)) {
                throw new ConfigException(door.location(), "door " + door.name() + ": pad file " + file
                        + " is named twice");
            }
            PadFile pad = padFile(door, file);
            Path first = labelled.putIfAbsent(pad.label(), file);
            if (first != null) {
                throw new ConfigException(door.location(), "door " + door.name() + ": label " + pad.label()
                        + " is given to two pads, " + first + " and " + file);
            }
            pads.add(pad);
        }
        return List.copyOf(pads);
    }

    /** Every {@code *.pad} regular file in the directory that is not hidden, sorted by name; at least one. */
    private static List<Path> padsIn(PadDoorConfig door, Path directory) throws ConfigException {
        List<Path> pads = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(PAD_SUFFIX) && !name.startsWith(".") && Files.isRegularFile(entry)) {
                    pads.add(entry);
                }
            }
        } catch (IOException e) {
            throw new ConfigException(door.location(), "door " + door.name() + ": pad directory " + directory
                    + ": cannot be read: " + e.getMessage());
        }
        if (pads.isEmpty()) {
            throw new ConfigException(door.location(), "door " + door.name() + ": pad directory " + directory
                    + " holds no *" + PAD_SUFFIX + " file");
        }
        pads.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return pads;
    }

    private static PadFile padFile(PadDoorConfig door, Path file) throws ConfigException {
        Path sideFile = file.resolveSibling(file.getFileName() + SIDE_FILE_SUFFIX);
        Optional<Sections.Entry> label = Optional.empty();
        List<Integer> services = List.of();
        if (Files.exists(sideFile)) {
            Map<String, Sections.Entry> entries = sideEntries(door, sideFile);
            label = Optional.ofNullable(entries.get("label"));
            if (entries.containsKey("services")) {
                services = services(door, entries.get("services"));
            }
        }
        if (label.isPresent()) {
            try {
                return new PadFile(file, DoorPad.requireLabel(Values.text(label.get())), services);
            } catch (IllegalArgumentException e) {
                throw Values.error(label.get(), e.getMessage());
            }
        }
        String name = file.getFileName().toString();
        String fromName = name.endsWith(PAD_SUFFIX) ? name.substring(0, name.length() - PAD_SUFFIX.length()) : name;
        try {
            return new PadFile(file, DoorPad.requireLabel(fromName), services);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(door.location(), "door " + door.name() + ": pad file " + file
                    + " needs a label in " + sideFile + ": its name will not do: " + e.getMessage());
        }
    }

    /** The side file's {@code key = value} lines by key. */
    private static Map<String, Sections.Entry> sideEntries(PadDoorConfig door, Path sideFile)
            throws ConfigException {
        String source = sideFile.toString();
        List<ConfigText.Line> lines;
        try {
            lines = ConfigText.read(sideFile, source);
        } catch (NoSuchFileException e) {
            return Map.of(); // removed while we looked: the pad has no side file
        } catch (IOException e) {
            throw new ConfigException(door.location(), "door " + door.name() + ": pad side file " + sideFile
                    + ": cannot be read: " + e.getMessage());
        }
        return KeyValueLines.read(lines, source, (written, location) -> {
            String key = written.toLowerCase(Locale.ROOT);
            if (!SIDE_KEYS.contains(key)) {
                throw new ConfigException(location, "unknown key '" + Sections.excerpt(written)
                        + "' in a pad's side file; expected label or services");
            }
            return key;
        });
    }

    /** The pad's services: distinct, each one of its door's. */
    private static List<Integer> services(PadDoorConfig door, Sections.Entry entry) throws ConfigException {
        List<Integer> services = Values.numbers(entry);
        Set<Integer> seen = new HashSet<>();
        for (int service : services) {
            if (!door.services().contains(service)) {
                throw Values.error(entry, "service " + service + " is not one of door " + door.name()
                        + "'s services " + door.services());
            }
            if (!seen.add(service)) {
                throw Values.error(entry, "duplicate service " + service + " in '" + entry.written() + "'");
            }
        }
        return services;
    }
}
