#!/usr/bin/env bash
# Side-by-side flood of `knock server` (pcap capture, sealed one-time door) and knockd (one-time
# sequences exported from a pad), one after the other, on the same generated traffic.
#
# Two network namespaces joined by a veth pair: a client (192.0.2.1, 2001:db8::1) and a server
# (192.0.2.2, 2001:db8::2). bench/flood.c, run in the client namespace, sends a bounded flood of
# UDP and TCP SYN noise to random ports of the door's range (40000..44095) from spoofed sources
# (IPv4: 198.51.100.0/24 and 192.0.2.0/24 without .1 and .2, at most 508 sources; IPv6:
# 2001:db8:1::/48, up to millions of sources); meanwhile the client sends a legitimate knock every
# second (--knock-interval-ms). Nothing is sent anywhere but the server namespace. Needs root, iproute2, gcc, java 17,
# knockd and knock, tcpdump (apt-get install -y knockd iproute2 gcc tcpdump), and knock.jar:
#   mvn -B -q -pl knock-examples -am package -DskipTests
#
# Runs (each prints CPU seconds per million packets, legitimate knocks opened/sent, peak RSS):
#   v4-few   : IPv4, --sources spoofed sources, --packets packets    (ours, then knockd)
#   v6-few   : IPv6, --few-sources sources, --memory-packets packets (ours)
#   v6-million: IPv6, --million-sources sources, --memory-packets   (ours, then knockd)
#   v6-aimed : IPv6 UDP, --aimed-sources sources, --aimed-packets packets at --aimed-rate, all to
#              ports 40001 and 40003: two ports of the fixed sequence 40001..40004 the knockd of
#              this run watches (its filter passes them), inside our door's range (ours inspects
#              them too); noise never completes knockd's sequence. (ours, then knockd)
# After each run of ours, a line gives the time from each legitimate knock's last packet (kernel
# timestamp, captured by tcpdump in the server namespace) to the knock server's "running start
# command" log line (millisecond resolution): median, p99 and maximum over the run's knocks; and
# a second line splits the server's part by stage (its latency debug lines: the packet's capture
# time to the match, the wait for a verification worker, the verification with its durable cursor
# update, the hand-off to the launch scheduler), median/p99 over every accepted knock.
#   v4-outside: IPv4 as v4-few, but the flood goes to ports 50000..54095, outside the door: the
#               CPU a server spends on traffic that is not for it (legitimate knocks still count)
# --servers picks among ours (capture = pcap), nflog (the same door with capture = nflog: the
# firewall logs the door's ports to an NFLOG group) and knockd; default "ours knockd".
#   v4-cursor, v4-cursor-m0, v4-cursor-raw: garbage knocks aimed at the window by an attacker who
#               knows the cursor (flood.c -k/-a: each spoofed source sends one knock-length burst
#               whose first digit names a block of [0, --window)), --cursor-packets packets at
#               --cursor-rate (default: as fast as the generator goes), UDP only, against a sealed
#               door with a service digit, a sealed door without command digits, and a raw door
#               (all 7 tag digits): how many legitimate knocks still open (ours)
#   v6-side-by-side: both servers at once on the same veth and the same packets: IPv6 UDP, every
#               packet to port 40001, the first port of the fixed sequence 40001..40004 of the
#               knockd of this run (Seq_Timeout --side-timeout) and inside our door's range, from
#               --side-sources spoofed sources in turn at --side-rate, so that a source comes back
#               only after its knockd attempt has timed out: every packet then starts a knockd
#               attempt, which knockd logs ("Stage 1"), and those lines count the packets knockd
#               inspected. A warm-up of --side-warmup-packets first (our JIT; knockd's attempt
#               list at its running size), 2 s of rest, then --side-packets packets measured; no
#               legitimate knocks (the run measures what the flood costs). Prints each server's
#               CPU per packet it inspected and the ratio, and the knock server's run time per
#               packet by thread over the same window (capture thread, timer, collector, JIT...).
#               Why knockd's cost grows with its attempt list: docs/PERFORMANCE.md.
# The IPv6 runs use a door window of --memory-window knocks so that most noise packets from a new
# source start a matcher attempt: memory is then bounded by the matcher's maxSources (65536), not
# by the sequence timeout, and v6-few vs v6-million shows whether peak RSS stays flat.
#
# Usage: bench/flood.sh [--packets N] [--memory-packets N] [--rate PPS] [--sources N]
#                       [--few-sources N] [--million-sources N] [--window W] [--memory-window W]
#                       [--udp-percent P] [--knock-delay-ms MS] [--runs "v4-few v6-few v6-million"]
#                       [--servers "ours knockd"] [--failure-limit N] [--capture-buffer-size BYTES]
#                       [--work DIR] [--nice N] [--knocker-nice N] [--knock-interval-ms MS]
#                       [--knocker java|c] [--state-dir DIR]
#                       [--aimed-sources N] [--aimed-packets N] [--aimed-rate PPS] [--warmup-packets N]
#                       [--cursor-packets N] [--cursor-rate PPS]
#                       [--side-sources N] [--side-rate PPS] [--side-packets N] [--side-warmup-packets N]
#                       [--side-timeout S]
# --warmup-packets N sends N packets of the run's flood before the measured one (and waits 2 s),
# so that the figures are a warmed-up server's (JIT compilation done); default 0.
# --failure-limit N sets our door's failure_limit (failed knocks per source prefix per second before
# the prefix is throttled; default: the server's, PROTOCOL.md section 5's 8), to tell the throttle's
# effect from everything else. The "throttled" column counts the legitimate knocks (from the
# client's address) the knock server refused as throttled.
# --nice N runs the servers, generator and knocker at niceness N (and the script's session
# scheduling group with them, see bench/netns.sh): on a machine shared with other work, a server
# that gets too little CPU drops packets, and its CPU per packet received then says nothing.
# --knocker-nice N runs the legitimate knocker (a fresh `knock send` JVM per knock, or knockd's
# client) N steps nicer than the servers (default 0). On a real network the client runs on another
# host; here its JVM shares the two cores with the server, and it is still exiting while the
# server verifies the knock it just sent, so it competes with the latency being measured.
# --knocker c: our server's legitimate knocks are taken from the pad before the flood (`knock send
# --dry-run`, then `knock pad advance`, as bench/capacity.sh does) and sent with knockd's small
# `knock` client; --knocker java (the default) sends each with a fresh `knock send` JVM, whose
# start and exit then share the two cores with the server verifying the knock it just sent.
# --knock-interval-ms MS: the legitimate knocker starts a knock every MS ms (default 1000), or at
# once when the previous one took longer. Our door's knocks ask for 1 s openings, so at 1000 ms
# the opening of one knock ends, and its stop command runs, just as the next knock arrives from
# the same source: that knock's start must then wait for the stop (the same service for the same
# source: stopped before started again). The latency line counts those starts apart; 1500 ms
# lets every opening close before the next knock.
# --state-dir DIR puts our server's state (its cursor file, rewritten and fsync'd before every
# accepted knock) in a new directory under DIR instead of the run's work directory: /dev/shm
# (tmpfs) takes the disk's fsync out of the latency, to tell the disk's tail from the code's.
# --capture-buffer-size BYTES sets our door's capture_buffer_size (the pcap kernel buffer, mapped
# into the server's memory; default: the backend's 32 MiB).
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
CURSOR_PACKETS=2000000
CURSOR_RATE=10000000
AIMED_SOURCES=60000
AIMED_PACKETS=300000
AIMED_RATE=10000
WARMUP_PACKETS=0
SIDE_SOURCES=60000
SIDE_RATE=3000
SIDE_PACKETS=180000
SIDE_WARMUP_PACKETS=40000
SIDE_TIMEOUT=10
# knockd's fixed sequence in the v6-aimed run, and the two of its ports the noise goes to
AIMED_SEQUENCE="40001 40002 40003 40004"
AIMED_PORTS="40001 40003"
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
SERVERS="ours knockd"
FAILURE_LIMIT=""
CAPTURE_BUFFER_SIZE=""
NICE=0
KNOCKER_NICE=0
KNOCK_INTERVAL_MS=1000
KNOCKER=java
STATE_ROOT=""
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
        --cursor-packets) CURSOR_PACKETS=$2; shift 2 ;;
        --cursor-rate) CURSOR_RATE=$2; shift 2 ;;
        --servers) SERVERS=$2; shift 2 ;;
        --failure-limit) FAILURE_LIMIT=$2; shift 2 ;;
        --capture-buffer-size) CAPTURE_BUFFER_SIZE=$2; shift 2 ;;
        --work) WORK=$2; shift 2 ;;
        --nice) NICE=$2; shift 2 ;;
        --knocker-nice) KNOCKER_NICE=$2; shift 2 ;;
        --knock-interval-ms) KNOCK_INTERVAL_MS=$2; shift 2 ;;
        --knocker) KNOCKER=$2; shift 2 ;;
        --state-dir) STATE_ROOT=$2; shift 2 ;;
        --aimed-sources) AIMED_SOURCES=$2; shift 2 ;;
        --aimed-packets) AIMED_PACKETS=$2; shift 2 ;;
        --aimed-rate) AIMED_RATE=$2; shift 2 ;;
        --warmup-packets) WARMUP_PACKETS=$2; shift 2 ;;
        --side-sources) SIDE_SOURCES=$2; shift 2 ;;
        --side-rate) SIDE_RATE=$2; shift 2 ;;
        --side-packets) SIDE_PACKETS=$2; shift 2 ;;
        --side-warmup-packets) SIDE_WARMUP_PACKETS=$2; shift 2 ;;
        --side-timeout) SIDE_TIMEOUT=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "flood.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

