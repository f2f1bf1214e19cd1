#!/bin/sh
# Run by .ci/deb-systemd-test.sh inside its container (a booted Debian bookworm, loopback only), as
# root: installs /root/portknock.deb and drives portknock.service under the container's systemd.
set -eu

marker=${1:?the container marker}
[ -e "$marker" ] || { echo "deb-systemd-inside: $marker is missing: not in the test's container" >&2; exit 1; }

unit=portknock.service
state_dir=/var/lib/portknock
max_exposure=2.4

fail() {
    echo "deb-systemd-inside: $*" >&2
    systemctl status --no-pager "$unit" >&2 || true
    journalctl -u "$unit" --no-pager -n 40 >&2 || true
    exit 1
}
prop() { systemctl show -P "$1" "$unit"; }
unit_log() { journalctl -u "$unit" -o cat --no-pager; }
# within SECONDS WHAT COMMAND...: runs COMMAND every quarter second until it succeeds, else fails
# saying WHAT did not happen
within() {
    tries=$(($1 * 4))
    what=$2
    shift 2
    until "$@"; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || fail "$what"
        sleep 0.25
    done
}
logged() { unit_log | grep -qF -- "$1"; }
# await_log TEXT SECONDS: until the unit's journal holds a line containing TEXT
await_log() { within "$2" "no line '$1' in the unit's journal after $2 s" logged "$1"; }
in_state() { [ "$(prop ActiveState)" = "$1" ]; }
restarted_times() { [ "$(prop NRestarts)" = "$1" ] && in_state active; }
served_times() { [ "$(unit_log | grep -cF "knock server: serving 1 door(s)")" = "$1" ]; }
# whether the door's nftables set lets 127.0.0.1 in
allowed() { nft list set inet portknock allowed_ssh_v4 2>/dev/null | grep -q '127\.0\.0\.1'; }
expect() { [ "$2" = "$3" ] || fail "$1: '$2', expected '$3'"; }

echo "== dpkg -i portknock.deb"
dpkg -i /root/portknock.deb
expect "LoadState" "$(prop LoadState)" loaded
expect "UnitFileState" "$(prop UnitFileState)" disabled
verify=$(systemd-analyze verify "$unit" 2>&1) || fail "systemd-analyze verify: $verify"
[ -z "$verify" ] || fail "systemd-analyze verify: $verify"

echo "== systemctl start on the shipped configuration: the server refuses it, opens nothing, is not restarted"
# Type=notify: systemctl start waits for READY=1, which a server refusing its configuration never sends
! systemctl start "$unit" || fail "systemctl start succeeded on the shipped configuration"
expect "ActiveState when systemctl start returned" "$(prop ActiveState)" failed
await_log "configuration has no door section" 30
expect "ExecMainStatus on the shipped configuration" "$(prop ExecMainStatus)" 1
sleep 3
expect "ActiveState 3 s later" "$(prop ActiveState)" failed
expect "NRestarts on the shipped configuration" "$(prop NRestarts)" 0
[ -z "$(nft list ruleset)" ] || fail "the ruleset is not empty: $(nft list ruleset)"
systemctl reset-failed "$unit"

echo "== the state directory"
expect "owner and mode of $state_dir" "$(stat -c '%U:%G %a' "$state_dir")" "root:root 700"

echo "== a one-time door on loopback: pcap capture, nftables launcher"
portknock pad generate --out "$state_dir/door.pad" --knocks 10 --state "$state_dir/state" >/dev/null
install -m 600 "$state_dir/door.pad" /root/client.pad
cat >/etc/portknock/doors.conf <<'CONF'
[options]
	Interface = lo
	# where README.md's "Operating knock server" puts them
	ControlSocket = /run/portknock/control
	HolesJournal  = /var/lib/portknock/holes

[ssh]
	pad          = /var/lib/portknock/door.pad
	state        = /var/lib/portknock/state
	base_port    = 40000
	capture      = pcap
	services     = 22
	max_duration = 3600
	launcher     = nftables
	nft_table    = inet portknock
	nft_set      = allowed_ssh
	nft_port     = 22
	nft_create   = yes
CONF
systemctl start "$unit" || fail "systemctl start failed on a door's configuration"
# Type=notify: start returned on the server's READY=1, so the capture is open now; a knock sent at once,
# and not repeated, is seen (with Type=simple it went out while the JVM was still starting, and was lost)
portknock send 127.0.0.1 --pad /root/client.pad --state /root/client-state --base 40000 --command 22,60,0
expect "ActiveState when systemctl start returned" "$(prop ActiveState)" active
expect "StatusText when systemctl start returned" "$(prop StatusText)" \
    "serving 1 door(s) from /etc/portknock/doors.conf"
systemctl show -p StatusText "$unit"
await_log "knock from 127.0.0.1 accepted" 20
# the launcher's memory-first default (dev.portknock.warm_up_knocks=0): no verification warm-up
! unit_log | grep -q "verification warmed up" || fail "the packaged server warmed its verification up by default"
within 10 "127.0.0.1 is not in the set allowed_ssh_v4 after the knock sent right after start" allowed
# closed again, so that the crashes below start with nothing open
portknock holes close --all -c /etc/portknock/doors.conf
! allowed || fail "127.0.0.1 is still in the set allowed_ssh_v4 after holes close --all"
await_log "knock server: serving 1 door(s)" 30
systemctl status --no-pager "$unit"
pid=$(prop MainPID)
[ "$pid" -gt 0 ] || fail "no main process"
# CAP_NET_ADMIN (12) and CAP_NET_RAW (13), nothing else: effective, permitted and bounding sets
for set in CapEff CapPrm CapBnd; do
    expect "$set of the server" "$(awk -v s="$set:" '$1 == s { print $2 }' "/proc/$pid/status")" 0000000000003000
