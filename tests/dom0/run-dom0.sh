#!/usr/bin/env bash
# Boots dom0 with dom0-test in its initramfs and judges the run.
#
# On Lamina (default): the hypervisor boots Debian's kernel as the hardware domain (domid 0) and
# the peer guest as domid 1, as docs/dom0-test.md describes. The run passes when dom0 reaches
# its shell with /dev/xen/{privcmd,evtchn,gntdev}, every sub-test of dom0-test passed, the peer
# ended with "Test result: SUCCESS", and the hypervisor logged its refusal of dom0's IPIs.
# With -p (plain QEMU, no hypervisor): the same image boots under QEMU alone; dom0-test must run
# from the start hook with the command line's options and fail every sub-test cleanly.
#
# usage: run-dom0.sh [options] WORKDIR
#   -K FILE    dom0's vmlinux                -I FILE  dom0's stock initramfs (gzip cpio)
#   -T FILE    the dom0-test binary           -P FILE  the peer guest (dom0_peer.elf)
#   -L FILE    the hypervisor image
#   -r N       round trips (default 1000)     -t S     timeout in seconds (default 120)
#   -b         bench: print dom0-test's bench: lines and the QEMU command line
#   -p         plain QEMU, no hypervisor
# Logs: WORKDIR/serial.log (COM1: the hypervisor, then dom0's console) and WORKDIR/hv.log
# (port 0xE9: the hypervisor's and domU's lines once dom0 owns COM1).
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
vmlinux= initrd= prog= peer= lamina=$top/build/lamina rounds=1000 timeout=120 bench=0 plain=0

usage() {
	sed -n '2,21s/^# \{0,1\}//p' "$0" >&2
	exit 2
}
while getopts "K:I:T:P:L:r:t:bp" opt; do
	case $opt in
	K) vmlinux=$OPTARG ;;
	I) initrd=$OPTARG ;;
	T) prog=$OPTARG ;;
	P) peer=$OPTARG ;;
	L) lamina=$OPTARG ;;
	r) rounds=$OPTARG ;;
	t) timeout=$OPTARG ;;
	b) bench=1 ;;
	p) plain=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
work=$1
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "FAIL: -r $rounds is not a positive number"; exit 2; }
[[ $timeout =~ ^[1-9][0-9]*$ ]] || { echo "FAIL: -t $timeout is not a positive number"; exit 2; }

need=("$vmlinux" "$initrd" "$prog")
[ $plain = 1 ] || need+=("$lamina" "$peer")
for f in "${need[@]}"; do
	if [ -z "$f" ] || [ ! -s "$f" ]; then
		echo "FAIL: ${f:-a required file (-K -I -T, and -L -P without -p)} is missing:" \
			"build it first (make at the top of the tree)"
		exit 1
	fi
done
for f in "$vmlinux" "$peer"; do
	case $f in *,*)
		echo "FAIL: $f contains a comma, which QEMU's -initrd would split"
		exit 1
		;;
	esac
done

rm -rf "$work" && mkdir -p "$work"
serial=$work/serial.log hvlog=$work/hv.log image=$work/initramfs-test.cpio.gz
"$here/make-initramfs.sh" "$initrd" "$prog" "$image" || { echo "FAIL: building $image"; exit 1; }
expected=$("$prog" --list | wc -l)

# dom0's command line: options for dom0-test ride on it as dom0test.NAME=VALUE.
wait_s=$((timeout - 5))
dom0_args="console=ttyS0 quiet panic=-1 iomem=relaxed dom0test.rounds=$rounds"
[ $bench = 1 ] && dom0_args+=" dom0test.bench"
if [ $plain = 1 ]; then
	qemu=(qemu-system-x86_64 -accel tcg -cpu qemu64 -m 1024 -smp 1 -nographic -no-reboot
	      -kernel "$vmlinux" -initrd "$image" -append "$dom0_args dom0test.timeout-ms=1000")
else
	qemu=(qemu-system-x86_64 -accel tcg -cpu qemu64,+svm,+npt -smp 2 -m 2G -nographic -no-reboot
	      -kernel "$lamina"
	      -append "loglvl=info dom0_mem=1G domain=dom0,kernel=0,initrd=1,hardware domain=peer,kernel=2"
	      -initrd "$vmlinux $dom0_args,$image,$peer wait_s=$wait_s"
	      -debugcon "file:$hvlog")
fi
: >"$hvlog"

quoted_command() {
	local arg out=
	for arg in "${qemu[@]}"; do
		case $arg in
		*[[:space:]]* | '') out+=" '$arg'" ;;
		*) out+=" $arg" ;;
		esac
	done
	echo "${out# }"
}
echo "run-dom0: $(quoted_command)"

start=$(date +%s.%N)
"${qemu[@]}" </dev/null >"$serial" 2>"$work/qemu.stderr" &
qemu_pid=$!
stop_qemu() {
	kill "$qemu_pid" 2>/dev/null && wait "$qemu_pid" 2>/dev/null
}
trap stop_qemu EXIT