HERE=$(cd "$(dirname "$0")" && pwd)
JAR="$HERE/../knock-examples/target/knock.jar"
[ "$(id -u)" = 0 ] || { echo "flood.sh: needs root (network namespaces)" >&2; exit 2; }
for tool in ip gcc java knockd knock tcpdump; do
    command -v "$tool" >/dev/null || { echo "flood.sh: $tool is missing: apt-get install -y knockd iproute2 gcc tcpdump" >&2; exit 2; }
done
if [ -n "$FAILURE_LIMIT" ] && ! { [[ "$FAILURE_LIMIT" =~ ^[1-9][0-9]{0,6}$ ]] && [ "$FAILURE_LIMIT" -le 1000000 ]; }; then
    echo "flood.sh: --failure-limit must be a whole number in 1..1000000: $FAILURE_LIMIT" >&2; exit 2
fi
if [ -n "$CAPTURE_BUFFER_SIZE" ] && ! [[ "$CAPTURE_BUFFER_SIZE" =~ ^[1-9][0-9]{4,9}$ ]]; then
    echo "flood.sh: --capture-buffer-size must be a whole number of bytes (65536 or more): $CAPTURE_BUFFER_SIZE" >&2
    exit 2
fi
[[ "$NICE" =~ ^-?[0-9]{1,2}$ ]] && [ "$NICE" -ge -20 ] && [ "$NICE" -le 19 ] ||
    { echo "flood.sh: --nice must be -20..19: $NICE" >&2; exit 2; }
