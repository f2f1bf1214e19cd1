#!/usr/bin/env bash
# Side-by-side flood of `knock server` (pcap capture, sealed one-time door) and knockd (one-time
# sequences exported from a pad), one after the other, on the same generated traffic.
#
# Two network namespaces joined by a veth pair: a client (192.0.2.1, 2001:db8::1) and a server
# (192.0.2.2, 2001:db8::2). bench/flood.c, run in the client namespace, sends a bounded flood of
# UDP and TCP SYN noise to random ports of the door's range (40000..44095) from spoofed sources
# (IPv4: 198.51.100.0/24 and 192.0.2.0/24 without .1 and .2, at most 508 sources; IPv6:
# 2001:db8:1::/48, up to millions of sources); meanwhile the client sends a legitimate knock every
# second. Nothing is sent anywhere but the server namespace. Needs root, iproute2, gcc, java 17,
# knockd and knock (apt-get install -y knockd iproute2 gcc), and knock.jar:
#   mvn -B -q -pl knock-examples -am package -DskipTests
#
# Runs (each prints CPU seconds per million packets, legitimate knocks opened/sent, peak RSS):
#   v4-few   : IPv4, --sources spoofed sources, --packets packets    (ours, then knockd)
#   v6-few   : IPv6, --few-sources sources, --memory-packets packets (ours)
#   v6-million: IPv6, --million-sources sources, --memory-packets   (ours, then knockd)
# The IPv6 runs use a door window of --memory-window knocks so that most noise packets from a new
# source start a matcher attempt: memory is then bounded by the matcher's maxSources (65536), not
# by the sequence timeout, and v6-few vs v6-million shows whether peak RSS stays flat.
#
# Usage: bench/flood.sh [--packets N] [--memory-packets N] [--rate PPS] [--sources N]
#                       [--few-sources N] [--million-sources N] [--window W] [--memory-window W]
#                       [--udp-percent P] [--knock-delay-ms MS] [--runs "v4-few v6-few v6-million"]
#                       [--servers "ours knockd"] [--failure-limit N] [--work DIR]
# --failure-limit N sets our door's failure_limit (failed knocks per pad per second before the
# pad is throttled; default: the server's, PROTOCOL.md section 5's 8), to tell the throttle's
# effect from everything else. The "throttled" column counts the legitimate knocks (from the
# client's address) the knock server refused as throttled.
# The environment variable SERVER_JAVA_OPTS (e.g. -Xmx64m) goes to the knock server's JVM.
set -euo pipefail

PACKETS=1000000
MEMORY_PACKETS=2000000
RATE=50000
SOURCES=508
FEW_SOURCES=500
MILLION_SOURCES=1000000
WINDOW=64
MEMORY_WINDOW=4096
UDP_PERCENT=50
KNOCK_DELAY_MS=5
RUNS="v4-few v6-few v6-million"
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
SERVERS="ours knockd"
FAILURE_LIMIT=""
WORK=""
while [ $# -gt 0 ]; do
    case "$1" in
        --packets) PACKETS=$2; shift 2 ;;
        --memory-packets) MEMORY_PACKETS=$2; shift 2 ;;
        --rate) RATE=$2; shift 2 ;;
        --sources) SOURCES=$2; shift 2 ;;
        --few-sources) FEW_SOURCES=$2; shift 2 ;;
        --million-sources) MILLION_SOURCES=$2; shift 2 ;;
        --window) WINDOW=$2; shift 2 ;;
        --memory-window) MEMORY_WINDOW=$2; shift 2 ;;
        --udp-percent) UDP_PERCENT=$2; shift 2 ;;
        --knock-delay-ms) KNOCK_DELAY_MS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --servers) SERVERS=$2; shift 2 ;;
        --failure-limit) FAILURE_LIMIT=$2; shift 2 ;;
        --work) WORK=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "flood.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

HERE=$(cd "$(dirname "$0")" && pwd)
JAR="$HERE/../knock-examples/target/knock.jar"
[ "$(id -u)" = 0 ] || { echo "flood.sh: needs root (network namespaces)" >&2; exit 2; }
for tool in ip gcc java knockd knock; do
    command -v "$tool" >/dev/null || { echo "flood.sh: $tool is missing: apt-get install -y knockd iproute2 gcc" >&2; exit 2; }
done
if [ -n "$FAILURE_LIMIT" ] && ! { [[ "$FAILURE_LIMIT" =~ ^[1-9][0-9]{0,6}$ ]] && [ "$FAILURE_LIMIT" -le 1000000 ]; }; then
    echo "flood.sh: --failure-limit must be a whole number in 1..1000000: $FAILURE_LIMIT" >&2; exit 2
fi
[ -f "$JAR" ] || { echo "flood.sh: $JAR is missing: mvn -B -q -pl knock-examples -am package -DskipTests" >&2; exit 2; }

WORK=${WORK:-$(mktemp -d /tmp/knock-flood.XXXXXX)}
mkdir -p "$WORK"
ID=$$
CNS="pkflood-c-$ID"; SNS="pkflood-s-$ID"
CVETH="pkf${ID}a"; SVETH="pkf${ID}b"
CLIENT4=192.0.2.1; SERVER4=192.0.2.2; CLIENT6=2001:db8::1; SERVER6=2001:db8::2
BASE=40000; SPAN=4096
PIDS=()

