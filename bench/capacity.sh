#!/usr/bin/env bash
# How many packets a second `knock server` (pcap capture) inspects on one core, with nothing
# dropped and every legitimate knock opened; and what the generator reaches without a server.
#
# Two network namespaces joined by a veth pair, as in bench/flood.sh: a client (192.0.2.1,
# 2001:db8::1) and a server (192.0.2.2, 2001:db8::2). The server namespace drops every packet at
# the veth's ingress hook (nftables, netdev family): packet captures, libpcap's included, see a
# packet before that hook, and the kernel spends nothing on an IP stack whose answer is a drop.
# The two cores are split: bench/flood.c runs on CPU 0 (taskset), the knock server on CPU 1
# (taskset: every JVM thread), and receive packet steering (rps_cpus of the server veth) moves the
# kernel's receive path of every packet (its capture into the server's ring and the drop) onto
# CPU 1 too, so CPU 1 is the server's one core: the server process plus the kernel's work for it.
#
# Runs (--runs, default "alone ours"):
#   alone : the generator only (no capture open): the rate it reaches, its CPU per packet
#   ours  : the sealed UDP door of bench/flood.sh (k=12, M=3, A=7, window 64) with capture = pcap
#           on the server veth; a warm-up flood of --warmup-packets (JIT compilation done), 2 s of
#           rest, then the measured flood of --packets at --rate; meanwhile the client sends a
#           legitimate knock every second. The knocks are taken from the pad before the flood
#           (`knock send --dry-run`, then `knock pad advance --side client`) and sent with
#           knockd's `knock` client, a small C program, so the client's JVM does not compete
#           for the two cores during the flood.
# The flood is UDP only (the door is UDP: every packet passes the server's kernel filter and
# reaches its matcher), to random ports of the door's range 40000..44095, from --sources spoofed
# sources: IPv4 (--family 4, at most 506 sources) or IPv6 (--family 6, 2001:db8:1::/48).
#
# Printed per run: packets sent, the generator's rate and its CPU per packet; packets the server
# veth received; drops anywhere (the veth's and the kernel backlogs' counters, and the capture's
# own: libpcap's ring drops and skipped frames from the server's close line, and its drops by the
# end of the warm-up and in the measured flood apart, from the server's metrics endpoint, which
# the script also samples every second into ours/drops); CPU 1's busy time
# (everything that ran there, other work on the machine included) and its softirq ticks; the
# server process's CPU (utime+stime) and its threads' run time (/proc/PID/task/*/schedstat), per
# packet; legitimate knocks opened/sent. This kernel counts CPU by ticks, and a softirq tick counts
# both in /proc/stat and in the process it interrupted, so the server's line and the softirq line
# overlap. --perf separates them: a `perf record -e cpu-clock -C 1` profile of the measured flood
# (kept in the work directory) gives the receive path's share of CPU 1 (under net_rx_action, the
# capture's copy tpacket_rcv within it), the server process's share, and the server's core: the
# server process plus the receive path that ran outside it, per packet.
#
# Needs root, iproute2, nftables, gcc, java 17, knockd's knock client, curl (the server's metrics)
# (apt-get install -y knockd iproute2 nftables gcc curl), perf for --perf (linux-perf), and knock.jar:
#   mvn -B -q -pl knock-examples -am package -DskipTests
#
# Usage: bench/capacity.sh [--rate PPS] [--packets N] [--warmup-packets N] [--sources N]
#                          [--family 4|6] [--runs "alone ours"] [--no-rps]
#                          [--capture-buffer-size BYTES] [--nice N] [--perf] [--work DIR]
#                          [--server-jar JAR] [--warmup-knocks]
# Defaults: 500,000 packets/s, 10,000,000 packets after a warm-up of 3,000,000, 506 IPv4 sources.
# --no-rps leaves the receive path where the kernel puts it: on the sending core, CPU 0.
# --nice N runs the generator and the server at that niceness (e.g. -10: on a machine shared with
# other work, so that they get most of their cores; default 0), the script's session scheduling
# group with them (bench/netns.sh).
# --warmup-knocks sends a legitimate knock every second of the warm-up flood too, so that the JIT
# has compiled the knocks' paths (acceptance, the cursor's write, the launcher, the matcher told of
# a genuine knock) before the measured flood, not during its first seconds; the knocks of the
# warm-up are counted apart.
# --server-jar JAR runs the knock server from another build's knock.jar (an older commit's, to
# compare two builds back to back with this script); the pad and the client's knocks still come
# from this tree's knock.jar.
# The environment variable SERVER_JAVA_OPTS (e.g. -Xlog:gc) goes to the knock server's JVM; the
# server's log is kept as ours/server.log, each line with the second it came and the floods' starts
# and ends among them (when the capture's drop warnings came).
set -euo pipefail