[[ "$KNOCKER_NICE" =~ ^[0-9]{1,2}$ ]] && [ "$KNOCKER_NICE" -le 39 ] ||
    { echo "flood.sh: --knocker-nice must be 0..39: $KNOCKER_NICE" >&2; exit 2; }
case "$KNOCKER" in java|c) ;; *) echo "flood.sh: --knocker must be java or c: $KNOCKER" >&2; exit 2 ;; esac
[[ "$KNOCK_INTERVAL_MS" =~ ^[1-9][0-9]{2,5}$ ]] ||
    { echo "flood.sh: --knock-interval-ms must be a whole number from 100 to 999999: $KNOCK_INTERVAL_MS" >&2; exit 2; }
for side in "--side-sources $SIDE_SOURCES" "--side-rate $SIDE_RATE" "--side-packets $SIDE_PACKETS" \
            "--side-warmup-packets $SIDE_WARMUP_PACKETS" "--side-timeout $SIDE_TIMEOUT"; do
    set -- $side
    [[ "$2" =~ ^[1-9][0-9]{0,8}$ ]] || { echo "flood.sh: $1 must be a whole number from 1: $2" >&2; exit 2; }
done
[ -z "$STATE_ROOT" ] || [ -d "$STATE_ROOT" ] || { echo "flood.sh: --state-dir must be a directory: $STATE_ROOT" >&2; exit 2; }
[ -f "$JAR" ] || { echo "flood.sh: $JAR is missing: mvn -B -q -pl knock-examples -am package -DskipTests" >&2; exit 2; }

WORK=${WORK:-$(mktemp -d /tmp/knock-flood.XXXXXX)}
mkdir -p "$WORK"
BASE=40000; SPAN=4096
SCRIPT=flood.sh
# shellcheck source=bench/netns.sh
. "$HERE/netns.sh"
netns_up pkflood
renice_session "$NICE"
# Answer nothing in the server namespace: no RSTs or ICMP errors towards spoofed sources (capture,
# pcap's and knockd's alike, sees packets before the firewall).
ip netns exec "$SNS" nft -f - <<'EOF'
table inet flood {
    chain input { type filter hook input priority 0; policy drop; }
}
EOF

rx_packets() { ip netns exec "$SNS" cat "/sys/class/net/$SVETH/statistics/rx_packets"; }
TICKS=$(getconf CLK_TCK)

# The legitimate knocker: one knock every --knock-interval-ms (the next starts that long after the previous one
# started, or at once if that took longer) until the flood ends; counts the knocks it sent.
# COMMAND "taken DIR" sends the next of the knocks take_knocks wrote to DIR/knocks with knockd's client.
legit_knocks() { # SENT_FILE FLOOD_PID COMMAND...
    local sent_file=$1 flood_pid=$2; shift 2
    local sent=0 next
    next=$(date +%s.%N)
    while kill -0 "$flood_pid" 2>/dev/null; do
        if knock_once "$sent" "$@" >>"$sent_file.log" 2>&1; then
            sent=$((sent + 1)); echo "$sent" >"$sent_file"
        fi
        next=$(echo "$next + $KNOCK_INTERVAL_MS / 1000" | bc -l)
        local pause; pause=$(echo "$next - $(date +%s.%N)" | bc)
        case "$pause" in -*|0) ;; *) sleep "$pause" ;; esac
    done
}

knock_once() { # INDEX COMMAND...
    local index=$1; shift
    if [ "$1" = taken ]; then
        local ports; ports=$(sed -n "$((index + 1))p" "$2/knocks")
        [ -n "$ports" ] || { echo "out of taken knocks"; return 1; }
        # shellcheck disable=SC2046 # one argument per port
        ip netns exec "$CNS" nice -n "$KNOCKER_NICE" knock -u -d "$KNOCK_DELAY_MS" "$SERVER4" $(echo "$ports" | tr , ' ')
    else
        ip netns exec "$CNS" nice -n "$KNOCKER_NICE" "$@"
    fi
}

