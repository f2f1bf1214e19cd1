package dev.portknock.pcap;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The libpcap calls made for every packet or statistics poll, bound by JNA direct mapping.
 *
 * <p>Why not through {@link PcapLibrary}: an interface-mapped call goes through a reflective
 * proxy, boxes its arguments into an {@code Object[]} and converts each {@code ByReference}
 * argument on every call; at tens of thousands of packets a second that dominated the capture
 * thread. A direct-mapped {@code native} method is a plain JNI call with pointer arguments.
 * {@link Libpcap#load()} registers these methods against the library it loaded; they must not be
 * called before.
 */
final class PcapDirect {
    private PcapDirect() {
    }

    /** Binds the native methods to the loaded libpcap. */
    static void register(NativeLibrary library) {
        Native.register(PcapDirect.class, library);
    }

    /**
     * {@code pcap_next_ex}: {@code header} and {@code data} each point to a pointer-sized slot
     * that receives the packet header's and the packet bytes' address.
     */
    static native int pcap_next_ex(Pointer pcap, Pointer header, Pointer data);

    /** {@code pcap_stats}: fills {@code statistics}, a {@code struct pcap_stat} of three {@code u_int}s. */
    static native int pcap_stats(Pointer pcap, Pointer statistics);
}
