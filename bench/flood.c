/*
 * flood: a bounded generator of spoofed UDP and TCP SYN noise for bench/flood.sh and
 * bench/capacity.sh.
 *
 * Sends COUNT packets at no more than RATE packets per second out of one interface, each to a
 * random port in [BASE, BASE+SPAN) of one destination, from SOURCES distinct source addresses
 * used in turn. Refuses any destination or source outside the documentation ranges 192.0.2.0/24,
 * 198.51.100.0/24 and 2001:db8::/32.
 *
 *   flood -i IFACE -m DST_MAC -d DST_IP -c COUNT -r RATE -s SOURCES -b BASE -n SPAN
 *         [-u UDP_PERCENT] [-x EXCLUDED_SOURCE]... [-p PORT]... [-k LENGTH [-a AIM]] [-S SEED]
 *
 * With -p (up to 16 times), each packet goes to one of the given ports, drawn at random, instead
 * of a port of [BASE, BASE+SPAN): a flood aimed at the ports another server watches.
 *
 * With -k, packets go out in knocks of LENGTH packets from one source each (the next knock from
 * the next source); with -a as well, the first packet of each knock goes to one of the first AIM
 * ports of the range: garbage knocks whose hint an attacker who knows the cursor aims at the
 * window [C, C+AIM) of a door whose cursor C is 0.
 *
 * IPv4 sources are drawn from 198.51.100.1-254 and 192.0.2.1-254 minus the excluded addresses
 * (so at most 508 distinct IPv4 sources); IPv6 sources are 2001:db8:1::/48 + the source number,
 * so SOURCES may reach millions. Prints the packets sent, distinct sources, elapsed seconds and
 * the generator's own CPU seconds (user and system, which includes whatever the kernel did for
 * the packets in this process's context).
 *
 * How it goes fast (on the shared 2-core test machine, one core sent 790,000 to 920,000 IPv4
 * packets/s into a veth whose peer drops them: docs/PERFORMANCE.md): frames are built in place in
 * an AF_PACKET TX ring (TPACKET_V2, PACKET_TX_RING) that the kernel sends with one send() per
 * batch, past the queueing discipline (PACKET_QDISC_BYPASS), each copied whole into its socket
 * buffer (PACKET_VNET_HDR, see open_ring); the socket binds no protocol, so the kernel never loops
 * the generator's own packets back to it. Every frame starts as a copy of a template (Ethernet,
 * IP and UDP or TCP header) made once; only the source address, the ports and four payload or
 * sequence bytes change, and the checksums are the template's precomputed partial sums plus those
 * changed 16-bit words (RFC 1071 sums are commutative), never a sum over the whole packet.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_EXCLUDED 16
#define MAX_PORTS 16
#define MAX_COUNT 1000000000ULL
#define MAX_RATE 10000000ULL
/* frames handed to the kernel per send(): 0.5 ms at 500,000 packets/s */
#define BATCH 256
/* TX ring geometry: 128-byte frames (a 32-byte tpacket2_hdr, a 10-byte virtio_net_hdr, then at most
 * 74 bytes of frame) */
#define FRAME_SIZE 128
#define BLOCK_SIZE 4096
#define BLOCKS 512
#define FRAMES (BLOCK_SIZE / FRAME_SIZE * BLOCKS)
/* where the kernel reads a TX frame's data: after the header, as TPACKET2_HDRLEN places it; the
 * frame itself follows the virtio_net_hdr that starts the data */
#define VNET_OFFSET (TPACKET2_HDRLEN - sizeof(struct sockaddr_ll))
#define DATA_OFFSET (VNET_OFFSET + sizeof(struct virtio_net_hdr))
#define ETHERNET 14

static void die(const char *message) {
    fprintf(stderr, "flood: %s\n", message);
    exit(2);
}

static void die_errno(const char *what) {
    fprintf(stderr, "flood: %s: %s\n", what, strerror(errno));
    exit(2);
}

static int documentation_v4(const uint8_t a[4]) {
    return (a[0] == 192 && a[1] == 0 && a[2] == 2) || (a[0] == 198 && a[1] == 51 && a[2] == 100);
}

static int documentation_v6(const uint8_t a[16]) {
    return a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8;
}

static uint64_t state;

static uint64_t next_random(void) { /* xorshift64*: noise, not secrets */
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545F4914F6CDD1DULL;
}