# The door of a run of ours: DOOR=sealed (the default: a service digit), sealed-m0 (no command
# digits) or raw; its configuration keys, the client's matching send options, its knock length.
door_keys() {
    case "${DOOR:-sealed}" in
        sealed) printf 'scheme = sealed\n    command_digits = 3' ;;
        sealed-m0) printf 'scheme = sealed\n    command_digits = 0' ;;
        raw) printf 'scheme = raw\n    command_digits = 0' ;;
    esac
}
door_send_options() {
    case "${DOOR:-sealed}" in
        sealed) echo "--command 22,1,0" ;;
        sealed-m0) echo "--command-digits 0" ;;
        raw) echo "--scheme raw --command-digits 0" ;;
    esac
}
door_knock_length() {
    case "${DOOR:-sealed}" in
        sealed) echo 11 ;;
        sealed-m0) echo 8 ;;
        raw) echo 7 ;;
    esac
}

# The generator's rate, UDP share and ports: the run's defaults; the v6-aimed run sets its own.
FLOOD_AIM=()
flood_aim() { # RUN
    if [ "$1" = v6-aimed ]; then
        FLOOD_AIM=(-r "$AIMED_RATE" -u 100)
        for port in $AIMED_PORTS; do FLOOD_AIM+=(-p "$port"); done
    elif [ "${1#v4-cursor}" != "$1" ]; then
        FLOOD_AIM=(-r "$CURSOR_RATE" -u 100 -k "$(door_knock_length)" -a "$WINDOW")
    else
        FLOOD_AIM=(-r "$RATE" -u "$UDP_PERCENT")
    fi
}

# flood_run NAME SERVER_PID DESTINATION SOURCES PACKETS KNOCK_COMMAND...: writes "cpu_s rx sent" to NAME/measured
flood_run() {
    local name=$1 pid=$2 destination=$3 sources=$4 packets=$5; shift 5
    local dir="$WORK/$name"
    if [ "$WARMUP_PACKETS" -gt 0 ]; then
        ip netns exec "$CNS" "$WORK/flood" -i "$CVETH" -m "$SERVER_MAC" -d "$destination" -c "$WARMUP_PACKETS" \
            -s "$sources" -b "${FLOOD_BASE:-$BASE}" -n "$SPAN" "${FLOOD_AIM[@]}" -x "$CLIENT4" -x "$SERVER4" -S 7 \
            >"$dir/warmup.out" 2>&1
        sleep 2
    fi
    local rx0 cpu0; rx0=$(rx_packets); cpu0=$(process_ticks "$pid")
    ip netns exec "$CNS" "$WORK/flood" -i "$CVETH" -m "$SERVER_MAC" -d "$destination" -c "$packets" \
        -s "$sources" -b "${FLOOD_BASE:-$BASE}" -n "$SPAN" "${FLOOD_AIM[@]}" -x "$CLIENT4" -x "$SERVER4" \
        >"$dir/flood.out" 2>&1 &
    local flood=$!; PIDS+=("$flood")
    echo 0 >"$dir/sent"
    legit_knocks "$dir/sent" "$flood" "$@" &
    local knocker=$!; PIDS+=("$knocker")
    wait "$flood"
    wait "$knocker"
    sleep 3 # let the last knock's verification finish
    local cpu1 rx1; cpu1=$(process_ticks "$pid"); rx1=$(rx_packets)
    echo "$(echo "scale=2; ($cpu1 - $cpu0) / $TICKS" | bc) $((rx1 - rx0)) $(cat "$dir/sent")" >"$dir/measured"
}

# knock_stages DIR: from the server's latency lines for the client's accepted knocks (its debug
# logger dev.portknock.runtime.KnockServer.latency), prints "N" and then median/p99 in ms of each
# stage: last packet (capture time) to the match, waiting for a worker, verifying with the cursor
# made durable, and handing over to the launch scheduler.
knock_stages() {
    local dir=$1
    grep "accepted knock of $CLIENT4, from its last packet" "$dir/server.log" |
        sed 's/.*last packet: \([0-9.]*\) ms to the match, \([0-9.]*\) ms waiting for a worker, \([0-9.]*\) ms verifying.*, \([0-9.]*\) ms to the launcher.*/\1 \2 \3 \4/' >"$dir/stages-ms"
    local n; n=$(wc -l <"$dir/stages-ms")
    printf '%d' "$n"
    for column in 1 2 3 4; do
        awk -v c="$column" '{print $c}' "$dir/stages-ms" | sort -n |
            awk '{v[NR] = $1} END {if (NR == 0) {printf " -/-"; exit}
                 p99 = int(NR * 0.99 + 0.999); if (p99 > NR) p99 = NR;
                 printf " %.1f/%.1f", v[int((NR + 1) / 2)], v[p99]}'
    done
    echo
}

