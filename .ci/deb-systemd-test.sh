#!/usr/bin/env bash
# The Debian package's systemd unit under a real systemd, which this machine's PID 1 is not: a
# minimal Debian bookworm root made by debootstrap in a directory of its own under /var/tmp, booted
# with systemd-nspawn on a network namespace of its own (loopback only), where
# .ci/deb-systemd-inside.sh installs the package and drives portknock.service (start on the shipped
# configuration, a real door on loopback, reload, a knock, the hardening, stop, remove, purge).
#
#   .ci/deb-systemd-test.sh [PACKAGE.deb]   (root; builds the package when none is given)
#
# systemd only ever runs inside the container's own root tree: commands reach it through nsenter
# into the container's init, and every command first checks that it sees that tree's marker file.
# The machine, its mounts and its directory are removed on every exit, failed or not.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "deb-systemd-test: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "needs root (debootstrap, systemd-nspawn)"
for tool in debootstrap systemd-nspawn nsenter ps dpkg-deb; do
    command -v "$tool" >/dev/null \
        || fail "$tool is missing: apt-get install -y debootstrap systemd-container util-linux procps dpkg"
done
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
started=$SECONDS

[ $# -le 1 ] || fail "one package at most, given: $*"
if [ $# = 1 ]; then
    deb=$1
else
    echo "== build: mvn -B -Pdeb -DskipTests package"
    nice -n 15 mvn -B -q -Pdeb -DskipTests package
    debs=(knock-deb/target/portknock_*.deb)
    [ "${#debs[@]}" = 1 ] && [ -f "${debs[0]}" ] || fail "expected one package in knock-deb/target, found ${debs[*]}"
    deb=${debs[0]}
fi
[ -f "$deb" ] || fail "no package $deb"

work=$(mktemp -d /var/tmp/portknock-systemd.XXXXXXXX)
id=$(echo "${work##*.}" | tr 'A-Z' 'a-z')
machine="pk-sd-$id"
root="$work/root"
marker="/.portknock-systemd-test-$id"
nspawn_pid=""

stop_container() {
    [ -n "$nspawn_pid" ] || return 0
    if kill -0 "$nspawn_pid" 2>/dev/null; then
        # nspawn passes the first SIGTERM to the container's systemd as a clean poweroff
        kill -TERM "$nspawn_pid" 2>/dev/null || true
        for _ in $(seq 60); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.5; done
        if kill -0 "$nspawn_pid" 2>/dev/null; then
            echo "deb-systemd-test: the container did not power off in 30 s; killing it" >&2
            kill -KILL "$nspawn_pid" 2>/dev/null || true
        fi
    fi
    wait "$nspawn_pid" 2>/dev/null || true
    nspawn_pid=""
}

cleanup() {
    status=$?
    stop_container
    # the container's mounts lived in its own mount namespace; anything left under the tree here
    # would be ours, and must go before the tree does
    while read -r mountpoint; do
        umount -l "$mountpoint" || true
    done < <(awk -v w="$work" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r)
    # nspawn's lock on the tree, left behind when nspawn had to be killed
    if [ -d "$root" ]; then
        rm -f "/run/systemd/nspawn/locks/inode-$(stat -c '%d:%i' "$root")"
    fi
    rm -rf --one-file-system "$work"
    # nspawn leaves this behind when /run is not a tmpfs, as on this machine
    rm -rf --one-file-system "/run/systemd/nspawn/propagate/$machine"
    echo "deb-systemd-test: $((SECONDS - started)) s in all"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== debootstrap --variant=minbase bookworm into $root"
t=$SECONDS
debootstrap --variant=minbase --include=systemd,systemd-sysv,libpcap0.8,nftables \
    bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; fail "debootstrap failed"; }
echo "   $((SECONDS - t)) s"

touch "$root$marker"
echo "$machine" >"$root/etc/hostname"
cp "$deb" "$root/root/portknock.deb"
cp .ci/deb-systemd-inside.sh "$root/root/inside.sh"

echo "== boot it: systemd-nspawn --boot --private-network (machine $machine)"
t=$SECONDS
# --register=no and --keep-unit: this machine has no systemd to register with or to make a scope
systemd-nspawn --quiet -D "$root" -M "$machine" --register=no --keep-unit --private-network \
    --boot --console=pipe </dev/null >"$work/console.log" 2>&1 &
nspawn_pid=$!

leader=""
for _ in $(seq 120); do
    kill -0 "$nspawn_pid" 2>/dev/null || { cat "$work/console.log" >&2; fail "systemd-nspawn exited"; }
    # nspawn's child becomes the container's init once it runs systemd
    leader=$(ps -o pid=,comm= --ppid "$nspawn_pid" | awk '$2 == "systemd" { print $1; exit }' || true)
    [ -n "$leader" ] && break
    sleep 0.5
done
[ -n "$leader" ] || fail "no init process in the container after 60 s"

# the container's namespaces, root and working directory, with a clean environment
inside() {
    nsenter --target "$leader" --mount --uts --ipc --net --pid --cgroup --root --wd \
        env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"
}
inside test -e "$marker" || fail "nsenter did not reach the container's root tree"
state=$(inside timeout 120 systemctl is-system-running --wait || true)
case "$state" in
    running|degraded) ;;
    *) inside systemctl --failed --no-pager >&2 || true; fail "the container's systemd is $state, not running" ;;
esac
echo "   booted: $state, $((SECONDS - t)) s"

inside sh /root/inside.sh "$marker"
echo "deb-systemd-test: passed"
