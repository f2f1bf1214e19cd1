/**
 * The portknock runtime: {@code KnockServer} (capture, match, verify, persist, launch) and
 * {@code KnockClient}, with the built-in backends that need no native code: the
 * {@code udp-socket} capture, the {@code process} launcher and the {@code nftables} launcher.
 * The backends are found through {@link java.util.ServiceLoader}; their classes are not exported.
 */
module dev.portknock.runtime {
    requires transitive dev.portknock.spi;
    requires transitive dev.portknock.pad;
    requires org.slf4j;
    // com.sun.management.UnixOperatingSystemMXBean: the file descriptor limit the UDP capture checks
    requires jdk.management;

    exports dev.portknock.runtime;

    provides dev.portknock.spi.CaptureProvider with dev.portknock.runtime.backend.UdpSocketCaptureProvider;
    provides dev.portknock.spi.LauncherProvider with
            dev.portknock.runtime.backend.ProcessLauncherProvider,
            dev.portknock.runtime.backend.NftablesLauncherProvider;
}