# knock_latency DIR: from DIR/knocks.pcap (the client's knock packets as the server's veth received
# them) and DIR/server.log, for each "running start command" line for the client, the time since
# the last knock packet before it, in ms, into DIR/latency-ms (sorted) and, for the starts that
# did not run right after a stop command for the client (one logged since that last packet: the
# start of a knock that arrived as its source's previous opening was being closed waits for that
# stop), into DIR/latency-ms-clean. Prints "N median p99 max" of all, then "N median p99 max" of
# those. A knock is a burst of packets (--knock-delay-ms apart); bursts are --knock-interval-ms
# apart, so a gap above 300 ms ends one.
knock_latency() {
    local dir=$1
    tcpdump -r "$dir/knocks.pcap" -n -tt 2>/dev/null | awk '{print $1}' |
        awk 'NR > 1 && $1 - last > 0.3 {print last} {last = $1} END {if (NR) print last}' >"$dir/knock-ends"
    grep "source $CLIENT4 service .*: running st[a-z]* command" "$dir/server.log" |
        sed 's/^\([^ ]*\) .*running \(st[a-z]*\) command.*/\1 \2/' |
        while read -r stamp what; do echo "$(date -d "$stamp" +%s.%N) $what"; done >"$dir/launch-commands"
    # the log's stamps are truncated to the millisecond, hence the 1 ms of slack
    awk 'NR == FNR {ends[n++] = $1; next}
         $2 == "stop" {stop = $1; next}
         {j = -1; for (i = 0; i < n; i++) if (ends[i] <= $1 + 0.001) j = i;
          if (j >= 0) printf "%.3f %s\n", ($1 - ends[j]) * 1000, (stop >= ends[j] - 0.001 ? "after-stop" : "clean")}' \
        "$dir/knock-ends" "$dir/launch-commands" | sort -n >"$dir/latency-ms"
    awk '$2 == "clean"' "$dir/latency-ms" >"$dir/latency-ms-clean"
    latency_summary "$dir/latency-ms"
    latency_summary "$dir/latency-ms-clean"
}

# latency_summary FILE: "N median p99 max" of the sorted numbers in FILE's first column.
latency_summary() {
    awk '{v[NR] = $1} END {if (NR == 0) {print "0 - - -"; exit}
         p99 = int(NR * 0.99 + 0.999); if (p99 > NR) p99 = NR;
         printf "%d %.1f %.1f %.1f\n", NR, v[int((NR + 1) / 2)], v[p99], v[NR]}' "$1"
}

RESULTS="$WORK/results"
: >"$RESULTS"
record() { # RUN SERVER CPU_S RX OPENED SENT RSS_KB DIR DROPPED THROTTLED
    local distinct; distinct=$(sed -n 's/.* from \([0-9]*\) distinct sources.*/\1/p' "$8/flood.out")
    local per_million; per_million=$(echo "scale=2; $3 * 1000000 / $4" | bc)
    printf '%-11s %-22s %9s %12s %10s %9s/%-5s %9s %12s %10s\n' "$1" "$2" "$distinct" "$4" "$per_million" "$5" "$6" \
        "${10}" "$(( $7 / 1024 )) MiB" "$9" | tee -a "$RESULTS"
}

# start_ours DIR WINDOW: a knock server with its door (a new pad) in DIR; sets SERVER to its pid.
start_ours() {
    local dir=$1 window=$2
    DOOR_STATE="$dir/server-state"
    if [ -n "$STATE_ROOT" ]; then
        DOOR_STATE="$(mktemp -d "$STATE_ROOT/knock-flood-state.XXXXXX")/server-state"
    fi
    java -jar "$JAR" pad generate --out "$dir/door.pad" --knocks 2000 --state "$DOOR_STATE" >"$dir/pad.out" 2>&1
    local throttle=""; [ -n "$FAILURE_LIMIT" ] && throttle="failure_limit = $FAILURE_LIMIT"
    [ -n "$CAPTURE_BUFFER_SIZE" ] && throttle="$throttle
    capture_buffer_size = $CAPTURE_BUFFER_SIZE"
    door_conf "$dir" "$window" "${CAPTURE:-pcap}" "$(door_keys)" "$throttle" >"$dir/server.conf"
    # shellcheck disable=SC2086 # SERVER_JAVA_OPTS holds several options
    ip netns exec "$SNS" java $SERVER_JAVA_OPTS -Dorg.slf4j.simpleLogger.log.dev.portknock.runtime.backend.ProcessLauncher=debug \
        -Dorg.slf4j.simpleLogger.log.dev.portknock.runtime.KnockServer.latency=debug \
        -jar "$JAR" server --config "$dir/server.conf" >"$dir/server.out" 2>"$dir/server.log" &
    SERVER=$!; PIDS+=("$SERVER")
    wait_for "$dir/server.out" "knock server: serving" "$SERVER" "knock server"
}

# The packets libpcap dropped before our server's capture, from its summary at close.
capture_drops() { # DIR
    sed -n 's/.* \([0-9]*\) packets dropped before capture.*/\1/p' "$1/server.log" | tail -n 1
}