RATE=500000
PACKETS=10000000
WARMUP_PACKETS=3000000
SOURCES=506
FAMILY=4
RUNS="alone ours"
RPS=1
CAPTURE_BUFFER_SIZE=""
PERF=0
NICE=0
WORK=""
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
SERVER_JAR=""
WARMUP_KNOCKS=0
while [ $# -gt 0 ]; do
    case "$1" in
        --rate) RATE=$2; shift 2 ;;
        --packets) PACKETS=$2; shift 2 ;;
        --warmup-packets) WARMUP_PACKETS=$2; shift 2 ;;
        --sources) SOURCES=$2; shift 2 ;;
        --family) FAMILY=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --no-rps) RPS=0; shift ;;
        --capture-buffer-size) CAPTURE_BUFFER_SIZE=$2; shift 2 ;;
        --perf) PERF=1; shift ;;
        --nice) NICE=$2; shift 2 ;;
        --work) WORK=$2; shift 2 ;;
        --server-jar) SERVER_JAR=$2; shift 2 ;;
        --warmup-knocks) WARMUP_KNOCKS=1; shift ;;
        -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "capacity.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ "$NICE" =~ ^-?[0-9]{1,2}$ ]] && [ "$NICE" -ge -20 ] && [ "$NICE" -le 19 ] ||
    { echo "capacity.sh: --nice must be -20..19: $NICE" >&2; exit 2; }
case "$FAMILY" in 4|6) ;; *) echo "capacity.sh: --family must be 4 or 6: $FAMILY" >&2; exit 2 ;; esac
for option in "--rate $RATE" "--packets $PACKETS" "--sources $SOURCES"; do
    set -- $option
    [[ "$2" =~ ^[1-9][0-9]{0,8}$ ]] || { echo "capacity.sh: $1 must be a whole number from 1: $2" >&2; exit 2; }
done
[[ "$WARMUP_PACKETS" =~ ^[0-9]{1,9}$ ]] || { echo "capacity.sh: --warmup-packets must be a whole number: $WARMUP_PACKETS" >&2; exit 2; }
if [ -n "$CAPTURE_BUFFER_SIZE" ] && ! [[ "$CAPTURE_BUFFER_SIZE" =~ ^[1-9][0-9]{4,9}$ ]]; then
    echo "capacity.sh: --capture-buffer-size must be a whole number of bytes (65536 or more): $CAPTURE_BUFFER_SIZE" >&2
    exit 2
fi

HERE=$(cd "$(dirname "$0")" && pwd)
JAR="$HERE/../knock-examples/target/knock.jar"
[ "$(id -u)" = 0 ] || { echo "capacity.sh: needs root (network namespaces)" >&2; exit 2; }
[ "$(nproc --all)" -ge 2 ] || { echo "capacity.sh: needs two cores" >&2; exit 2; }
for tool in ip nft gcc java knock taskset curl; do
    command -v "$tool" >/dev/null || { echo "capacity.sh: $tool is missing: apt-get install -y knockd iproute2 nftables gcc curl" >&2; exit 2; }
done
[ "$PERF" = 0 ] || command -v perf >/dev/null || { echo "capacity.sh: perf is missing (--perf)" >&2; exit 2; }
[ -f "$JAR" ] || { echo "capacity.sh: $JAR is missing: mvn -B -q -pl knock-examples -am package -DskipTests" >&2; exit 2; }
SERVER_JAR=${SERVER_JAR:-$JAR}
[ -f "$SERVER_JAR" ] || { echo "capacity.sh: --server-jar $SERVER_JAR is missing" >&2; exit 2; }

