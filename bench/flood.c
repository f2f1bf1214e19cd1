/*
 * flood: a bounded generator of spoofed UDP and TCP SYN noise for bench/flood.sh.
 *
 * Sends COUNT packets at no more than RATE packets per second out of one interface (an AF_PACKET
 * socket, so spoofed sources need no route), each to a random port in [BASE, BASE+SPAN) of one
 * destination, from SOURCES distinct source addresses used in turn. Refuses any destination or
 * source outside the documentation ranges 192.0.2.0/24, 198.51.100.0/24 and 2001:db8::/32.
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
 * so SOURCES may reach millions. Prints the packets sent, distinct sources and elapsed seconds.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_EXCLUDED 16
#define MAX_PORTS 16
#define MAX_COUNT 1000000000ULL
#define MAX_RATE 10000000ULL
#define BATCH 64

static void die(const char *message) {
    fprintf(stderr, "flood: %s\n", message);
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

static uint32_t sum16(const void *data, size_t length, uint32_t sum) {
    const uint8_t *bytes = data;
    for (size_t i = 0; i + 1 < length; i += 2) {
        sum += (uint32_t) (bytes[i] << 8 | bytes[i + 1]);
    }
    if (length & 1) {
        sum += (uint32_t) (bytes[length - 1] << 8);
    }
    return sum;
}

static uint16_t fold(uint32_t sum) {
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return htons((uint16_t) ~sum);
}

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double) t.tv_sec + (double) t.tv_nsec / 1e9;
}

/* Writes the transport header after the IP header; returns its length. */
static size_t transport(uint8_t *l4, int udp, uint16_t port, uint16_t sport, uint32_t seq) {
    if (udp) {
        memset(l4, 0, 8 + 4);
        l4[0] = (uint8_t) (sport >> 8); l4[1] = (uint8_t) sport;
        l4[2] = (uint8_t) (port >> 8);  l4[3] = (uint8_t) port;
        l4[5] = 12; /* length: 8 header + 4 payload */
        memcpy(l4 + 8, &seq, 4);
        return 12;
    }
    memset(l4, 0, 20);
    l4[0] = (uint8_t) (sport >> 8); l4[1] = (uint8_t) sport;
    l4[2] = (uint8_t) (port >> 8);  l4[3] = (uint8_t) port;
    memcpy(l4 + 4, &seq, 4);
    l4[12] = 5 << 4;  /* data offset */
    l4[13] = 0x02;    /* SYN */
    l4[14] = 0xff; l4[15] = 0xff; /* window */
    return 20;
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
    int fd = socket(AF_PACKET, SOCK_DGRAM, htons(v6 ? ETH_P_IPV6 : ETH_P_IP));
    if (fd < 0) die("cannot open a packet socket (root needed)");
    struct sockaddr_ll link = {0};
    link.sll_family = AF_PACKET;
    link.sll_protocol = htons(v6 ? ETH_P_IPV6 : ETH_P_IP);
    link.sll_ifindex = (int) if_nametoindex(iface);
    if (link.sll_ifindex == 0) die("no such interface");
    link.sll_halen = 6;
    for (int i = 0; i < 6; i++) link.sll_addr[i] = (uint8_t) mac_bytes[i];

    uint8_t packets[BATCH][80];
    struct iovec vectors[BATCH];
    struct mmsghdr messages[BATCH];
    memset(messages, 0, sizeof messages);
    unsigned long long sent = 0, source = 0;
    double start = now_seconds();
    while (sent < count) {
        unsigned int batch = (unsigned int) (count - sent < BATCH ? count - sent : BATCH);
        for (unsigned int k = 0; k < batch; k++) {
            uint8_t *p = packets[k];
            uint64_t r = next_random();
            /* with -a, the first packet of each knock is aimed at the window's first AIM ports */
            int first = (sent + k) % (unsigned long long) knock_length == 0;
            uint16_t port = port_count > 0 ? ports[r % (uint64_t) port_count]
                          : aim > 0 && first ? (uint16_t) (base + (long) (r % (uint64_t) aim))
                                             : (uint16_t) (base + (long) (r % (uint64_t) span));
            int udp = (long) ((r >> 32) % 100) < udp_percent;
            uint16_t sport = (uint16_t) (1024 + ((r >> 40) % 60000));
            uint32_t seq = (uint32_t) (r >> 16);
            size_t header = v6 ? 40 : 20;
            size_t l4 = transport(p + header, udp, port, sport, seq);
            uint8_t proto = udp ? 17 : 6;
            uint32_t pseudo;
            if (v6) {
                memset(p, 0, 40);
                p[0] = 0x60;
                p[4] = (uint8_t) (l4 >> 8); p[5] = (uint8_t) l4;
                p[6] = proto; p[7] = 64;
                uint8_t *src = p + 8;
                src[0] = 0x20; src[1] = 0x01; src[2] = 0x0d; src[3] = 0xb8; src[5] = 0x01;
                uint32_t n = htonl((uint32_t) source);
                memcpy(src + 12, &n, 4);
                memcpy(p + 24, dst, 16);
                pseudo = sum16(p + 8, 32, 0) + (uint32_t) l4 + proto;
            } else {
                memset(p, 0, 20);
                p[0] = 0x45;
                p[2] = 0; p[3] = (uint8_t) (20 + l4);
                p[8] = 64; p[9] = proto;
                memcpy(p + 12, pool[source], 4);
                memcpy(p + 16, dst, 4);
                uint16_t ip_sum = fold(sum16(p, 20, 0));
                memcpy(p + 10, &ip_sum, 2);
                pseudo = sum16(p + 12, 8, 0) + (uint32_t) l4 + proto;
            }
            uint16_t l4_sum = fold(sum16(p + header, l4, pseudo));
            if (udp && l4_sum == 0) l4_sum = 0xffff;
            memcpy(p + header + (udp ? 6 : 16), &l4_sum, 2);
            vectors[k].iov_base = p;
            vectors[k].iov_len = header + l4;
            messages[k].msg_hdr.msg_name = &link;
            messages[k].msg_hdr.msg_namelen = sizeof link;
            messages[k].msg_hdr.msg_iov = &vectors[k];
            messages[k].msg_hdr.msg_iovlen = 1;
            if ((sent + k + 1) % (unsigned long long) knock_length == 0) {
                source = (source + 1) % sources; /* a knock's packets all come from one source */
            }
        }
        unsigned int done = 0;
        while (done < batch) {
            int n = sendmmsg(fd, messages + done, batch - done, 0);
            if (n < 0) {
                if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR) continue;
                perror("flood: sendmmsg");
                return 1;
            }
            done += (unsigned int) n;
        }
        sent += batch;
        /* Pace: never ahead of RATE packets per second since the start. */
        double due = start + (double) sent / (double) rate;
        double late = due - now_seconds();
        if (late > 0) {
            struct timespec pause = {(time_t) late, (long) ((late - (double) (time_t) late) * 1e9)};
            nanosleep(&pause, NULL);
        }
    }
    double elapsed = now_seconds() - start;
    printf("flood: sent %llu packets from %llu distinct sources in %.1f s (%.0f packets/s)\n", sent,
        sent < sources ? sent : sources, elapsed, (double) sent / elapsed);
    return 0;
}