run_ours() { # RUN DESTINATION SOURCES PACKETS WINDOW
    local run=$1 destination=$2 sources=$3 packets=$4 window=$5
    local dir="$WORK/$run-${CAPTURE:-ours}"; mkdir -p "$dir"
    start_ours "$dir" "$window"
    local server=$SERVER
    local knocker=(java -XX:TieredStopAtLevel=1 -jar "$JAR" send "$SERVER4" --pad "$dir/door.pad" --state "$dir/client-state"
                   --udp $(door_send_options) --delay-ms "$KNOCK_DELAY_MS")
    flood_aim "$run"
    if [ "$KNOCKER" = c ]; then
        # the flood's seconds (FLOOD_AIM starts with -r RATE), a knock per interval, and a few to spare
        take_knocks "$dir" $(( packets / ${FLOOD_AIM[1]} * 1000 / KNOCK_INTERVAL_MS + 5 )) --udp $(door_send_options)
        knocker=(taken "$dir")
    fi
    ip netns exec "$SNS" tcpdump -i "$SVETH" -n -U -w "$dir/knocks.pcap" \
        "src host $CLIENT4 and udp dst portrange $BASE-$((BASE + SPAN - 1))" >"$dir/tcpdump.out" 2>&1 &
    local knocks=$!; PIDS+=("$knocks")
    sleep 1
    flood_run "$run-${CAPTURE:-ours}" "$server" "$destination" "$sources" "$packets" "${knocker[@]}"
    read -r cpu rx sent <"$dir/measured"
    local opened; opened=$(grep -c "knock from $CLIENT4 accepted" "$dir/server.log" || true)
    local rss; rss=$(peak_rss_kb "$server")
    kill "$server"; wait "$server" 2>/dev/null || true
    kill "$knocks"; wait "$knocks" 2>/dev/null || true
    if [ -n "$STATE_ROOT" ]; then
        echo "$run: our server's state was in $DOOR_STATE ($(stat -f -c %T "$DOOR_STATE"))" | tee -a "$RESULTS"
        rm -r "$(dirname "$DOOR_STATE")"
    fi
    grep -c "throttled" "$dir/server.log" >"$dir/throttled-lines" || true
    local throttled; throttled=$(grep -c "knock from $CLIENT4 dropped: its source prefix is throttled" "$dir/server.log" || true)
    # the server's capture summary at close: packets libpcap dropped (full buffer or interface)
    local dropped; dropped=$(capture_drops "$dir")
    local label="knock-server"; [ -n "$FAILURE_LIMIT" ] && label="knock-server(fl=$FAILURE_LIMIT)"
    [ "${CAPTURE:-pcap}" = nflog ] && label=${label/knock-server/knock-nflog}
    [ "${DOOR:-sealed}" != sealed ] && label="$label/$DOOR"
    record "$run" "$label" "$cpu" "$rx" "$opened" "$sent" "$rss" "$dir" "${dropped:-?}" "$throttled"
    local count median p99 max clean cmedian cp99 cmax
    { read -r count median p99 max; read -r clean cmedian cp99 cmax; } < <(knock_latency "$dir")
    echo "$run $label: last knock packet to launcher start over $count knocks: median $median ms, p99 $p99 ms, max $max ms" |
        tee -a "$RESULTS"
    echo "$run $label: of those, the $clean that did not wait for a stop command of their source's previous opening:" \
        "median $cmedian ms, p99 $cp99 ms, max $cmax ms" | tee -a "$RESULTS"
    local accepted match queue verify handoff; read -r accepted match queue verify handoff < <(knock_stages "$dir")
    echo "$run $label: its stages over $accepted accepted knocks, median/p99 ms: last packet to match $match," \
        "waiting for a worker $queue, verifying with the cursor made durable $verify, hand-off to the launcher $handoff" |
        tee -a "$RESULTS"
}

# start_knockd DIR SEQUENCE_LINE SEQ_TIMEOUT: knockd with one door whose command appends the
# source to DIR/opened; sets SERVER to its pid.
start_knockd() {
    local dir=$1 sequence=$2 timeout=$3
    cat >"$dir/knockd.conf" <<EOF
[options]
    LogFile = $dir/knockd.log
[flood]
    $sequence
    Seq_Timeout = $timeout
    Command = /bin/sh -c 'echo %IP% >> $dir/opened'
EOF
    ip netns exec "$SNS" knockd -i "$SVETH" -c "$dir/knockd.conf" >"$dir/knockd.out" 2>&1 &
    SERVER=$!; PIDS+=("$SERVER")
    wait_for "$dir/knockd.log" "listening on $SVETH" "$SERVER" "knockd"
}