WORK=${WORK:-$(mktemp -d /tmp/knock-capacity.XXXXXX)}
mkdir -p "$WORK"
BASE=40000; SPAN=4096
GENERATOR_CPU=0; SERVER_CPU=1
SCRIPT=capacity.sh
# shellcheck source=bench/netns.sh
. "$HERE/netns.sh"
netns_up pkcap
renice_session "$NICE"
ip netns exec "$SNS" nft -f - <<EOF
table netdev capacity {
    chain ingress { type filter hook ingress device "$SVETH" priority 0; policy drop; }
}
EOF
if [ "$RPS" = 1 ]; then
    ip netns exec "$SNS" sh -c "printf %x $((1 << SERVER_CPU)) >/sys/class/net/$SVETH/queues/rx-0/rps_cpus"
fi
# the ingress drop takes ARP and neighbour discovery too: the client knows the server's address
ip -n "$CNS" neigh replace "$SERVER4" lladdr "$SERVER_MAC" dev "$CVETH" nud permanent
ip -n "$CNS" neigh replace "$SERVER6" lladdr "$SERVER_MAC" dev "$CVETH" nud permanent
if [ "$FAMILY" = 4 ]; then DESTINATION=$SERVER4; else DESTINATION=$SERVER6; fi
TICKS=$(getconf CLK_TCK)