cleanup() {
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
# Answer nothing in the server namespace: no RSTs or ICMP errors towards spoofed sources (capture,
# pcap's and knockd's alike, sees packets before the firewall).
ip netns exec "$SNS" nft -f - <<'EOF'
table inet flood {
    chain input { type filter hook input priority 0; policy drop; }
}
EOF
SERVER_MAC=$(ip -n "$SNS" -o link show "$SVETH" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
peak_rss_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }
rx_packets() { ip netns exec "$SNS" cat "/sys/class/net/$SVETH/statistics/rx_packets"; }
TICKS=$(getconf CLK_TCK)

wait_for() { # FILE TEXT PID WHAT
    for _ in $(seq 1 300); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        kill -0 "$3" 2>/dev/null || { echo "flood.sh: $4 exited; its output:" >&2; cat "$1" >&2; exit 1; }
        sleep 0.1
    done
    echo "flood.sh: timed out waiting for $4" >&2; exit 1
}

# The legitimate knocker: one knock a second (the next starts a second after the previous one
# started, or at once if that took longer) until the flood ends; counts the knocks it sent.
legit_knocks() { # SENT_FILE FLOOD_PID COMMAND...
    local sent_file=$1 flood_pid=$2; shift 2
    local sent=0 next
    next=$(date +%s.%N)
    while kill -0 "$flood_pid" 2>/dev/null; do
        if ip netns exec "$CNS" "$@" >>"$sent_file.log" 2>&1; then
            sent=$((sent + 1)); echo "$sent" >"$sent_file"
        fi
        next=$(echo "$next + 1" | bc)
        local pause; pause=$(echo "$next - $(date +%s.%N)" | bc)
        case "$pause" in -*|0) ;; *) sleep "$pause" ;; esac
    done
}

# flood_run NAME SERVER_PID DESTINATION SOURCES PACKETS KNOCK_COMMAND...: writes "cpu_s rx sent" to NAME/measured
flood_run() {
    local name=$1 pid=$2 destination=$3 sources=$4 packets=$5; shift 5
    local dir="$WORK/$name"
    local rx0 cpu0; rx0=$(rx_packets); cpu0=$(cpu_ticks "$pid")
    ip netns exec "$CNS" "$WORK/flood" -i "$CVETH" -m "$SERVER_MAC" -d "$destination" -c "$packets" \
        -r "$RATE" -s "$sources" -b "$BASE" -n "$SPAN" -u "$UDP_PERCENT" -x "$CLIENT4" -x "$SERVER4" \
        >"$dir/flood.out" 2>&1 &
    local flood=$!; PIDS+=("$flood")
    echo 0 >"$dir/sent"
    legit_knocks "$dir/sent" "$flood" "$@" &
    local knocker=$!; PIDS+=("$knocker")
    wait "$flood"
    wait "$knocker"
    sleep 3 # let the last knock's verification finish
    local cpu1 rx1; cpu1=$(cpu_ticks "$pid"); rx1=$(rx_packets)
    echo "$(echo "scale=2; ($cpu1 - $cpu0) / $TICKS" | bc) $((rx1 - rx0)) $(cat "$dir/sent")" >"$dir/measured"
}

RESULTS="$WORK/results"
: >"$RESULTS"
record() { # RUN SERVER CPU_S RX OPENED SENT RSS_KB DIR DROPPED THROTTLED
    local distinct; distinct=$(sed -n 's/.* from \([0-9]*\) distinct sources.*/\1/p' "$8/flood.out")
    local per_million; per_million=$(echo "scale=2; $3 * 1000000 / $4" | bc)
    printf '%-11s %-22s %9s %12s %10s %9s/%-5s %9s %12s %10s\n' "$1" "$2" "$distinct" "$4" "$per_million" "$5" "$6" \
        "${10}" "$(( $7 / 1024 )) MiB" "$9" | tee -a "$RESULTS"
}