/* The ones' complement sum of 16-bit big-endian words, not yet folded. */
static uint32_t sum16(const uint8_t *bytes, size_t length, uint32_t sum) {
    for (size_t i = 0; i + 1 < length; i += 2) {
        sum += (uint32_t) (bytes[i] << 8 | bytes[i + 1]);
    }
    if (length & 1) {
        sum += (uint32_t) (bytes[length - 1] << 8);
    }
    return sum;
}

/* Folds a sum to 16 bits and complements it: the checksum field, host order. */
static uint16_t checksum(uint32_t sum) {
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t) ~sum;
}

static void put16(uint8_t *at, uint16_t value) {
    at[0] = (uint8_t) (value >> 8);
    at[1] = (uint8_t) value;
}

static uint32_t word_pair(uint32_t value) { /* the two 16-bit words of a 32-bit value */
    return (value >> 16) + (value & 0xffff);
}

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double) t.tv_sec + (double) t.tv_nsec / 1e9;
}

/*
 * One kind of frame (IPv4 or IPv6, UDP or TCP) as it is before the varying fields are written,
 * with the partial checksums of everything that never changes (those fields zero).
 */
struct template {
    uint8_t bytes[FRAME_SIZE - DATA_OFFSET];
    size_t length;      /* the whole frame, Ethernet header included */
    size_t l3;          /* offset of the IP header */
    size_t l4;          /* offset of the UDP or TCP header */
    size_t source;      /* offset of the 4 source address bytes that vary */
    size_t varying;     /* offset of the 4 bytes that vary: UDP payload or TCP sequence number */
    size_t l4_checksum; /* offset of the UDP or TCP checksum */
    uint32_t ip_sum;    /* IPv4 header sum without the source address (unused for IPv6) */
    uint32_t l4_sum;    /* pseudo-header and transport sum without source, ports and varying bytes */
    int udp, v6;
};

static void make_template(struct template *t, int v6, int udp, const uint8_t src_mac[6], const uint8_t dst_mac[6],
                          const uint8_t dst[16]) {
    memset(t, 0, sizeof *t);
    t->v6 = v6;
    t->udp = udp;
    uint8_t *p = t->bytes;
    memcpy(p, dst_mac, 6);
    memcpy(p + 6, src_mac, 6);
    put16(p + 12, v6 ? ETH_P_IPV6 : ETH_P_IP);
    t->l3 = ETHERNET;
    size_t l4_length = udp ? 12 : 20; /* UDP: 8 header + 4 payload; TCP: a bare SYN */
    uint8_t proto = udp ? 17 : 6;
    uint8_t *ip = p + t->l3;
    if (v6) {
        t->l4 = t->l3 + 40;
        ip[0] = 0x60;
        put16(ip + 4, (uint16_t) l4_length);
        ip[6] = proto; ip[7] = 64;
        uint8_t *src = ip + 8; /* 2001:db8:1::/48 + the source number in the last 4 bytes */
        src[0] = 0x20; src[1] = 0x01; src[2] = 0x0d; src[3] = 0xb8; src[5] = 0x01;
        memcpy(ip + 24, dst, 16);
        t->source = t->l3 + 8 + 12;
        t->l4_sum = sum16(ip + 8, 32, 0) + (uint32_t) l4_length + proto;
    } else {
        t->l4 = t->l3 + 20;
        ip[0] = 0x45;
        put16(ip + 2, (uint16_t) (20 + l4_length));
        ip[8] = 64; ip[9] = proto;
        memcpy(ip + 16, dst, 4);
        t->source = t->l3 + 12;
        t->ip_sum = sum16(ip, 20, 0);
        t->l4_sum = sum16(ip + 16, 4, 0) + (uint32_t) l4_length + proto;
    }
    uint8_t *l4 = p + t->l4;
    if (udp) {
        put16(l4 + 4, (uint16_t) l4_length);
        t->varying = t->l4 + 8;
        t->l4_checksum = t->l4 + 6;
    } else {
        l4[12] = 5 << 4;  /* data offset */
        l4[13] = 0x02;    /* SYN */
        l4[14] = 0xff; l4[15] = 0xff; /* window */
        t->varying = t->l4 + 4;
        t->l4_checksum = t->l4 + 16;
    }
    t->l4_sum += sum16(l4, l4_length, 0);
    t->length = t->l4 + l4_length;
}

