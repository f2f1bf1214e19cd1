# Shared by bench/flood.sh and bench/capacity.sh (sourced, not run): the two network namespaces
# joined by a veth pair that a flood crosses, the processes a script starts, and their cleanup.
#
# netns_up PREFIX creates a client namespace (192.0.2.1, 2001:db8::1) and a server namespace
# (192.0.2.2, 2001:db8::2) named after PREFIX and this shell's pid, sets CNS, SNS, CVETH, SVETH
# and SERVER_MAC, and removes them (and every pid in PIDS) when the script exits. The caller
# sets SCRIPT (its name, for messages) first, and WORK (where the generator is compiled).

CLIENT4=192.0.2.1; SERVER4=192.0.2.2; CLIENT6=2001:db8::1; SERVER6=2001:db8::2
PIDS=()

netns_cleanup() {
    restore_session_nice
    for pid in "${PIDS[@]:-}"; do
        [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    done
    sleep 0.5
    for pid in "${PIDS[@]:-}"; do
        [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
    done
    [ -n "${CNS:-}" ] && ip netns del "$CNS" 2>/dev/null || true
    [ -n "${SNS:-}" ] && ip netns del "$SNS" 2>/dev/null || true
}

netns_up() { # PREFIX
    CNS="$1-c-$$"; SNS="$1-s-$$"
    CVETH="${1:0:4}$$a"; SVETH="${1:0:4}$$b"
    trap netns_cleanup EXIT
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
    local link
    for link in "$CNS $CVETH" "$SNS $SVETH" "$CNS lo" "$SNS lo"; do
        set -- $link
        ip -n "$1" link set "$2" up
    done
    SERVER_MAC=$(ip -n "$SNS" -o link show "$SVETH" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
}

# Gives this script's processes the niceness N on a machine shared with other work. Where the
# kernel groups processes by session (sched_autogroup_enabled), niceness only ranks processes
# inside one group, so the script's session group gets it too (/proc/PID/autogroup), and its old
# value back when the script exits.
renice_session() { # N
    if [ "$1" != 0 ] && [ -w /proc/$$/autogroup ]; then
        OLD_AUTOGROUP_NICE=$(sed -n 's/.* nice \(-\{0,1\}[0-9]*\)$/\1/p' /proc/$$/autogroup)
        echo "$1" >/proc/$$/autogroup
    fi
    renice -n "$1" -p $$ >/dev/null
}

# Gives the session group back the niceness it had before renice_session.
restore_session_nice() {
    [ -n "${OLD_AUTOGROUP_NICE:-}" ] && echo "$OLD_AUTOGROUP_NICE" >/proc/$$/autogroup 2>/dev/null || true
}

wait_for() { # FILE TEXT PID WHAT: until FILE holds TEXT (60 s at most), or PID exits
    for _ in $(seq 1 600); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        kill -0 "$3" 2>/dev/null || { echo "$SCRIPT: $4 exited; its output:" >&2; cat "$1" >&2; exit 1; }
        sleep 0.1
    done
    echo "$SCRIPT: timed out waiting for $4" >&2; exit 1
}

# The configuration of the knock server's sealed UDP door that the floods knock on (k=12, A=7, its
# range 40000..44095, seq_timeout 10 s, service 22, a launcher that runs /bin/true), on the server
# veth: door_conf DIR WINDOW CAPTURE DOOR_KEYS EXTRA_KEYS, the pad and state in DIR (the state in
# DOOR_STATE instead when that is set), DOOR_KEYS
# its scheme and command digits, EXTRA_KEYS more lines of keys (or nothing).
door_conf() {
    cat <<EOF
[options]
    Interface = $SVETH
[flood]
    $4
    pad = $1/door.pad
    state = ${DOOR_STATE:-$1/server-state}
    base_port = 40000
    digit_bits = 12
    tag_digits = 7
    window = $2
    protocol = udp
    seq_timeout = 10
    capture = $3
    services = 22
    max_duration = 60
    $5
    launcher = process
    start_command = /bin/true %IP%
    stop_command = /bin/true %IP%
EOF
}

process_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime+stime of a process, in ticks
peak_rss_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }

# take_knocks DIR COUNT SEND_OPTION...: the client's next COUNT knocks of DIR/door.pad (client state
# DIR/client-state), taken before they are sent: `knock send --dry-run` prints a knock's ports and
# `knock pad advance --side client` consumes it. Writes one line of comma-separated UDP ports per
# knock to DIR/knocks, for knockd's small `knock` client to send later, so that no client JVM
# competes for the cores while the server works. Needs JAR, CNS and SERVER4.
take_knocks() {
    local dir=$1 count=$2; shift 2
    for _ in $(seq 1 "$count"); do
        ip netns exec "$CNS" java -XX:TieredStopAtLevel=1 -jar "$JAR" send "$SERVER4" --pad "$dir/door.pad" \
            --state "$dir/client-state" "$@" --dry-run |
            sed -n 's/.*: udp ports \([0-9,]*\)$/\1/p' >>"$dir/knocks"
        java -XX:TieredStopAtLevel=1 -jar "$JAR" pad advance --pad "$dir/door.pad" --side client \
            --state "$dir/client-state" --by 1 >/dev/null
    done
    [ "$(grep -c , "$dir/knocks")" = "$count" ] || { echo "$SCRIPT: could not take $count knocks" >&2; exit 1; }
}
