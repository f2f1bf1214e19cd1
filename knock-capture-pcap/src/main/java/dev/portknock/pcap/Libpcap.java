package dev.portknock.pcap;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Loads the system libpcap once, turning a missing library into an error that says what to install. */
final class Libpcap {
    /**
     * Names tried in order: the development symlink {@code libpcap.so} (package {@code libpcap-dev}),
     * then the runtime soname Debian's {@code libpcap0.8} installs.
     */
    static final List<String> LIBRARY_NAMES = List.of("pcap", "libpcap.so.0.8");

    private static volatile PcapLibrary loaded;

    private Libpcap() {
    }

    /** The system libpcap, loaded on first use. */
    static PcapLibrary load() throws IOException {
        PcapLibrary library = loaded;
        if (library == null) {
            synchronized (Libpcap.class) {
                library = loaded;
                if (library == null) {
                    library = load(LIBRARY_NAMES);
                    loaded = library;
                }
            }
        }
        return library;
    }

    /**
     * The first of the named libraries that loads, with {@link PcapDirect}'s per-batch calls bound
     * to the same library and {@link Libc}'s to the C library.
     *
     * @throws IOException saying libpcap is not installed, with each loader error
     */
    static PcapLibrary load(List<String> names) throws IOException {
        List<String> failures = new ArrayList<>();
        for (String name : names) {
            try {
                PcapLibrary library = Native.load(name, PcapLibrary.class);
                PcapDirect.register(NativeLibrary.getInstance(name));
                Libc.register();
                return library;
            } catch (UnsatisfiedLinkError e) {
                failures.add(e.getMessage());
            }
        }
        throw new IOException(PcapMessages.notInstalled(failures));
    }
}