# busy and idle ticks of one CPU: user nice system idle iowait irq softirq steal
cpu_ticks() { awk -v cpu="cpu$1" '$1 == cpu {print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat; }
veth_counter() { ip netns exec "$2" cat "/sys/class/net/$3/statistics/$1"; }
# packets the kernel's per-CPU input backlogs dropped (the second column of softnet_stat, hex)
backlog_drops() {
    local sum=0 processed dropped rest
    while read -r processed dropped rest; do sum=$((sum + 16#$dropped)); done </proc/net/softnet_stat
    echo "$sum"
}
# softirq ticks of one CPU (/proc/stat), and the run time of its ksoftirqd thread (which runs the
# softirqs the CPU could not finish on interrupt exit; its time counts as its own, not softirq)
softirq_ticks() { awk -v cpu="cpu$1" '$1 == cpu {print $8}' /proc/stat; }
ksoftirqd_ticks() { process_ticks "$(pgrep -x "ksoftirqd/$1")"; }


flood() { # OUT COUNT: the run's flood from CPU 0, in the foreground
    ip netns exec "$CNS" taskset -c "$GENERATOR_CPU" "$WORK/flood" -i "$CVETH" -m "$SERVER_MAC" -d "$DESTINATION" \
        -c "$2" -r "$RATE" -s "$SOURCES" -b "$BASE" -n "$SPAN" -u 100 -x "$CLIENT4" -x "$SERVER4" >"$1" 2>&1
}

# Counters before and after a measured flood: writes "name value" lines to FILE.
snapshot() { # FILE [SERVER_PID]
    {
        echo "rx $(veth_counter rx_packets "$SNS" "$SVETH")"
        echo "rx_dropped $(veth_counter rx_dropped "$SNS" "$SVETH")"
        echo "tx_dropped $(veth_counter tx_dropped "$CNS" "$CVETH")"
        echo "backlog_dropped $(backlog_drops)"
        read -r busy idle < <(cpu_ticks "$SERVER_CPU"); echo "cpu1_busy $busy"; echo "cpu1_idle $idle"
        read -r busy idle < <(cpu_ticks "$GENERATOR_CPU"); echo "cpu0_busy $busy"; echo "cpu0_idle $idle"
        echo "cpu1_softirq $(softirq_ticks "$SERVER_CPU")"; echo "ksoftirqd1 $(ksoftirqd_ticks "$SERVER_CPU")"
        if [ -n "${2:-}" ]; then
            echo "server $(process_ticks "$2")"
            server_counters | awk '{print "captured", $1; print "capture_dropped", $2}'
            for task in /proc/"$2"/task/*; do
                echo "thread ${task##*/} $(tr ' ' _ <"$task/comm") $(awk '{print $1}' "$task/schedstat")"
            done
        fi
    } >"$1"
}
# The server's capture counters from its metrics endpoint: "captured dropped" (the capture reads
# the kernel's drop count about once a second). Run on the generator's core, not the server's.
METRICS=127.0.0.1:9110
server_counters() {
    ip netns exec "$SNS" taskset -c "$GENERATOR_CPU" curl -s --max-time 2 "http://$METRICS/metrics" |
        awk '$1 == "portknock_packets_captured_total" {c = $2} $1 == "portknock_packets_dropped_total" {d = $2}
             END {printf "%.0f %.0f\n", c, d}'
}
# Every second until killed: the time, the server's capture counters and its threads' run time so
# far in ms, summed by thread name (numbers stripped), so that the drops can be placed in the
# warm-up or the measured flood, second by second, next to what ran then.
sample_drops() { # FILE SERVER_PID
    while :; do
        echo "$(date +%T.%3N) $(server_counters) $(for task in /proc/"$2"/task/*; do
            echo "$(tr ' ' _ <"$task/comm") $(awk '{print $1}' "$task/schedstat")"
        done 2>/dev/null | awk '{name = $1; sub(/[0-9]+$/, "#", name); used[name] += $2}
            END {for (n in used) printf "%s=%d ", n, used[n] / 1e6}')" >>"$1"
        sleep 1
    done
}

# Each line of the input with the time it was read (the server's log, the flood's start and end
# in it: when the capture's drop warnings came).
stamp() { awk '{print strftime("%H:%M:%S"), $0; fflush()}'; }
value() { awk -v k="$2" '$1 == k {print $2}' "$1"; }
delta() { echo $(( $(value "$2" "$3") - $(value "$1" "$3") )); }

# Thread CPU over the flood, summed by thread name (numbers stripped), largest first.
thread_table() { # BEFORE AFTER PACKETS
    awk -v packets="$3" '
        FNR == NR && $1 == "thread" {before[$2] = $4; next}
        $1 == "thread" {name = $3; sub(/[0-9]+$/, "#", name); used[name] += $4 - before[$2]}
        END {for (n in used) if (used[n] > 0) printf "    %-32s %8.3f s %8.3f us/packet\n", n, used[n] / 1e9, used[n] / 1e3 / packets}' \
        "$1" "$2" | sort -k2 -nr | head -12
}

report() { # RUN DIR [SERVER_PID]
    local run=$1 dir=$2
    local sent_line; sent_line=$(cat "$dir/flood.out")
    local sent; sent=$(echo "$sent_line" | sed -n 's/flood: sent \([0-9]*\) packets.*/\1/p')
    local elapsed; elapsed=$(echo "$sent_line" | sed -n 's/.* in \([0-9.]*\) s .*/\1/p')
    local generator_cpu; generator_cpu=$(echo "$sent_line" | sed -n 's/.*generator CPU \([0-9.]*\) s.*/\1/p')
    local rx; rx=$(delta "$dir/before" "$dir/after" rx)
    local cpu1_busy cpu1_idle cpu0_busy
    cpu1_busy=$(delta "$dir/before" "$dir/after" cpu1_busy); cpu1_idle=$(delta "$dir/before" "$dir/after" cpu1_idle)
    cpu0_busy=$(delta "$dir/before" "$dir/after" cpu0_busy)
    {
        echo "== $run: IPv$FAMILY UDP from $SOURCES sources, asked $RATE packets/s, nice $NICE, rps $([ "$RPS" = 1 ] && echo "on (receive path on CPU $SERVER_CPU)" || echo off)"
        echo "  generator (CPU $GENERATOR_CPU): $sent_line"
        printf '  generator: %.0f packets/s achieved, %.3f us CPU per packet (its own utime+stime)\n' \
            "$(echo "$sent / $elapsed" | bc -l)" "$(echo "$generator_cpu * 1000000 / $sent" | bc -l)"
        echo "  server veth received $rx packets; dropped on the way: veth rx $(delta "$dir/before" "$dir/after" rx_dropped)," \
             "veth tx $(delta "$dir/before" "$dir/after" tx_dropped), kernel backlogs $(delta "$dir/before" "$dir/after" backlog_dropped)"
        printf '  CPU %d over the flood and 3 s after: busy %.2f s of %.2f s (%.0f%% of the core), %.3f us per packet\n' \
            "$SERVER_CPU" "$(echo "$cpu1_busy / $TICKS" | bc -l)" "$(echo "($cpu1_busy + $cpu1_idle) / $TICKS" | bc -l)" \
            "$(echo "100 * $cpu1_busy / ($cpu1_busy + $cpu1_idle)" | bc -l)" "$(echo "$cpu1_busy * 1000000 / $TICKS / $rx" | bc -l)"
        local kernel; kernel=$(( $(delta "$dir/before" "$dir/after" cpu1_softirq) + $(delta "$dir/before" "$dir/after" ksoftirqd1) ))
        # This kernel accounts CPU time by ticks: a softirq tick counts in /proc/stat's softirq column
        # and in the run time of whatever process it interrupted (the server's too), so this line and
        # the server's overlap; --perf separates them.
        printf '  CPU %d softirq ticks + ksoftirqd/%d: %.2f s, %.3f us per packet\n' "$SERVER_CPU" \
            "$SERVER_CPU" "$(echo "$kernel / $TICKS" | bc -l)" "$(echo "$kernel * 1000000 / $TICKS / $rx" | bc -l)"
        printf '  CPU %d busy %.2f s\n' "$GENERATOR_CPU" "$(echo "$cpu0_busy / $TICKS" | bc -l)"
        if [ -n "${3:-}" ]; then
            local server; server=$(delta "$dir/before" "$dir/after" server)
            printf '  server process: %.2f s CPU (utime+stime), %.3f us per packet received\n' \
                "$(echo "$server / $TICKS" | bc -l)" "$(echo "$server * 1000000 / $TICKS / $rx" | bc -l)"
            echo "  server threads (run time over the flood):"
            thread_table "$dir/before" "$dir/after" "$rx"
        fi
    } | tee -a "$WORK/results"
}

# perf over CPU 1 while the measured flood runs: started before it, stopped after it (profile_stop).
profile() { # DIR
    if [ "$PERF" = 1 ]; then
        perf record -q -e cpu-clock -C "$SERVER_CPU" -g -o "$1/perf.data" -- sleep 86400 >"$1/perf.out" 2>&1 &
        PERF_PID=$!; PIDS+=("$PERF_PID")
        sleep 1 # perf is recording
    fi
}
profile_stop() {
    if [ "$PERF" = 1 ]; then
        kill -INT "$PERF_PID"; wait "$PERF_PID" 2>/dev/null || true
    fi
}

# perf's view of CPU 1 over the flood (cpu-clock samples, whoever ran): its time (the event count
# of cpu-clock is nanoseconds), the share under net_rx_action (the kernel's receive path of the
# packets, including the capture's copy into the ring, in whatever process the softirq
# interrupted, or in ksoftirqd), the server process's share, and the part of the server's share
# that is receive path; the server's core is then the server's share plus the receive path
# outside it.
profile_report() { # DIR PACKETS [SERVER_PID]
    [ "$PERF" = 1 ] || return 0
    local dir=$1 packets=$2 server=${3:-}
    local data="$dir/perf.data"
    perf report -i "$data" --stdio --no-children --sort comm,dso,sym -g none 2>/dev/null >"$dir/perf.txt" || true
    perf report -i "$data" --stdio --children --sort pid,sym -g none 2>/dev/null >"$dir/perf-children.txt" || true
    local total_ns; total_ns=$(sed -n 's/^# Event count (approx.): //p' "$dir/perf.txt")
    # the server's threads, as the snapshot after the flood lists them (none for the generator alone)
    local tids=""; [ -n "$server" ] && tids=$(awk '$1 == "thread" {printf "%s ", $2}' "$dir/after")
    local own; own=$(perf report -i "$data" --stdio --no-children --sort pid -g none 2>/dev/null |
        awk -v tids=" $tids" '$2 ~ /^[0-9]+:/ {split($2, t, ":"); if (index(tids, " " t[1] " ")) sum += $1} END {print sum + 0}')
    share() { # SYMBOL: its share of CPU 1 with what it called, in all processes and in the server's
        awk -v s="$1" -v tids=" $tids" '$NF == s {all += $1; split($3, t, ":"); if (index(tids, " " t[1] " ")) in_server += $1}
            END {print all + 0, in_server + 0}' "$dir/perf-children.txt"
    }
    us() { echo "$1 * $total_ns / 100 / 1000 / $packets" | bc -l; } # a share of CPU 1, in us per packet
    local rx rx_server softirq softirq_server tpacket ignored
    read -r rx rx_server < <(share net_rx_action)
    read -r softirq softirq_server < <(share handle_softirqs)
    read -r tpacket ignored < <(share tpacket_rcv)
    {
        echo "  perf, CPU $SERVER_CPU ($(echo "scale=2; $total_ns / 1000000000" | bc) s sampled; $dir/perf.txt):"
        printf '    receive path (under net_rx_action): %.1f%% of the CPU, %.3f us per packet, of it the capture copy (tpacket_rcv) %.3f us\n' \
            "$rx" "$(us "$rx")" "$(us "$tpacket")"
        printf '    all softirqs (handle_softirqs: also timers, block I/O, RCU, and samples held while interrupts were off): %.1f%%, %.3f us per packet\n' \
            "$softirq" "$(us "$softirq")"
        if [ -n "$server" ]; then
            printf '    server process: %.1f%% of the CPU, %.3f us per packet (the receive path that interrupted it: %.1f%%)\n' \
                "$own" "$(us "$own")" "$rx_server"
            printf '    server core = server process + receive path elsewhere: %.1f%% of the CPU, %.3f us per packet (with all softirqs instead: %.3f us)\n' \
                "$(echo "$own + $rx - $rx_server" | bc -l)" "$(us "($own + $rx - $rx_server)")" \
                "$(us "($own + $softirq - $softirq_server)")"
        fi
        echo "    top entries:"
        awk '!/^#/ && /%/ && shown++ < 15 {print "    " $0}' "$dir/perf.txt"
    } | tee -a "$WORK/results"
}

run_alone() {
    local dir="$WORK/alone"; mkdir -p "$dir"
    snapshot "$dir/before"
    profile "$dir"
    flood "$dir/flood.out" "$PACKETS"
    sleep 3
    snapshot "$dir/after"
    profile_stop
    report alone "$dir"
    profile_report "$dir" "$(delta "$dir/before" "$dir/after" rx)"
}

# One knock a second from the client until the flood ends, each the next one not yet sent of
# DIR/knocks (DIR/next holds its line); counts the knocks sent in DIR/sent-PHASE.
legit_knocks() { # DIR FLOOD_PID PHASE
    local dir=$1 flood_pid=$2 sent=0 next
    echo 0 >"$dir/sent-$3"
    while kill -0 "$flood_pid" 2>/dev/null; do
        next=$(cat "$dir/next" 2>/dev/null || echo 1)
        local ports; ports=$(sed -n "${next}p" "$dir/knocks")
        [ -n "$ports" ] || { echo "capacity.sh: out of knocks" >&2; return; }
        # shellcheck disable=SC2046 # one argument per port
        ip netns exec "$CNS" knock -u -d 5 "$SERVER4" $(echo "$ports" | tr , ' ') >>"$dir/knock.log" 2>&1
        echo $((next + 1)) >"$dir/next"
        sent=$((sent + 1)); echo "$sent" >"$dir/sent-$3"
        sleep 1
    done
}

run_ours() {
    local dir="$WORK/ours"; mkdir -p "$dir"; chmod 700 "$dir"
    java -jar "$JAR" pad generate --out "$dir/door.pad" --knocks 2000 --state "$dir/server-state" >"$dir/pad.out" 2>&1
    local warmup_knocks=0; [ "$WARMUP_KNOCKS" = 1 ] && warmup_knocks=$(( WARMUP_PACKETS / RATE + 2 ))
    take_knocks "$dir" $(( PACKETS / RATE + 8 + warmup_knocks )) --udp --command 22,1,0
    local buffer=""; [ -n "$CAPTURE_BUFFER_SIZE" ] && buffer="capture_buffer_size = $CAPTURE_BUFFER_SIZE"
    door_conf "$dir" 64 pcap "scheme = sealed
    command_digits = 3" "$buffer" | sed "s/^\[options\]\$/[options]\n    Metrics = $METRICS/" >"$dir/server.conf"
    # shellcheck disable=SC2086 # SERVER_JAVA_OPTS holds several options
    ip netns exec "$SNS" taskset -c "$SERVER_CPU" java $SERVER_JAVA_OPTS -jar "$SERVER_JAR" server --config "$dir/server.conf" \
        >"$dir/server.out" 2> >(stamp >>"$dir/server.log") &
    local server=$!; PIDS+=("$server")
    wait_for "$dir/server.out" "knock server: serving" "$server" "knock server"
    sample_drops "$dir/drops" "$server" &
    PIDS+=($!)
    if [ "$WARMUP_PACKETS" -gt 0 ]; then
        echo warm-up flood | stamp >>"$dir/server.log"
        flood "$dir/warmup.out" "$WARMUP_PACKETS" &
        local warming=$!; PIDS+=("$warming")
        if [ "$WARMUP_KNOCKS" = 1 ]; then
            legit_knocks "$dir" "$warming" warmup &
            PIDS+=($!)
        fi
        wait "$warming"
        echo warm-up flood ended | stamp >>"$dir/server.log"
        sleep 2
    fi
    snapshot "$dir/before" "$server"
    profile "$dir"
    echo measured flood | stamp >>"$dir/server.log"
    flood "$dir/flood.out" "$PACKETS" &
    local generator=$!; PIDS+=("$generator")
    legit_knocks "$dir" "$generator" measured &
    local knocker=$!; PIDS+=("$knocker")
    wait "$generator"
    echo measured flood ended | stamp >>"$dir/server.log"
    wait "$knocker"
    sleep 3 # the last knock's verification
    snapshot "$dir/after" "$server"
    profile_stop
    kill "$server"; wait "$server" 2>/dev/null || true
    sleep 0.5 # the server's last log lines through stamp
    report ours "$dir" "$server"
    profile_report "$dir" "$(delta "$dir/before" "$dir/after" rx)" "$server"
    local close; close=$(grep "capture ended: " "$dir/server.log" | tail -n 1 | sed 's/.*ended: //' || true)
    # the knocks accepted from the measured flood's start on, and those of the warm-up before it, by
    # the server's own time of each line (its log reaches the file in bursts, after the mark)
    local opened warmup_opened
    read -r warmup_opened opened < <(awk -v accepted="knock from $CLIENT4 accepted" '
        / measured flood$/ {start = $1}
        index($0, accepted) && match($0, /T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]/) {times[++n] = substr($0, RSTART + 1, 8)}
        END {for (i = 1; i <= n; i++) if (times[i] >= start) m++; else w++; print w + 0, m + 0}' "$dir/server.log")
    # complete knocks of any source dropped unverified from a full verification queue: the server
    # logs a sum every 10 s (one line per knock only at DEBUG, so a lost legitimate knock cannot be
    # told apart here)
    local unverified; unverified=$(awk '/ knocks dropped unverified in the last / {
        for (i = 1; i < NF; i++) if ($(i + 1) == "knocks" && $(i + 2) == "dropped") sum += $i}
        END {print sum + 0}' "$dir/server.log")
    {
        echo "  capture at close (warm-up included): $close"
        echo "  dropped before capture: $(value "$dir/before" capture_dropped) by the end of the warm-up and its rest," \
             "$(delta "$dir/before" "$dir/after" capture_dropped) in the measured flood; the counters each second in $dir/drops"
        echo "  legitimate knocks opened/sent: $opened/$(cat "$dir/sent-measured")"
        echo "  knocks of any source dropped unverified (verification queue full), whole run: $unverified"
        [ "$WARMUP_KNOCKS" = 0 ] || echo "  legitimate knocks opened/sent during the warm-up: $warmup_opened/$(cat "$dir/sent-warmup")"
    } | tee -a "$WORK/results"
}

echo "capacity.sh: work directory $WORK; server $SERVER_JAR ${SERVER_JAVA_OPTS:+($SERVER_JAVA_OPTS) }; load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$WORK/results"
for run in $RUNS; do
    case "$run" in
        alone) run_alone ;;
        ours) run_ours ;;
        *) echo "capacity.sh: unknown run $run" >&2; exit 2 ;;
    esac
done
echo "capacity.sh: load average $(cut -d' ' -f1-3 /proc/loadavg); logs in $WORK" | tee -a "$WORK/results"
