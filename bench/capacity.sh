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
# Printed per run: packets sent and the generator's rate and CPU per packet; packets the server
# veth received; drops anywhere (the veth's and the kernel backlog's counters, and the capture's
# own: libpcap's ring drops from the server's close line, and frames it skipped); the CPU of the
# server process (utime+stime) and of CPU 1 as a whole (every non-idle column of /proc/stat, so
# the kernel's receive path and softirqs are counted, and so is anything else the machine ran
# there), each per packet and as a share of the core; the server's threads by CPU
# (/proc/PID/task/*/schedstat); legitimate knocks opened/sent. With --perf, a `perf record -e
# cpu-clock -C 1` profile of the measured flood (the kernel's symbols; the JVM's code is not
# symbolised) goes to the work directory and its top entries are printed.
#
# Needs root, iproute2, nftables, gcc, java 17, knockd's knock client, tcpdump (apt-get install -y
# knockd iproute2 nftables gcc tcpdump), perf for --perf, and knock.jar:
#   mvn -B -q -pl knock-examples -am package -DskipTests
#
# Usage: bench/capacity.sh [--rate PPS] [--packets N] [--warmup-packets N] [--sources N]
#                          [--family 4|6] [--runs "alone ours"] [--no-rps]
#                          [--capture-buffer-size BYTES] [--nice N] [--perf] [--work DIR]
# --no-rps leaves the receive path where the kernel puts it: on the sending core, CPU 0.
# --nice N runs the generator and the server at that niceness (e.g. -10: on a machine shared with
# other work, so that they get most of their cores; default 0). Where the kernel groups processes
# by session (sched_autogroup_enabled), niceness only ranks processes inside one group, so the
# script's session group gets that niceness too (/proc/self/autogroup), and its old value back
# when the script ends.
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
        -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "capacity.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ "$NICE" =~ ^-?[0-9]{1,2}$ ]] && [ "$NICE" -ge -20 ] && [ "$NICE" -le 19 ] ||
    { echo "capacity.sh: --nice must be -20..19: $NICE" >&2; exit 2; }
case "$FAMILY" in 4|6) ;; *) echo "capacity.sh: --family must be 4 or 6: $FAMILY" >&2; exit 2 ;; esac
for number in "$RATE" "$PACKETS" "$WARMUP_PACKETS" "$SOURCES"; do
    [[ "$number" =~ ^[0-9]{1,10}$ ]] || { echo "capacity.sh: not a whole number: $number" >&2; exit 2; }
done
if [ -n "$CAPTURE_BUFFER_SIZE" ] && ! [[ "$CAPTURE_BUFFER_SIZE" =~ ^[1-9][0-9]{4,9}$ ]]; then
    echo "capacity.sh: --capture-buffer-size must be a whole number of bytes (65536 or more): $CAPTURE_BUFFER_SIZE" >&2
    exit 2
fi

HERE=$(cd "$(dirname "$0")" && pwd)
JAR="$HERE/../knock-examples/target/knock.jar"
[ "$(id -u)" = 0 ] || { echo "capacity.sh: needs root (network namespaces)" >&2; exit 2; }
[ "$(nproc --all)" -ge 2 ] || { echo "capacity.sh: needs two cores" >&2; exit 2; }
for tool in ip nft gcc java knock taskset; do
    command -v "$tool" >/dev/null || { echo "capacity.sh: $tool is missing: apt-get install -y knockd iproute2 nftables gcc" >&2; exit 2; }
done
[ "$PERF" = 0 ] || command -v perf >/dev/null || { echo "capacity.sh: perf is missing (--perf)" >&2; exit 2; }
[ -f "$JAR" ] || { echo "capacity.sh: $JAR is missing: mvn -B -q -pl knock-examples -am package -DskipTests" >&2; exit 2; }