done

echo "== systemctl reload: SIGHUP, the server reloads in place; systemctl returns once it is in force"
systemctl reload "$unit" || fail "systemctl reload failed on a good configuration"
# the server sets this status once the reloaded doors serve: no waiting here
expect "StatusText when systemctl reload returned" "$(prop StatusText)" \
    "reload 1 applied: serving 1 door(s) from /etc/portknock/doors.conf"
expect "ActiveState after reload" "$(prop ActiveState)" active
expect "MainPID after reload" "$(prop MainPID)" "$pid"
await_log "SIGHUP: reloading /etc/portknock/doors.conf" 10
await_log "configuration reloaded from /etc/portknock/doors.conf" 10
cp /etc/portknock/doors.conf /root/doors.conf.good
echo "[broken" >>/etc/portknock/doors.conf
! systemctl reload "$unit" || fail "systemctl reload succeeded on a broken configuration"
status=$(prop StatusText)
case "$status" in
    "reload 2 refused, still serving 1 door(s) from /etc/portknock/doors.conf: /etc/portknock/doors.conf:"*) ;;
    *) fail "StatusText when the refused systemctl reload returned: '$status'" ;;
esac
expect "ActiveState after a refused reload" "$(prop ActiveState)" active
expect "MainPID after a refused reload" "$(prop MainPID)" "$pid"
await_log "configuration not reloaded, the server keeps serving the previous one" 10
cp /root/doors.conf.good /etc/portknock/doors.conf
systemctl reload "$unit" || fail "systemctl reload failed on the good configuration put back"
expect "StatusText after the good configuration is back" "$(prop StatusText)" \
    "reload 3 applied: serving 1 door(s) from /etc/portknock/doors.conf"

echo "== a crash (SIGKILL): systemd restarts the server"
kill -KILL "$pid"
await_log "Main process exited, code=killed, status=9/KILL" 10
within 20 "systemd did not restart the server after SIGKILL" restarted_times 1
[ "$(prop MainPID)" != "$pid" ] || fail "MainPID is still the killed $pid"
within 30 "the restarted server does not serve" served_times 2
pid=$(prop MainPID)

echo "== a knock with the installed portknock send"
portknock send 127.0.0.1 --pad /root/client.pad --state /root/client-state --base 40000 --command 22,60,0
# KnockServer's line of the pad's second knock (block 1): the first one's, from before the crash, is
# in the journal too
second_knock=", block 1, 8 knocks left)"
await_log "$second_knock" 20
# standard error is the journal: a line logged twice (stderr and syslog) would show here
expect "journal lines of the accepted knock" "$(unit_log | grep -cF "$second_knock")" 1
within 10 "127.0.0.1 is not in the set allowed_ssh_v4" allowed
holes=$(portknock holes list -c /etc/portknock/doors.conf) || fail "portknock holes list: $holes"
case "$holes" in
    *"door ssh service 22 source 127.0.0.1 open until"*) ;;
    *) fail "portknock holes list: '$holes'" ;;
esac
expect "owner and mode of /run/portknock/control" "$(stat -c '%U:%G %a' /run/portknock/control)" "root:root 600"
stat -c '%U:%G %a %n' "$state_dir" "$state_dir"/state "$state_dir"/state/* "$state_dir"/holes

echo "== a crash while the knock's opening is open: the restarted server takes it over"
kill -KILL "$pid"
within 20 "systemd did not restart the server after the second SIGKILL" restarted_times 2
within 30 "the server restarted with an opening does not serve" served_times 3
await_log "door ssh: service 22 for 127.0.0.1 was open at the last stop until" 10
allowed || fail "the restarted server lost 127.0.0.1's opening"
pid=$(prop MainPID)

echo "== systemd-analyze security"
security=$(systemd-analyze security --no-pager "$unit")
echo "$security"
exposure=$(echo "$security" | sed -n 's/^→ Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
[ -n "$exposure" ] || fail "no overall exposure level in: $security"
# the unit's level when this test was written: a unit that loosens its sandbox fails here
awk -v e="$exposure" -v max="$max_exposure" 'BEGIN { exit !(e <= max) }' \
    || fail "exposure level $exposure, above the unit's $max_exposure"

echo "== systemctl stop: the server closes what it opened (also what it took over) and ends cleanly"
systemctl stop "$unit"
expect "ActiveState after stop" "$(prop ActiveState)" inactive
expect "Result after stop" "$(prop Result)" success
! allowed || fail "127.0.0.1 is still in the set allowed_ssh_v4 after stop"

echo "== dpkg -r, then dpkg -P"
dpkg -r portknock
expect "LoadState after dpkg -r" "$(prop LoadState)" not-found
[ -f /etc/portknock/doors.conf ] || fail "dpkg -r deleted the conffile"
dpkg -P portknock
[ ! -e /etc/portknock ] || fail "/etc/portknock is left after purge"
# the cursors stay: deleting them while the pad lives on would let its used knocks in again
[ -d "$state_dir/state" ] || fail "purge deleted the server's cursors"
echo "deb-systemd-inside: passed (exposure level $exposure)"