run_knockd() { # RUN DESTINATION SOURCES PACKETS
    local run=$1 destination=$2 sources=$3 packets=$4
    local dir="$WORK/$run-knockd"; mkdir -p "$dir"
    # the v6-aimed run: a fixed sequence (its filter stays on the ports the noise is aimed at)
    local sequence="One_Time_Sequences = $dir/sequences"
    local knocker=("$HERE/knockd-next.sh" "$dir/client-sequences" "$SERVER4" "$KNOCK_DELAY_MS")
    if [ "$run" = v6-aimed ]; then
        sequence="Sequence = $(echo $AIMED_SEQUENCE | sed 's/\([0-9]*\)/\1:udp/g; s/ /,/g')"
        knocker=(knock -d "$KNOCK_DELAY_MS" "$SERVER4")
        for port in $AIMED_SEQUENCE; do knocker+=("$port:udp"); done
    else
        java -jar "$JAR" pad generate --out "$dir/door.pad" --digits 4000 --state "$dir/server-state" >"$dir/pad.out" 2>&1
        java -jar "$JAR" pad export-knockd --pad "$dir/door.pad" --state "$dir/server-state" --base "$BASE" \
            --length 4 --udp --out "$dir/sequences" >"$dir/export.out" 2>&1
        cp "$dir/sequences" "$dir/client-sequences"
    fi
    start_knockd "$dir" "$sequence" 10
    local server=$SERVER
    sleep 1
    flood_aim "$run"
    flood_run "$run-knockd" "$server" "$destination" "$sources" "$packets" "${knocker[@]}"
    read -r cpu rx sent <"$dir/measured"
    local opened=0; [ -f "$dir/opened" ] && opened=$(grep -c "^$CLIENT4\$" "$dir/opened" || true)
    local rss; rss=$(peak_rss_kb "$server")
    kill "$server"; wait "$server" 2>/dev/null || true
    record "$run" "knockd" "$cpu" "$rx" "$opened" "$sent" "$rss" "$dir" "-" "-"
}

# thread_times PID: "tid name run-time-ns" for each thread of PID (its schedstat: exact run time).
thread_times() {
    local task
    for task in /proc/"$1"/task/*; do
        printf '%s %s %s\n' "${task##*/}" "$(tr ' ' '_' <"$task/comm")" "$(cut -d' ' -f1 "$task/schedstat")"
    done 2>/dev/null
}