run_ours() { # RUN DESTINATION SOURCES PACKETS WINDOW
    local run=$1 destination=$2 sources=$3 packets=$4 window=$5
    local dir="$WORK/$run-ours"; mkdir -p "$dir"
    java -jar "$JAR" pad generate --out "$dir/door.pad" --knocks 2000 --state "$dir/server-state" >"$dir/pad.out" 2>&1
    local throttle=""; [ -n "$FAILURE_LIMIT" ] && throttle="failure_limit = $FAILURE_LIMIT"
    cat >"$dir/server.conf" <<EOF
[options]
    Interface = $SVETH
[flood]
    scheme = sealed
    pad = $dir/door.pad
    state = $dir/server-state
    base_port = $BASE
    digit_bits = 12
    command_digits = 3
    tag_digits = 4
    window = $window
    protocol = udp
    seq_timeout = 10
    capture = pcap
    services = 22
    max_duration = 60
    $throttle
    launcher = process
    start_command = /bin/true %IP%
    stop_command = /bin/true %IP%
EOF
    # shellcheck disable=SC2086 # SERVER_JAVA_OPTS holds several options
    ip netns exec "$SNS" java $SERVER_JAVA_OPTS -jar "$JAR" server --config "$dir/server.conf" >"$dir/server.out" 2>"$dir/server.log" &
    local server=$!; PIDS+=("$server")
    wait_for "$dir/server.out" "knock server: serving" "$server" "knock server"
    sleep 1
    flood_run "$run-ours" "$server" "$destination" "$sources" "$packets" \
        java -XX:TieredStopAtLevel=1 -jar "$JAR" send "$SERVER4" --pad "$dir/door.pad" --state "$dir/client-state" \
        --udp --command 22,1,0 --delay-ms "$KNOCK_DELAY_MS"
    read -r cpu rx sent <"$dir/measured"
    local opened; opened=$(grep -c "knock from $CLIENT4 accepted" "$dir/server.log" || true)
    local rss; rss=$(peak_rss_kb "$server")
    kill "$server"; wait "$server" 2>/dev/null || true
    grep -c "throttled" "$dir/server.log" >"$dir/throttled-lines" || true
    local throttled; throttled=$(grep -c "knock from $CLIENT4 throttled" "$dir/server.log" || true)
    # the server's capture summary at close: packets libpcap dropped (full buffer or interface)
    local dropped; dropped=$(sed -n 's/.* \([0-9]*\) packets dropped before capture.*/\1/p' "$dir/server.log" | tail -n 1)
    local label="knock-server"; [ -n "$FAILURE_LIMIT" ] && label="knock-server(fl=$FAILURE_LIMIT)"
    record "$run" "$label" "$cpu" "$rx" "$opened" "$sent" "$rss" "$dir" "${dropped:-?}" "$throttled"
}

run_knockd() { # RUN DESTINATION SOURCES PACKETS
    local run=$1 destination=$2 sources=$3 packets=$4
    local dir="$WORK/$run-knockd"; mkdir -p "$dir"
    java -jar "$JAR" pad generate --out "$dir/door.pad" --digits 4000 --state "$dir/server-state" >"$dir/pad.out" 2>&1
    java -jar "$JAR" pad export-knockd --pad "$dir/door.pad" --state "$dir/server-state" --base "$BASE" \
        --length 4 --udp --out "$dir/sequences" >"$dir/export.out" 2>&1
    cp "$dir/sequences" "$dir/client-sequences"
    cat >"$dir/knockd.conf" <<EOF
[options]
    LogFile = $dir/knockd.log
[flood]
    One_Time_Sequences = $dir/sequences
    Seq_Timeout = 10
    Command = /bin/sh -c 'echo %IP% >> $dir/opened'
EOF
    ip netns exec "$SNS" knockd -i "$SVETH" -c "$dir/knockd.conf" >"$dir/knockd.out" 2>&1 &
    local server=$!; PIDS+=("$server")
    wait_for "$dir/knockd.log" "listening on $SVETH" "$server" "knockd"
    sleep 1
    flood_run "$run-knockd" "$server" "$destination" "$sources" "$packets" \
        "$HERE/knockd-next.sh" "$dir/client-sequences" "$SERVER4" "$KNOCK_DELAY_MS"
    read -r cpu rx sent <"$dir/measured"
    local opened=0; [ -f "$dir/opened" ] && opened=$(grep -c "^$CLIENT4\$" "$dir/opened" || true)
    local rss; rss=$(peak_rss_kb "$server")
    kill "$server"; wait "$server" 2>/dev/null || true
    record "$run" "knockd" "$cpu" "$rx" "$opened" "$sent" "$rss" "$dir" "-" "-"
}

serves() { case " $SERVERS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

echo "flood.sh: work directory $WORK; rate $RATE packets/s, $UDP_PERCENT% UDP, ports $BASE..$((BASE + SPAN - 1))"
printf '%-11s %-22s %9s %12s %10s %15s %9s %12s %10s\n' run server sources "packets seen" "cpu s/Mpkt" "opened/sent" \
    "throttled" "peak RSS" "dropped" | tee -a "$RESULTS"
for run in $RUNS; do
    case "$run" in
        v4-few)
            serves ours && run_ours v4-few "$SERVER4" "$SOURCES" "$PACKETS" "$WINDOW"
            serves knockd && run_knockd v4-few "$SERVER4" "$SOURCES" "$PACKETS" ;;
        v6-few)
            serves ours && run_ours v6-few "$SERVER6" "$FEW_SOURCES" "$MEMORY_PACKETS" "$MEMORY_WINDOW" ;;
        v6-million)
            serves ours && run_ours v6-million "$SERVER6" "$MILLION_SOURCES" "$MEMORY_PACKETS" "$MEMORY_WINDOW"
            serves knockd && run_knockd v6-million "$SERVER6" "$MILLION_SOURCES" "$MEMORY_PACKETS" ;;
        *) echo "flood.sh: unknown run $run" >&2; exit 2 ;;
    esac
done
echo "flood.sh: generator output, logs and configurations are in $WORK"
