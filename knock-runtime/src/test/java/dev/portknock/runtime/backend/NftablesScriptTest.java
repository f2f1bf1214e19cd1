package dev.portknock.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NftablesScriptTest {
    private final NftablesScript inet = new NftablesScript("inet", "portknock", "allowed", "input", List.of(2222));

    @Test
    void createMakesTableSetsChainAndRulesForBothVersions() {
        assertEquals("add table inet portknock\n"
                + "add set inet portknock allowed_v4 { type ipv4_addr . inet_service; flags timeout; }\n"
                + "add set inet portknock allowed_v6 { type ipv6_addr . inet_service; flags timeout; }\n"
                + "add chain inet portknock input { type filter hook input priority filter; policy accept; }\n"
                + "flush chain inet portknock input\n"
                + "add rule inet portknock input ip saddr . tcp dport @allowed_v4 accept\n"
                + "add rule inet portknock input ip6 saddr . tcp dport @allowed_v6 accept\n"
                + "add rule inet portknock input tcp dport { 2222 } ct state new drop\n", inet.create());
    }

    @Test
    void createInFamilyIpMakesOnlyTheIpv4SetAndRule() {
        NftablesScript ip = new NftablesScript("ip", "knock", "open", "gate", List.of(22, 2222));
        assertEquals("add table ip knock\n"
                + "add set ip knock open_v4 { type ipv4_addr . inet_service; flags timeout; }\n"
                + "add chain ip knock gate { type filter hook input priority filter; policy accept; }\n"
                + "flush chain ip knock gate\n"
                + "add rule ip knock gate ip saddr . tcp dport @open_v4 accept\n"
                + "add rule ip knock gate tcp dport { 22, 2222 } ct state new drop\n", ip.create());
    }

    @Test
    void createInFamilyIp6MakesOnlyTheIpv6SetAndRule() {
        NftablesScript ip6 = new NftablesScript("ip6", "knock", "open", "gate", List.of(22));
        assertEquals("add table ip6 knock\n"
                + "add set ip6 knock open_v6 { type ipv6_addr . inet_service; flags timeout; }\n"
                + "add chain ip6 knock gate { type filter hook input priority filter; policy accept; }\n"
                + "flush chain ip6 knock gate\n"
                + "add rule ip6 knock gate ip6 saddr . tcp dport @open_v6 accept\n"
                + "add rule ip6 knock gate tcp dport { 22 } ct state new drop\n", ip6.create());
    }

    @Test
    void checksListEachSetInItsOwnScript() {
        assertEquals(List.of("list set inet portknock allowed_v4\n", "list set inet portknock allowed_v6\n"),
                inet.checks());
    }

    @Test
    void openAddsDeletesAndAddsAgainWithTheTimeoutInMilliseconds() throws Exception {
        assertEquals("add element inet portknock allowed_v4 { 192.0.2.10 . 2222 timeout 1s }\n"
                        + "delete element inet portknock allowed_v4 { 192.0.2.10 . 2222 }\n"
                        + "add element inet portknock allowed_v4 { 192.0.2.10 . 2222 timeout 2500ms }\n",
                inet.open(InetAddress.getByName("192.0.2.10"), Duration.ofMillis(2500)));
    }

    @Test
    void openRoundsSubMillisecondTimeoutsUp() throws Exception {
        String script = inet.open(InetAddress.getByName("192.0.2.10"), Duration.ofNanos(1_000_001));
        assertEquals("add element inet portknock allowed_v4 { 192.0.2.10 . 2222 timeout 2ms }",
                script.lines().skip(2).findFirst().orElseThrow());
    }

    @Test
    void openPutsIpv6SourcesInTheIpv6SetWithEveryPort() throws Exception {
        NftablesScript two = new NftablesScript("inet", "portknock", "allowed", "input", List.of(22, 2222));
        assertEquals("add element inet portknock allowed_v6 { 2001:db8::1 . 22 timeout 1s,"
                        + " 2001:db8::1 . 2222 timeout 1s }\n"
                        + "delete element inet portknock allowed_v6 { 2001:db8::1 . 22,"
                        + " 2001:db8::1 . 2222 }\n"
                        + "add element inet portknock allowed_v6 { 2001:db8::1 . 22 timeout 60000ms,"
                        + " 2001:db8::1 . 2222 timeout 60000ms }\n",
                two.open(InetAddress.getByName("2001:db8::1"), Duration.ofMinutes(1)));
    }

    @Test
    void closeAddsAPlaceholderAndDeletesSoAnExpiredElementIsNoError() throws Exception {
        assertEquals("add element inet portknock allowed_v4 { 198.51.100.7 . 2222 timeout 1s }\n"
                        + "delete element inet portknock allowed_v4 { 198.51.100.7 . 2222 }\n",
                inet.close(InetAddress.getByName("198.51.100.7")));
    }

    @Test
    void familyIpHasNoSetForIpv6Sources() throws Exception {
        NftablesScript ip = new NftablesScript("ip", "portknock", "allowed", "input", List.of(22));
        InetAddress v6 = InetAddress.getByName("2001:db8::1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ip.close(v6));
        assertEquals("family ip has no set for ipv6 source 2001:db8::1", e.getMessage());
    }

    @Test
    void familyIp6HasNoSetForIpv4Sources() throws Exception {
        NftablesScript ip6 = new NftablesScript("ip6", "portknock", "allowed", "input", List.of(22));
        InetAddress v4 = InetAddress.getByName("192.0.2.1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ip6.open(v4, Duration.ofSeconds(1)));
        assertEquals("family ip6 has no set for ipv4 source 192.0.2.1", e.getMessage());
    }

    @Test
    void namesThatCouldCarryNftSyntaxAreRejected() {
        for (String bad : List.of("allowed; flush ruleset", "1allowed", "", "_x", "a-b", "a b", "a".repeat(33), "ä")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new NftablesScript("inet", "portknock", bad, "input", List.of(22)), bad);
            assertEquals("set must be a letter followed by up to 31 letters, digits or underscores: " + bad,
                    e.getMessage());
        }
    }

    @Test
    void namesOfThirtyTwoCharactersAreAccepted() {
        String name = "T" + "a_9".repeat(10) + "z";
        assertEquals(32, name.length());
        assertEquals(name, new NftablesScript("inet", name, "allowed", "input", List.of(22)).table());
    }

    @Test
    void unknownFamilyIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NftablesScript("bridge", "portknock", "allowed", "input", List.of(22)));
        assertEquals("family must be inet, ip or ip6: bridge", e.getMessage());
    }

    @Test
    void portsMustBePortNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NftablesScript("inet", "portknock", "allowed", "input", List.of(22, 65536)));
        assertEquals("port must be in 1..65535: 65536", e.getMessage());
    }

    @Test
    void atLeastOnePortIsRequired() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NftablesScript("inet", "portknock", "allowed", "input", List.of()));
        assertEquals("at least one port is required", e.getMessage());
    }
}
