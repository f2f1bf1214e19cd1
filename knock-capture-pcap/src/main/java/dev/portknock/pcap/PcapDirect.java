package dev.portknock.pcap;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The libpcap calls made for every batch of packets or statistics poll, bound by JNA direct mapping.
 *
 * <p>Why not through {@link PcapLibrary}: an interface-mapped call goes through a reflective
 * proxy, boxes its arguments into an {@code Object[]} and converts each {@code ByReference}
 * argument on every call; at tens of thousands of packets a second that dominated the capture
 * thread. A direct-mapped {@code native} method is a plain JNI call with pointer arguments.
 * {@link Libpcap#load()} registers these methods against the library it loaded; they must not be
 * called before.
 */
final class PcapDirect {
    /** libpcap's own {@code pcap_dump}, a {@code pcap_handler}: what {@code pcap_dispatch} calls per packet. */
    private static volatile Function dump;

    private PcapDirect() {
    }

    /** Binds the native methods to the loaded libpcap. */
    static void register(NativeLibrary library) {
        Native.register(PcapDirect.class, library);
        dump = library.getFunction("pcap_dump");
    }

    /**
     * The address of {@code pcap_dump}, to pass to {@link #pcap_dispatch}: libpcap then writes
     * each packet into a savefile stream without calling back into Java.
     */
    static Pointer dumpHandler() {
        Function handler = dump;
        if (handler == null) {
            throw new IllegalStateException("libpcap not loaded");
        }
        return handler;
    }

    /**
     * {@code pcap_dispatch}: hands up to {@code count} packets to {@code callback} with
     * {@code user}; returns how many, or a negative error.
     */
    static native int pcap_dispatch(Pointer pcap, int count, Pointer callback, Pointer user);

    /** {@code pcap_dump_flush}: flushes the dumper's stream; 0 or -1. */
    static native int pcap_dump_flush(Pointer dumper);

    /** {@code pcap_dump_ftell}: the dumper's stream position, or -1. */
    static native NativeLong pcap_dump_ftell(Pointer dumper);

    /** {@code pcap_stats}: fills {@code statistics}, a {@code struct pcap_stat} of three {@code u_int}s. */
    static native int pcap_stats(Pointer pcap, Pointer statistics);
}
