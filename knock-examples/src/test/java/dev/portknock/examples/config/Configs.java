package dev.portknock.examples.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

/** Parses test configurations as {@code knockd.conf} in {@code /etc/portknock}. */
final class Configs {
    static final Path BASE = Path.of("/etc/portknock");

    private Configs() {
    }

    static ServerConfig parse(String text) throws ConfigException {
        return ServerConfigParser.parse(text, "knockd.conf", BASE);
    }

    /** The message of the error the text is refused with. */
    static String error(String text) {
        return assertThrows(ConfigException.class, () -> parse(text)).getMessage();
    }

    static PadDoorConfig padDoor(String body) throws ConfigException {
        return (PadDoorConfig) parse("[door]\n" + body).doors().get(0);
    }

    /** A minimal valid sealed door body, to which a test adds or replaces keys. */
    static String sealed(String extra) {
        return "pad = door.pad\nstate = door.state\nservices = 22\ncommand = open %SERVICE% %IP%\n" + extra;
    }
}