# thread_split BEFORE AFTER PACKETS: run time per packet by thread group (numbered threads of a
# pool summed, e.g. "GC_Thread#0"), largest first, those under 0.01 us left out.
thread_split() {
    awk -v packets="$3" 'NR == FNR {before[$1] = $3; next}
         {name = $2; sub(/[#_-]?[0-9]+$/, "", name); ns[name] += $3 - before[$1]}
         END {for (n in ns) if (ns[n] / packets >= 10) printf "%.2f %s\n", ns[n] / packets / 1000, n}' "$1" "$2" |
        sort -rn | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1} END {print ""}'
}

# Both servers capture the same veth at once; the flood goes to knockd's first port only.
run_side_by_side() {
    local dir="$WORK/v6-side-by-side"; mkdir -p "$dir/ours" "$dir/knockd"
    local first=${AIMED_SEQUENCE%% *}
    if [ $(( SIDE_SOURCES / SIDE_RATE )) -le $(( SIDE_TIMEOUT + 1 )) ]; then
        echo "flood.sh: --side-sources / --side-rate must exceed --side-timeout + 1 s, so that no source comes back" \
             "to an attempt knockd still holds" >&2
        exit 2
    fi
    start_ours "$dir/ours" "$WINDOW"
    local ours=$SERVER
    start_knockd "$dir/knockd" "Sequence = $(echo $AIMED_SEQUENCE | sed 's/\([0-9]*\)/\1:udp/g; s/ /,/g')" "$SIDE_TIMEOUT"
    local knockd=$SERVER
    sleep 1
    local aim=(-i "$CVETH" -m "$SERVER_MAC" -d "$SERVER6" -r "$SIDE_RATE" -s "$SIDE_SOURCES" -b "$BASE" -n "$SPAN"
               -u 100 -p "$first")
    ip netns exec "$CNS" "$WORK/flood" "${aim[@]}" -c "$SIDE_WARMUP_PACKETS" -S 7 >"$dir/warmup.out" 2>&1
    sleep 2
    local rx0 ours0 knockd0 stages0
    thread_times "$ours" >"$dir/ours-threads-before"
    rx0=$(rx_packets); ours0=$(process_ticks "$ours"); knockd0=$(process_ticks "$knockd")
    stages0=$(grep -c ": Stage 1$" "$dir/knockd/knockd.log" || true)
    ip netns exec "$CNS" "$WORK/flood" "${aim[@]}" -c "$SIDE_PACKETS" >"$dir/flood.out" 2>&1
    sleep 3 # let both finish the packets they hold
    local rx1 ours1 knockd1 stages1
    rx1=$(rx_packets); ours1=$(process_ticks "$ours"); knockd1=$(process_ticks "$knockd")
    thread_times "$ours" >"$dir/ours-threads-after"
    stages1=$(grep -c ": Stage 1$" "$dir/knockd/knockd.log" || true)
    local ours_rss knockd_rss; ours_rss=$(peak_rss_kb "$ours"); knockd_rss=$(peak_rss_kb "$knockd")
    kill "$ours" "$knockd"; wait "$ours" "$knockd" 2>/dev/null || true
    local rx=$((rx1 - rx0)) inspected=$((stages1 - stages0))
    local ours_us knockd_us
    ours_us=$(echo "scale=3; ($ours1 - $ours0) * 1000000 / $TICKS / $rx" | bc)
    knockd_us=$(echo "scale=3; ($knockd1 - $knockd0) * 1000000 / $TICKS / $inspected" | bc)
    {
        echo "v6-side-by-side: $(cat "$dir/flood.out")"
        echo "v6-side-by-side: knockd Seq_Timeout $SIDE_TIMEOUT s, so its attempt list runs up to about" \
             "$((SIDE_RATE * SIDE_TIMEOUT)) entries (rate x timeout) before its oldest times out"
        printf 'v6-side-by-side: knock server: %.2f s CPU over %d packets received (%s dropped before capture): %s us per packet, peak RSS %d MiB\n' \
            "$(echo "($ours1 - $ours0) / $TICKS" | bc -l)" "$rx" "$(capture_drops "$dir/ours")" "$ours_us" $((ours_rss / 1024))
        printf 'v6-side-by-side: knockd: %.2f s CPU over %d packets inspected (its "Stage 1" lines; %d received): %s us per packet, peak RSS %d MiB\n' \
            "$(echo "($knockd1 - $knockd0) / $TICKS" | bc -l)" "$inspected" "$rx" "$knockd_us" $((knockd_rss / 1024))
        echo "v6-side-by-side: knockd / knock server CPU per packet: $(echo "scale=1; $knockd_us / $ours_us" | bc)"
        echo "v6-side-by-side: knock server by thread (run time over the same window, us per packet received):" \
             "$(thread_split "$dir/ours-threads-before" "$dir/ours-threads-after" "$rx")"
    } | tee -a "$RESULTS"
}

serves() { case " $SERVERS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

echo "flood.sh: work directory $WORK; rate $RATE packets/s, $UDP_PERCENT% UDP, ports $BASE..$((BASE + SPAN - 1))"
printf '%-11s %-22s %9s %12s %10s %15s %9s %12s %10s\n' run server sources "packets seen" "cpu s/Mpkt" "opened/sent" \
    "throttled" "peak RSS" "dropped" | tee -a "$RESULTS"
for run in $RUNS; do
    case "$run" in
        v4-few)
            serves ours && run_ours v4-few "$SERVER4" "$SOURCES" "$PACKETS" "$WINDOW"
            serves nflog && CAPTURE=nflog run_ours v4-few "$SERVER4" "$SOURCES" "$PACKETS" "$WINDOW"
            serves knockd && run_knockd v4-few "$SERVER4" "$SOURCES" "$PACKETS" ;;
        v6-few)
            serves ours && run_ours v6-few "$SERVER6" "$FEW_SOURCES" "$MEMORY_PACKETS" "$MEMORY_WINDOW"
            serves nflog && CAPTURE=nflog run_ours v6-few "$SERVER6" "$FEW_SOURCES" "$MEMORY_PACKETS" "$MEMORY_WINDOW" ;;
        v6-million)
            serves ours && run_ours v6-million "$SERVER6" "$MILLION_SOURCES" "$MEMORY_PACKETS" "$MEMORY_WINDOW"
            serves knockd && run_knockd v6-million "$SERVER6" "$MILLION_SOURCES" "$MEMORY_PACKETS" ;;
        v6-aimed)
            serves ours && run_ours v6-aimed "$SERVER6" "$AIMED_SOURCES" "$AIMED_PACKETS" "$WINDOW"
            serves knockd && run_knockd v6-aimed "$SERVER6" "$AIMED_SOURCES" "$AIMED_PACKETS" ;;
        v4-outside)
            serves ours && FLOOD_BASE=50000 run_ours v4-outside "$SERVER4" "$SOURCES" "$PACKETS" "$WINDOW"
            serves nflog && FLOOD_BASE=50000 CAPTURE=nflog run_ours v4-outside "$SERVER4" "$SOURCES" "$PACKETS" "$WINDOW"
            serves knockd && FLOOD_BASE=50000 run_knockd v4-outside "$SERVER4" "$SOURCES" "$PACKETS" ;;
        v6-side-by-side) run_side_by_side ;;
        v4-cursor)
            serves ours && run_ours v4-cursor "$SERVER4" "$SOURCES" "$CURSOR_PACKETS" "$WINDOW" ;;
        v4-cursor-m0)
            serves ours && DOOR=sealed-m0 run_ours v4-cursor-m0 "$SERVER4" "$SOURCES" "$CURSOR_PACKETS" "$WINDOW" ;;
        v4-cursor-raw)
            serves ours && DOOR=raw run_ours v4-cursor-raw "$SERVER4" "$SOURCES" "$CURSOR_PACKETS" "$WINDOW" ;;
        *) echo "flood.sh: unknown run $run" >&2; exit 2 ;;
    esac
done
echo "flood.sh: generator output, logs and configurations are in $WORK"
