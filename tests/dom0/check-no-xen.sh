#!/usr/bin/env bash
# dom0-test on this host, where no Xen devices exist: the static binary runs, reports every
# sub-test with the errno it met, ends in bounded time, and its exit status says so.
#   1. a device directory that does not exist: every device ENOENT, every later sub-test not run;
#   2. devices that are not Xen's (/dev/null under their names): opened, but the privcmd ioctl
#      is refused with ENOTTY, and the IPI sub-test never gets near the APIC;
#   3. bad usage: exit status 2 with the reason.
# usage: check-no-xen.sh DOM0_TEST WORKDIR
set -u
prog=$1 work=$2
rm -rf "$work" && mkdir -p "$work/null-devices"
for d in privcmd evtchn gntdev; do ln -s /dev/null "$work/null-devices/$d"; done
: >"$work/mem"
n=$("$prog" --list | wc -l)
failed=0

# expect NAME STATUS LINE... : runs dom0-test with the rest of the arguments in $args
expect() {
	local name=$1 want_status=$2 out status line
	shift 2
	out=$(timeout 20 "$prog" "${args[@]}" 2>&1)
	status=$?
	echo "--- $name: dom0-test ${args[*]} (exit status $status)"
	echo "$out" | sed 's/^/  /'
	if [ "$status" != "$want_status" ]; then
		echo "FAIL $name: exit status $status, expected $want_status"
		failed=1
	fi
	for line in "$@"; do
		if ! grep -Fqx -- "$line" <<<"$out"; then
			echo "FAIL $name: missing line: $line"
			failed=1
		fi
	done
}

args=(--dev "$work/absent" --mem "$work/mem")
expect "no devices" 1 \
	"dom0-test: devices: FAIL open $work/absent/privcmd: No such file or directory (ENOENT); open $work/absent/evtchn: No such file or directory (ENOENT); open $work/absent/gntdev: No such file or directory (ENOENT)" \
	"dom0-test: find-peer: FAIL not run: needs an open privcmd device (an earlier sub-test failed)" \
	"dom0-test: 0 passed, $n failed"

args=(--dev "$work/null-devices" --mem "$work/mem")
expect "devices that are not Xen's" 1 \
	"dom0-test: devices: PASS $work/null-devices/privcmd open; $work/null-devices/evtchn open; $work/null-devices/gntdev open" \
	"dom0-test: privcmd-hypercall: FAIL xen_version(XENVER_version) through IOCTL_PRIVCMD_HYPERCALL: Inappropriate ioctl for device (ENOTTY)" \
	"dom0-test: icr-refused: FAIL not run: needs a hypervisor answering as Xen 4.17 through privcmd (an earlier sub-test failed)" \
	"dom0-test: 1 passed, $((n - 1)) failed"
[ -s "$work/mem" ] && { echo "FAIL something was written to the stand-in for /dev/mem"; failed=1; }

args=(--rounds=0)
expect "bad usage" 2 "dom0-test: --rounds=0: out of range (1..100000000)"
args=(--until nothing)
expect "unknown sub-test" 2 "dom0-test: --until nothing: no such sub-test (see --list)"

[ $failed = 0 ] && echo "check-no-xen: PASS"
exit $failed