WORK=${WORK:-$(mktemp -d /tmp/knock-capacity.XXXXXX)}
mkdir -p "$WORK"
ID=$$
CNS="pkcap-c-$ID"; SNS="pkcap-s-$ID"
CVETH="pkc${ID}a"; SVETH="pkc${ID}b"
CLIENT4=192.0.2.1; SERVER4=192.0.2.2; CLIENT6=2001:db8::1; SERVER6=2001:db8::2
BASE=40000; SPAN=4096
GENERATOR_CPU=0; SERVER_CPU=1
PIDS=()

cleanup() {
    [ -n "${OLD_AUTOGROUP_NICE:-}" ] && echo "$OLD_AUTOGROUP_NICE" >/proc/$$/autogroup 2>/dev/null || true
    for pid in "${PIDS[@]:-}"; do
        [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    done
    sleep 0.5
    for pid in "${PIDS[@]:-}"; do
        [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
    done
    ip netns del "$CNS" 2>/dev/null || true
    ip netns del "$SNS" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

gcc -O2 -Wall -Wextra -Werror -o "$WORK/flood" "$HERE/flood.c"
if [ "$NICE" != 0 ] && [ -w /proc/$$/autogroup ]; then
    OLD_AUTOGROUP_NICE=$(sed -n 's/.* nice \(-\{0,1\}[0-9]*\)$/\1/p' /proc/$$/autogroup)
    echo "$NICE" >/proc/$$/autogroup
fi

ip netns add "$CNS"
ip netns add "$SNS"
ip link add "$CVETH" type veth peer name "$SVETH"
ip link set "$CVETH" netns "$CNS"
ip link set "$SVETH" netns "$SNS"
ip -n "$CNS" addr add "$CLIENT4/24" dev "$CVETH"
ip -n "$SNS" addr add "$SERVER4/24" dev "$SVETH"
ip -n "$CNS" addr add "$CLIENT6/64" dev "$CVETH" nodad
ip -n "$SNS" addr add "$SERVER6/64" dev "$SVETH" nodad
for link in "$CNS $CVETH" "$SNS $SVETH" "$CNS lo" "$SNS lo"; do
    set -- $link
    ip -n "$1" link set "$2" up
done
ip netns exec "$SNS" nft -f - <<EOF
table netdev capacity {
    chain ingress { type filter hook ingress device "$SVETH" priority 0; policy drop; }
}
EOF
if [ "$RPS" = 1 ]; then
    ip netns exec "$SNS" sh -c "printf %x $((1 << SERVER_CPU)) >/sys/class/net/$SVETH/queues/rx-0/rps_cpus"
fi
SERVER_MAC=$(ip -n "$SNS" -o link show "$SVETH" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
# the ingress drop takes ARP and neighbour discovery too: the client knows the server's address
ip -n "$CNS" neigh replace "$SERVER4" lladdr "$SERVER_MAC" dev "$CVETH" nud permanent
ip -n "$CNS" neigh replace "$SERVER6" lladdr "$SERVER_MAC" dev "$CVETH" nud permanent
if [ "$FAMILY" = 4 ]; then DESTINATION=$SERVER4; else DESTINATION=$SERVER6; fi
TICKS=$(getconf CLK_TCK)

process_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
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

wait_for() { # FILE TEXT PID WHAT
    for _ in $(seq 1 600); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        kill -0 "$3" 2>/dev/null || { echo "capacity.sh: $4 exited; its output:" >&2; cat "$1" >&2; exit 1; }
        sleep 0.1
    done
    echo "capacity.sh: timed out waiting for $4" >&2; exit 1
}

flood() { # OUT COUNT: the run's flood from CPU 0, in the foreground
    ip netns exec "$CNS" nice -n "$NICE" taskset -c "$GENERATOR_CPU" "$WORK/flood" -i "$CVETH" -m "$SERVER_MAC" -d "$DESTINATION" \
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
            for task in /proc/"$2"/task/*; do
                echo "thread ${task##*/} $(tr ' ' _ <"$task/comm") $(awk '{print $1}' "$task/schedstat")"
            done
        fi
    } >"$1"
}
value() { awk -v k="$2" '$1 == k {print $2}' "$1"; }
delta() { echo $(( $(value "$2" "$3") - $(value "$1" "$3") )); }

# Thread CPU over the flood, summed by thread name (numbers stripped), largest first.
thread_table() { # BEFORE AFTER PACKETS
    awk -v packets="$3" '
        FNR == NR && $1 == "thread" {before[$2] = $4; next}
        $1 == "thread" {name = $3; gsub(/[0-9]+/, "#", name); used[name] += $4 - before[$2]}
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
        printf '  CPU %d kernel receive work (softirq + ksoftirqd/%d): %.2f s, %.3f us per packet\n' "$SERVER_CPU" \
            "$SERVER_CPU" "$(echo "$kernel / $TICKS" | bc -l)" "$(echo "$kernel * 1000000 / $TICKS / $rx" | bc -l)"
        printf '  CPU %d busy %.2f s\n' "$GENERATOR_CPU" "$(echo "$cpu0_busy / $TICKS" | bc -l)"
        if [ -n "${3:-}" ]; then
            local server; server=$(delta "$dir/before" "$dir/after" server)
            printf '  server process: %.2f s CPU (utime+stime), %.3f us per packet received\n' \
                "$(echo "$server / $TICKS" | bc -l)" "$(echo "$server * 1000000 / $TICKS / $rx" | bc -l)"
            printf '  server core (server process + CPU %d kernel receive work): %.3f us per packet, %.0f%% of a core at the achieved rate\n' \
                "$SERVER_CPU" "$(echo "($server + $kernel) * 1000000 / $TICKS / $rx" | bc -l)" \
                "$(echo "100 * ($server + $kernel) / $TICKS / $elapsed" | bc -l)"
            echo "  server threads (run time over the flood):"
            thread_table "$dir/before" "$dir/after" "$rx"
        fi
    } | tee -a "$WORK/results"
}

profile() { # DIR: perf over CPU 1 for as long as the flood runs (started in the background)
    if [ "$PERF" = 1 ]; then
        perf record -q -e cpu-clock -C "$SERVER_CPU" -g -o "$1/perf.data" -- sleep "$(( PACKETS / RATE + 1 ))" \
            >"$1/perf.out" 2>&1 &
        PIDS+=($!)
    fi
}
profile_report() { # DIR
    if [ "$PERF" = 1 ]; then
        wait "${PIDS[-1]}" 2>/dev/null || true
        perf report -i "$1/perf.data" --no-children --sort comm,dso,sym -g none 2>/dev/null >"$1/perf.txt" || true
        echo "  perf, CPU $SERVER_CPU, top entries ($1/perf.txt):" | tee -a "$WORK/results"
        grep -v '^#' "$1/perf.txt" | grep '%' | head -25 | sed 's/^/    /' | tee -a "$WORK/results"
    fi
}

run_alone() {
    local dir="$WORK/alone"; mkdir -p "$dir"
    snapshot "$dir/before"
    profile "$dir"
    flood "$dir/flood.out" "$PACKETS"
    sleep 3
    snapshot "$dir/after"
    report alone "$dir"
    profile_report "$dir"
}

# The knocks the client will send: the pad's next ones, taken before the flood (one a line).
take_knocks() { # DIR COUNT
    local dir=$1 count=$2
    for _ in $(seq 1 "$count"); do
        ip netns exec "$CNS" java -XX:TieredStopAtLevel=1 -jar "$JAR" send "$SERVER4" --pad "$dir/door.pad" \
            --state "$dir/client-state" --udp --command 22,1,0 --dry-run |
            sed -n 's/.*: udp ports \([0-9,]*\)$/\1/p' >>"$dir/knocks"
        java -XX:TieredStopAtLevel=1 -jar "$JAR" pad advance --pad "$dir/door.pad" --side client \
            --state "$dir/client-state" --by 1 >/dev/null
    done
    [ "$(grep -c , "$dir/knocks")" = "$count" ] || { echo "capacity.sh: could not take $count knocks" >&2; exit 1; }
}

# One knock a second from the client until the flood ends; counts the knocks sent.
legit_knocks() { # DIR FLOOD_PID
    local dir=$1 flood_pid=$2 sent=0
    echo 0 >"$dir/sent"
    while kill -0 "$flood_pid" 2>/dev/null; do
        local ports; ports=$(sed -n "$((sent + 1))p" "$dir/knocks")
        [ -n "$ports" ] || { echo "capacity.sh: out of knocks" >&2; return; }
        # shellcheck disable=SC2046 # one argument per port
        ip netns exec "$CNS" knock -u -d 5 "$SERVER4" $(echo "$ports" | tr , ' ') >>"$dir/knock.log" 2>&1
        sent=$((sent + 1)); echo "$sent" >"$dir/sent"
        sleep 1
    done
}

run_ours() {
    local dir="$WORK/ours"; mkdir -p "$dir"; chmod 700 "$dir"
    java -jar "$JAR" pad generate --out "$dir/door.pad" --knocks 2000 --state "$dir/server-state" >"$dir/pad.out" 2>&1
    take_knocks "$dir" $(( PACKETS / RATE + 8 ))
    local buffer=""; [ -n "$CAPTURE_BUFFER_SIZE" ] && buffer="capture_buffer_size = $CAPTURE_BUFFER_SIZE"
    cat >"$dir/server.conf" <<EOF
[options]
    Interface = $SVETH
[flood]
    scheme = sealed
    command_digits = 3
    pad = $dir/door.pad
    state = $dir/server-state
    base_port = $BASE
    digit_bits = 12
    tag_digits = 7
    window = 64
    protocol = udp
    seq_timeout = 10
    capture = pcap
    services = 22
    max_duration = 60
    $buffer
    launcher = process
    start_command = /bin/true %IP%
    stop_command = /bin/true %IP%
EOF
    ip netns exec "$SNS" nice -n "$NICE" taskset -c "$SERVER_CPU" java -jar "$JAR" server --config "$dir/server.conf" \
        >"$dir/server.out" 2>"$dir/server.log" &
    local server=$!; PIDS+=("$server")
    wait_for "$dir/server.out" "knock server: serving" "$server" "knock server"
    if [ "$WARMUP_PACKETS" -gt 0 ]; then
        flood "$dir/warmup.out" "$WARMUP_PACKETS"
        sleep 2
    fi
    snapshot "$dir/before" "$server"
    profile "$dir"
    flood "$dir/flood.out" "$PACKETS" &
    local generator=$!; PIDS+=("$generator")
    legit_knocks "$dir" "$generator" &
    local knocker=$!; PIDS+=("$knocker")
    wait "$generator"
    wait "$knocker"
    sleep 3 # the last knock's verification
    snapshot "$dir/after" "$server"
    kill "$server"; wait "$server" 2>/dev/null || true
    report ours "$dir" "$server"
    profile_report "$dir"
    local close; close=$(grep "capture ended: " "$dir/server.log" | tail -n 1 | sed 's/.*ended: //' || true)
    local opened; opened=$(grep -c "knock from $CLIENT4 accepted" "$dir/server.log" || true)
    local throttled; throttled=$(grep -c "knock from $CLIENT4 dropped" "$dir/server.log" || true)
    {
        echo "  capture at close (warm-up included): $close"
        echo "  legitimate knocks opened/sent: $opened/$(cat "$dir/sent") ($throttled of them dropped)"
    } | tee -a "$WORK/results"
}

echo "capacity.sh: work directory $WORK; load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$WORK/results"
for run in $RUNS; do
    case "$run" in
        alone) run_alone ;;
        ours) run_ours ;;
        *) echo "capacity.sh: unknown run $run" >&2; exit 2 ;;
    esac
done
echo "capacity.sh: load average $(cut -d' ' -f1-3 /proc/loadavg); logs in $WORK" | tee -a "$WORK/results"