/* Writes one frame of template t into out: the template, then the varying fields and checksums. */
static void write_frame(uint8_t *out, const struct template *t, uint32_t source, uint16_t sport, uint16_t port,
                        uint32_t varying) {
    memcpy(out, t->bytes, t->length);
    out[t->source] = (uint8_t) (source >> 24); out[t->source + 1] = (uint8_t) (source >> 16);
    out[t->source + 2] = (uint8_t) (source >> 8); out[t->source + 3] = (uint8_t) source;
    put16(out + t->l4, sport);
    put16(out + t->l4 + 2, port);
    out[t->varying] = (uint8_t) (varying >> 24); out[t->varying + 1] = (uint8_t) (varying >> 16);
    out[t->varying + 2] = (uint8_t) (varying >> 8); out[t->varying + 3] = (uint8_t) varying;
    uint32_t source_words = word_pair(source);
    if (!t->v6) {
        put16(out + t->l3 + 10, checksum(t->ip_sum + source_words));
    }
    uint16_t l4_checksum = checksum(t->l4_sum + source_words + sport + port + word_pair(varying));
    if (t->udp && l4_checksum == 0) l4_checksum = 0xffff;
    put16(out + t->l4_checksum, l4_checksum);
}

/* An AF_PACKET socket on the interface with a mapped TX ring that bypasses the qdisc. */
static uint8_t *open_ring(const char *iface, int *fd_out, uint8_t src_mac[6]) {
    int fd = socket(AF_PACKET, SOCK_RAW, 0); /* protocol 0: receives nothing, not even its own frames */
    if (fd < 0) die_errno("cannot open a packet socket (root needed)");
    int version = TPACKET_V2;
    if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version, sizeof version) != 0) die_errno("PACKET_VERSION");
    /* A virtio_net_hdr before each frame lets its hdr_len ask for the whole frame to be copied
     * into the socket buffer: without it the kernel copies only the Ethernet header and hands the
     * rest over as a zero-copy fragment of the ring's page, which the veth then copies into a
     * freshly allocated page (skb_copy_ubufs), about a third of the send path's cost. */
    int vnet = 1;
    if (setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &vnet, sizeof vnet) != 0) die_errno("PACKET_VNET_HDR");
    int bypass = 1;
    if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &bypass, sizeof bypass) != 0) die_errno("PACKET_QDISC_BYPASS");
    struct tpacket_req request = {BLOCK_SIZE, BLOCKS, FRAME_SIZE, FRAMES};
    if (setsockopt(fd, SOL_PACKET, PACKET_TX_RING, &request, sizeof request) != 0) die_errno("PACKET_TX_RING");
    uint8_t *ring = mmap(NULL, (size_t) BLOCK_SIZE * BLOCKS, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (ring == MAP_FAILED) die_errno("mmap of the TX ring");
    struct ifreq ifr = {0};
    if (strlen(iface) >= sizeof ifr.ifr_name) die("interface name too long");
    strcpy(ifr.ifr_name, iface);
    if (ioctl(fd, SIOCGIFHWADDR, &ifr) != 0) die_errno("no such interface");
    memcpy(src_mac, ifr.ifr_hwaddr.sa_data, 6);
    struct sockaddr_ll link = {0};
    link.sll_family = AF_PACKET;
    link.sll_ifindex = (int) if_nametoindex(iface);
    if (link.sll_ifindex == 0) die("no such interface");
    if (bind(fd, (struct sockaddr *) &link, sizeof link) != 0) die_errno("bind to the interface");
    *fd_out = fd;
    return ring;
}

/* Hands every frame marked for sending to the kernel, without waiting for their completion. */
static void flush(int fd) {
    while (send(fd, NULL, 0, MSG_DONTWAIT) < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == ENOBUFS) {
            struct pollfd p = {fd, POLLOUT, 0};
            poll(&p, 1, 10);
            continue;
        }
        die_errno("send");
    }
}

/* Waits until the kernel has sent the frame in this slot (it marks the slot available again). */
static void await_slot(int fd, volatile struct tpacket2_hdr *slot, unsigned long long *waits) {
    if (slot->tp_status == TP_STATUS_AVAILABLE) return;
    ++*waits;
    flush(fd);
    while (slot->tp_status != TP_STATUS_AVAILABLE) {
        if (slot->tp_status & TP_STATUS_WRONG_FORMAT) die("the kernel refused a frame (wrong format)");
        struct pollfd p = {fd, POLLOUT, 0};
        poll(&p, 1, 10);
    }
}