# Lines without the serial console's CR.
serial_lines() { tr -d '\r' <"$serial"; }
all_lines() { cat "$serial" "$hvlog" | tr -d '\r'; }
summary_re='^dom0-test: [0-9]+ passed, [0-9]+ failed$'
peer_done_re='^\(d1\) Test result: (SUCCESS|FAILURE)$'

# Until dom0 is at its shell (dom0-test runs before that) and the peer has its verdict; the peer
# is given a few seconds more, in case dom0-test failed before telling it to finish.
deadline=$(($(date +%s) + timeout)) ready_at= timed_out=0
while kill -0 "$qemu_pid" 2>/dev/null; do
	now=$(date +%s)
	if [ -z "$ready_at" ] && serial_lines | grep -qx LAMINA_DOM0_READY; then
		ready_at=$(date +%s.%N)
	fi
	if [ -n "$ready_at" ]; then
		[ $plain = 1 ] && break
		all_lines | grep -Eq "$peer_done_re" && break
		[ "$now" -ge $((${ready_at%.*} + 10)) ] && break
	fi
	if [ "$now" -ge "$deadline" ]; then
		timed_out=1
		break
	fi
	sleep 0.2
done
stop_qemu
trap - EXIT

failed=0
fail() {
	echo "FAIL: $*"
	failed=1
}
has_line() { grep -Fqx -- "$1"; }

[ $timed_out = 1 ] && fail "timed out after $timeout s"
if [ -n "$ready_at" ]; then
	printf 'run-dom0: QEMU start -> LAMINA_DOM0_READY: %.1f s\n' "$(echo "$ready_at - $start" | bc)"
else
	fail "dom0 never reached its shell (no LAMINA_DOM0_READY)"
fi
serial_lines | grep -E '^lamina-dom0: (/dev/xen|module xen)' | sed 's/^/  /'
serial_lines | grep -E '^dom0-test: ' | sed 's/^/  /'
summary=$(serial_lines | grep -E "$summary_re" | tail -n 1)

if [ $plain = 1 ]; then
	# Without a Xen-ABI hypervisor: the hook ran the program with the command line's options,
	# and every sub-test failed with its reason.
	serial_lines | has_line "dom0-test: starting: /usr/bin/dom0-test --rounds=$rounds --timeout-ms=1000" ||
		fail "the start hook did not run dom0-test with --rounds=$rounds --timeout-ms=1000"
	serial_lines | has_line "dom0-test: devices: FAIL open /dev/xen/privcmd: No such file or directory (ENOENT); open /dev/xen/evtchn: No such file or directory (ENOENT); open /dev/xen/gntdev: No such file or directory (ENOENT)" ||
		fail "dom0-test did not report the three devices missing (ENOENT)"
	[ "$summary" = "dom0-test: 0 passed, $expected failed" ] ||
		fail "summary '${summary:-none}', expected 'dom0-test: 0 passed, $expected failed'"
	serial_lines | has_line "dom0-test: exit status 1" || fail "dom0-test did not exit with status 1"
else
	devs=$(serial_lines | grep -m1 '^lamina-dom0: /dev/xen: ')
	for d in privcmd evtchn gntdev; do
		[[ " ${devs#lamina-dom0: /dev/xen: } " == *" $d "* ]] || fail "/dev/xen/$d missing in dom0 ('${devs:-no /dev/xen line}')"
	done
	[ "$summary" = "dom0-test: $expected passed, 0 failed" ] ||
		fail "summary '${summary:-none}', expected 'dom0-test: $expected passed, 0 failed'"
	echo "  peer (d1):"
	all_lines | grep -E '^\(d1\) ' | grep -Ev '^\(d1\) ok ' | sed 's/^/    /'
	all_lines | grep -Eq '^\(d1\) Test result: SUCCESS$' || fail "the peer (d1) did not report SUCCESS"
	refusal=$(all_lines | grep -m1 'IPI to APIC 1 refused')
	if [ -n "$refusal" ]; then
		echo "  hypervisor: $refusal"
	else
		fail "the hypervisor did not log 'IPI to APIC 1 refused'"
	fi
	crash=$(all_lines | grep -m1 -E '^\(XEN\) (Panic|Hypervisor fault|d[0-9]+ crashed: )')
	[ -z "$crash" ] || fail "hypervisor: ${crash#(XEN) }"
fi
# QEMU's own complaints, without the note that we stopped it.
grep -v 'terminating on signal' "$work/qemu.stderr" | sed 's/^/  qemu: /'
if [ $bench = 1 ]; then
	echo "QEMU: $(quoted_command)"
	serial_lines | grep '^dom0-test: bench:' | sed 's/^dom0-test: //'
fi
if [ $failed = 1 ]; then
	echo "--- the end of the serial log ($serial):"
	serial_lines | tail -n 30
	echo "--- the end of the hypervisor log ($hvlog):"
	tail -n 20 "$hvlog" | tr -d '\r'
fi
echo "run-dom0: $([ $failed = 0 ] && echo PASS || echo FAIL); logs in $work"
exit $failed
