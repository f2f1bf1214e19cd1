package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.examples.config.DoorKind;
import dev.portknock.examples.config.LauncherConfig;
import dev.portknock.examples.config.LauncherType;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LauncherSettingsTest {
    private static Map<String, String> nftables(Map<String, String> keys) {
        return LauncherSettings.nftables(new LauncherConfig(LauncherType.NFTABLES, keys));
    }

    @Test
    void nftKeysLoseTheirPrefix() {
        assertEquals(Map.of("set", "allowed_ssh", "port", "22", "chain", "input"),
                nftables(Map.of("nft_set", "allowed_ssh", "nft_port", "22", "nft_chain", "input")));
    }

    @Test
    void aTableAfterItsFamilyNamesBoth() {
        assertEquals(Map.of("family", "inet", "table", "portknock"), nftables(Map.of("nft_table", "inet portknock")));
        assertEquals(Map.of("table", "portknock"), nftables(Map.of("nft_table", "portknock")));
    }

    @Test
    void aFamilyGivenTwiceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> nftables(Map.of("nft_family", "ip", "nft_table", "inet portknock")));
        assertEquals("nft_table sets nftables family a second time", e.getMessage());
    }

    @Test
    void createTakesYesAndNo() {
        assertEquals(Map.of("create", "true"), nftables(Map.of("nft_create", "yes")));
        assertEquals(Map.of("create", "false"), nftables(Map.of("nft_create", "Off")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> nftables(Map.of("nft_create", "maybe")));
        assertEquals("nft_create must be yes or no: maybe", e.getMessage());
    }

    @Test
    void processCommandsBecomeStartAndStopCommandRunThroughTheShell() {
        assertEquals(Map.of("start_command", "open %IP%", "stop_command", "close %IP%", "shell", "true"),
                LauncherSettings.process("open %IP%", Optional.of("close %IP%"), DoorKind.SEALED));
        assertEquals(Map.of("start_command", "open %IP%", "shell", "true"),
                LauncherSettings.process("open %IP%", Optional.empty(), DoorKind.RAW));
    }

    @Test
    void aFixedDoorsStopCommandFollowsAFailedStartAsKnockdDoes() {
        assertEquals(Map.of("start_command", "open %IP%", "stop_command", "close %IP%", "shell", "true",
                "stop_after_failed_start", "true"),
                LauncherSettings.process("open %IP%", Optional.of("close %IP%"), DoorKind.FIXED));
    }
}
