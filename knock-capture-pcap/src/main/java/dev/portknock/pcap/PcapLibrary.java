package dev.portknock.pcap;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The part of the libpcap C API this backend calls (see pcap(3PCAP)). {@code pcap_t *} and
 * {@code struct bpf_program *} are opaque pointers. The calls made per packet are in
 * {@link PcapDirect}.
 */
interface PcapLibrary extends Library {
    /** Size of the error buffer libpcap fills ({@code PCAP_ERRBUF_SIZE}). */
    int ERRBUF_SIZE = 256;
    /** {@code pcap_compile} netmask when it is not known; only broadcast tests need it. */
    int NETMASK_UNKNOWN = 0xFFFFFFFF;

    /** {@code pcap_activate}: the interface does not exist. */
    int ERROR_NO_SUCH_DEVICE = -5;
    /** {@code pcap_activate}: not permitted to capture. */
    int ERROR_PERM_DENIED = -8;
    /** {@code pcap_activate}: the interface is down. */
    int ERROR_IFACE_NOT_UP = -9;
    /** {@code pcap_dispatch}: {@code pcap_breakloop} was called. */
    int ERROR_BREAK = -2;

    Pointer pcap_create(String source, byte[] errbuf);

    int pcap_set_snaplen(Pointer pcap, int snaplen);

    int pcap_set_promisc(Pointer pcap, int promisc);

    int pcap_set_timeout(Pointer pcap, int milliseconds);

    int pcap_set_immediate_mode(Pointer pcap, int immediate);

    int pcap_set_buffer_size(Pointer pcap, int bytes);

    int pcap_activate(Pointer pcap);

    Pointer pcap_open_offline(String file, byte[] errbuf);

    Pointer pcap_open_dead(int linkType, int snaplen);

    int pcap_datalink(Pointer pcap);

    int pcap_compile(Pointer pcap, Pointer program, String filter, int optimize, int netmask);

    int pcap_setfilter(Pointer pcap, Pointer program);

    void pcap_freecode(Pointer program);

    int pcap_snapshot(Pointer pcap);

    int pcap_setnonblock(Pointer pcap, int nonblock, byte[] errbuf);

    int pcap_get_selectable_fd(Pointer pcap);

    Pointer pcap_dump_fopen(Pointer pcap, Pointer file);

    void pcap_dump_close(Pointer dumper);

    void pcap_breakloop(Pointer pcap);

    void pcap_close(Pointer pcap);

    String pcap_geterr(Pointer pcap);

    String pcap_statustostr(int status);

    String pcap_lib_version();
}