int main(int argc, char **argv) {
    const char *iface = NULL, *mac = NULL, *destination = NULL;
    unsigned long long count = 0, rate = 0, sources = 0;
    long base = -1, span = 0, udp_percent = 50;
    char *excluded[MAX_EXCLUDED];
    int excluded_count = 0;
    uint16_t ports[MAX_PORTS];
    int port_count = 0;
    long knock_length = 1, aim = 0;
    state = 0x9E3779B97F4A7C15ULL;
    int option;
    while ((option = getopt(argc, argv, "i:m:d:c:r:s:b:n:u:x:p:k:a:S:")) != -1) {
        switch (option) {
        case 'i': iface = optarg; break;
        case 'm': mac = optarg; break;
        case 'd': destination = optarg; break;
        case 'c': count = strtoull(optarg, NULL, 10); break;
        case 'r': rate = strtoull(optarg, NULL, 10); break;
        case 's': sources = strtoull(optarg, NULL, 10); break;
        case 'b': base = strtol(optarg, NULL, 10); break;
        case 'n': span = strtol(optarg, NULL, 10); break;
        case 'u': udp_percent = strtol(optarg, NULL, 10); break;
        case 'x':
            if (excluded_count == MAX_EXCLUDED) die("too many -x");
            excluded[excluded_count++] = optarg;
            break;
        case 'k': knock_length = strtol(optarg, NULL, 10); break;
        case 'a': aim = strtol(optarg, NULL, 10); break;
        case 'p': {
            long port = strtol(optarg, NULL, 10);
            if (port_count == MAX_PORTS) die("too many -p");
            if (port < 1 || port > 65535) die("-p must be a port in 1..65535");
            ports[port_count++] = (uint16_t) port;
            break;
        }
        case 'S': state = strtoull(optarg, NULL, 10) | 1; break;
        default: die("usage: flood -i IFACE -m MAC -d DST -c COUNT -r RATE -s SOURCES -b BASE -n SPAN [-u %] [-x SRC]... [-p PORT]...");
        }
    }
    if (!iface || !mac || !destination) die("-i, -m and -d are required");
    if (count < 1 || count > MAX_COUNT) die("-c must be 1..1000000000");
    if (rate < 1 || rate > MAX_RATE) die("-r must be 1..10000000 packets per second");
    if (sources < 1) die("-s must be at least 1");
    if (base < 1 || span < 1 || base + span > 65536) die("-b/-n must give ports within 1..65535");
    if (udp_percent < 0 || udp_percent > 100) die("-u must be 0..100");
    if (knock_length < 1 || knock_length > 64) die("-k must be 1..64");
    if (aim < 0 || aim > span) die("-a must be 0..SPAN");

    int v6 = strchr(destination, ':') != NULL;
    uint8_t dst[16];
    if (inet_pton(v6 ? AF_INET6 : AF_INET, destination, dst) != 1) die("bad destination address");
    if (v6 ? !documentation_v6(dst) : !documentation_v4(dst)) die("destination outside the documentation ranges");

    /* The IPv4 source pool: the two documentation /24s minus .0, .255 and the excluded addresses. */
    uint8_t (*pool)[4] = NULL;
    unsigned long long pool_size = 0;
    if (!v6) {
        pool = calloc(508, 4);
        const uint8_t nets[2][3] = {{198, 51, 100}, {192, 0, 2}};
        for (int n = 0; n < 2; n++) {
            for (int host = 1; host <= 254; host++) {
                uint8_t a[4] = {nets[n][0], nets[n][1], nets[n][2], (uint8_t) host};
                int skip = 0;
                for (int e = 0; e < excluded_count; e++) {
                    uint8_t x[4];
                    if (inet_pton(AF_INET, excluded[e], x) != 1) die("bad -x address");
                    skip |= memcmp(a, x, 4) == 0;
                }
                if (!skip) memcpy(pool[pool_size++], a, 4);
            }
        }
        if (sources > pool_size) {
            fprintf(stderr, "flood: only %llu IPv4 documentation sources available; using %llu\n", pool_size, pool_size);
            sources = pool_size;
        }
    } else if (sources > (1ULL << 32)) {
        die("-s too large");
    }

    unsigned int mac_bytes[6];
    if (sscanf(mac, "%x:%x:%x:%x:%x:%x", &mac_bytes[0], &mac_bytes[1], &mac_bytes[2], &mac_bytes[3], &mac_bytes[4],
            &mac_bytes[5]) != 6) die("bad -m MAC address");
    uint8_t dst_mac[6];
    for (int i = 0; i < 6; i++) dst_mac[i] = (uint8_t) mac_bytes[i];
    int fd;
    uint8_t src_mac[6];
    uint8_t *ring = open_ring(iface, &fd, src_mac);
    struct template templates[2]; /* [0]: TCP SYN, [1]: UDP */
    make_template(&templates[0], v6, 0, src_mac, dst_mac, dst);
    make_template(&templates[1], v6, 1, src_mac, dst_mac, dst);

    unsigned long long sent = 0, source = 0, waits = 0;
    unsigned int head = 0; /* the next ring slot to fill */
    double start = now_seconds();
    while (sent < count) {
        unsigned int batch = (unsigned int) (count - sent < BATCH ? count - sent : BATCH);
        for (unsigned int k = 0; k < batch; k++) {
            volatile struct tpacket2_hdr *slot = (volatile struct tpacket2_hdr *) (ring + (size_t) head * FRAME_SIZE);
            await_slot(fd, slot, &waits);
            uint64_t r = next_random();
            /* with -a, the first packet of each knock is aimed at the window's first AIM ports */
            int first = (sent + k) % (unsigned long long) knock_length == 0;
            uint16_t port = port_count > 0 ? ports[r % (uint64_t) port_count]
                          : aim > 0 && first ? (uint16_t) (base + (long) (r % (uint64_t) aim))
                                             : (uint16_t) (base + (long) (r % (uint64_t) span));
            int udp = (long) ((r >> 32) % 100) < udp_percent;
            uint16_t sport = (uint16_t) (1024 + ((r >> 40) % 60000));
            uint32_t source_bytes = v6 ? (uint32_t) source
                                       : (uint32_t) pool[source][0] << 24 | (uint32_t) pool[source][1] << 16
                                         | (uint32_t) pool[source][2] << 8 | pool[source][3];
            const struct template *t = &templates[udp];
            write_frame((uint8_t *) slot + DATA_OFFSET, t, source_bytes, sport, port, (uint32_t) (r >> 16));
            struct virtio_net_hdr *vnet = (struct virtio_net_hdr *) ((uint8_t *) slot + VNET_OFFSET);
            memset(vnet, 0, sizeof *vnet);
            vnet->hdr_len = (uint16_t) t->length; /* little-endian, as x86 is: copy it all */
            slot->tp_len = (uint32_t) (sizeof *vnet + t->length);
            __atomic_store_n(&slot->tp_status, TP_STATUS_SEND_REQUEST, __ATOMIC_RELEASE);
            head = (head + 1) % FRAMES;
            if ((sent + k + 1) % (unsigned long long) knock_length == 0) {
                source = (source + 1) % sources; /* a knock's packets all come from one source */
            }
        }
        flush(fd);
        sent += batch;
        /* Pace: never ahead of RATE packets per second since the start. */
        double due = start + (double) sent / (double) rate;
        double late = due - now_seconds();
        if (late > 0) {
            struct timespec pause = {(time_t) late, (long) ((late - (double) (time_t) late) * 1e9)};
            nanosleep(&pause, NULL);
        }
    }
    /* the last frames: wait until the kernel has taken every one of them */
    for (unsigned int i = 0; i < FRAMES; i++) {
        await_slot(fd, (volatile struct tpacket2_hdr *) (ring + (size_t) i * FRAME_SIZE), &waits);
    }
    double elapsed = now_seconds() - start;
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    double cpu = (double) usage.ru_utime.tv_sec + (double) usage.ru_utime.tv_usec / 1e6
               + (double) usage.ru_stime.tv_sec + (double) usage.ru_stime.tv_usec / 1e6;
    printf("flood: sent %llu packets from %llu distinct sources in %.2f s (%.0f packets/s); "
           "generator CPU %.2f s (user %.2f s, system %.2f s), waited for a ring slot %llu times\n", sent,
        sent < sources ? sent : sources, elapsed, (double) sent / elapsed, cpu,
        (double) usage.ru_utime.tv_sec + (double) usage.ru_utime.tv_usec / 1e6,
        (double) usage.ru_stime.tv_sec + (double) usage.ru_stime.tv_usec / 1e6, waits);
    return 0;
}
