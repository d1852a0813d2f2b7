#!/usr/bin/env bash
# xenstored in dom0 serving a guest over its ring, end to end on Lamina: the hypervisor boots
# Debian's kernel as the hardware domain (domid 0) and xs_guest as domid 1 (mode=full). dom0's
# initramfs gets a second archive with our xenstored and lamina-introduce, Debian's xenstore
# tools and the start hook 60-xenstore-test, which introduces the guest and plays dom0's part.
# The run passes when the guest ends with "Test result: SUCCESS" and dom0 saw the guest's keys,
# the watch round trip, two @introduceDomain events (set, then the introduction) and, after the
# guest powered off, two @releaseDomain events (set, then xenstored letting the dead guest go on
# VIRQ_DOM_EXC), while the home the toolstack made for it stays (Xen's toolstack removes it).
#
# usage: run-dom0-xenstore.sh [options] WORKDIR
#   -L FILE  the hypervisor image           -K FILE  dom0's vmlinux
#   -I FILE  dom0's stock initramfs         -X DIR   xenbus build dir (xenstored, lamina-introduce)
#   -G FILE  xs_guest.elf                   -t S     timeout in seconds (default 300)
# Logs: WORKDIR/serial.log (COM1: the hypervisor, then dom0's console) and WORKDIR/hv.log
# (port 0xE9: the hypervisor's and the guest's lines once dom0 owns COM1).
set -u

here=$(cd "$(dirname "$0")" && pwd)
args=("$@")
lamina= vmlinux= initrd= xenbus= guest= timeout=300
usage() {
	sed -n '2,16s/^# \{0,1\}//p' "$0" >&2
	exit 2
}
while getopts "L:K:I:X:G:t:" opt; do
	case $opt in
	L) lamina=$OPTARG ;;
	K) vmlinux=$OPTARG ;;
	I) initrd=$OPTARG ;;
	X) xenbus=$OPTARG ;;
	G) guest=$OPTARG ;;
	t) timeout=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
work=$1
for f in "$lamina" "$vmlinux" "$initrd" "$xenbus/xenstored" "$xenbus/lamina-introduce" "$guest" \
	/usr/bin/xenstore; do
	if [ -z "$f" ] || [ ! -s "$f" ]; then
		echo "FAIL: ${f:-a required file} is missing: build it first (make at the top)"
		exit 1
	fi
done
for f in "$vmlinux" "$guest"; do
	case $f in *,*) echo "FAIL: $f contains a comma, which QEMU's -initrd splits"; exit 1 ;; esac
done

rm -rf "$work" && mkdir -p "$work/stage"
stage=$work/stage serial=$work/serial.log hvlog=$work/hv.log image=$work/initramfs.cpio.gz

# Binaries with the shared libraries they load (the stock image has busybox and maybe libc).
add_binary() { # add_binary SOURCE DEST
	install -D -m 0755 "$1" "$stage$2"
	ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' |
		while read -r lib; do
			mkdir -p "$stage$(dirname "$lib")"
			cp -L "$lib" "$stage$lib"
		done
}
add_binary "$xenbus/xenstored" /usr/sbin/xenstored
add_binary "$xenbus/lamina-introduce" /usr/sbin/lamina-introduce
add_binary /usr/bin/xenstore /usr/bin/xenstore
# glibc loads libgcc_s when libxenstore's reader thread is cancelled at xs_close; ldd does not
# list it.
libgcc=$(gcc -print-file-name=libgcc_s.so.1)
[ -e "$libgcc" ] || libgcc=/lib/x86_64-linux-gnu/libgcc_s.so.1
install -D -m 0644 "$(readlink -f "$libgcc")" "$stage/lib/x86_64-linux-gnu/libgcc_s.so.1"
for tool in read write ls list watch exists rm; do
	ln -s xenstore "$stage/usr/bin/xenstore-$tool"
done
install -D -m 0755 "$here/60-xenstore-test" "$stage/etc/lamina/start.d/60-xenstore-test"
{
	cat "$initrd"
	(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet |
		gzip -9n)
} >"$image" || { echo "FAIL: building $image"; exit 1; }

qemu=(qemu-system-x86_64 -accel tcg -cpu qemu64,+svm,+npt -smp 2 -m 2G -nographic -no-reboot
      -kernel "$lamina"
      -append "loglvl=info dom0_mem=1G domain=dom0,kernel=0,initrd=1,hardware domain=xs_guest,kernel=2"
      -initrd "$vmlinux console=ttyS0 quiet panic=-1,$image,$guest domid=1 mode=full"
      -debugcon "file:$hvlog")
: >"$hvlog"
echo "run-dom0-xenstore: ${qemu[*]}"
"${qemu[@]}" </dev/null >"$serial" 2>"$work/qemu.stderr" &
qemu_pid=$!
trap 'kill $qemu_pid 2>/dev/null; wait $qemu_pid 2>/dev/null' EXIT

# dom0's shell prompt may share a line with the hook's output: each xs-test line starts there.
serial_lines() { tr -d '\r' <"$serial" | sed 's/^.*\(xs-test: \)/\1/'; }
guest_lines() { tr -d '\r' <"$serial" | cat - "$hvlog" | sed -n 's/^(d1) //p'; }
deadline=$(($(date +%s) + timeout))
while kill -0 "$qemu_pid" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do
	serial_lines | grep -qx "xs-test: finished" &&
		guest_lines | grep -Eq '^Test result: (SUCCESS|FAILURE)$' && break
	sleep 1
done

failed=0
fail() { echo "FAIL: $*"; failed=1; }
if ! kill -0 "$qemu_pid" 2>/dev/null; then
	wait "$qemu_pid"
	status=$?
	if [ $status -gt 128 ]; then
		fail "QEMU itself died (signal $((status - 128))): $(cat "$work/qemu.stderr")"
		# QEMU 7.2 sometimes segfaults early in dom0's boot (reported); one more try, said so.
		if [ -z "${XS_E2E_RETRIED:-}" ]; then
			echo "QEMU crashed, not the test: running once more"
			trap - EXIT
			XS_E2E_RETRIED=1 exec "$0" "${args[@]}"
		fi
	fi
fi
serial_lines | grep '^xs-test: ' || fail "dom0 printed no xs-test lines"
serial_lines | grep -qx "xs-test: finished" || fail "dom0's side did not finish in $timeout s"
serial_lines | grep '^xs-test: .*FAIL' && fail "dom0's side reported a failure"
serial_lines | grep -Eq '^xs-test: lamina-introduce: d1 \(xs_guest\) introduced \(ring gfn 0x[0-9a-f]+, port [0-9]+\)$' ||
	fail "lamina-introduce did not introduce d1 (xs_guest)"
serial_lines | grep -qx 'xs-test: read greeting = hello from xs_guest' ||
	fail "dom0 did not read the guest's data/greeting"
# Fired once when set and once for the introduction, and nothing else printed.
serial_lines | grep -qx 'xs-test: @introduceDomain events: 2' &&
	! serial_lines | grep '^xs-test: watch: ' | grep -vqx 'xs-test: watch: @introduceDomain' ||
	fail "dom0's watch did not see @introduceDomain fire on set and on the introduction"
serial_lines | grep -Eq '^xs-test: xenstored: VIRQ_DOM_EXC bound to local port [0-9]+$' ||
	fail "xenstored did not bind VIRQ_DOM_EXC"
serial_lines | grep -q '^xs-test: xenstored: domain 1 is gone: releasing' ||
	fail "xenstored did not notice that d1 is gone"
# Failures to let go of its ring or port are logged as "domain 1: <what>: <errno>".
serial_lines | grep '^xs-test: xenstored: domain 1: ' &&
	fail "xenstored could not let go of d1's ring or port"
serial_lines | grep -qx 'xs-test: @releaseDomain events: 2' &&
	! serial_lines | grep '^xs-test: release watch: ' |
		grep -vqx 'xs-test: release watch: @releaseDomain' ||
	fail "dom0's watch did not see @releaseDomain fire on set and when d1 was gone"
# The hypervisor's side of the same: d1's memory waited for dom0's grant mapping of its ring.
for _ in 1 2 3; do
	grep -q '^(XEN) d1: freed after the last mapping of its grants was undone' "$hvlog" && break
	sleep 1
done
grep -q '^(XEN) d1: freed after the last mapping of its grants was undone' "$hvlog" ||
	fail "the hypervisor did not see dom0 unmap d1's ring after d1 died"
serial_lines | grep -qx 'xs-test: after release: name = xs_guest' ||
	fail "d1's home (/local/domain/1, the toolstack's) did not stay"
echo "guest (d1):"
guest_lines | sed 's/^/  /'
[ "$(guest_lines | tail -n 1)" = "Test result: SUCCESS" ] ||
	fail "xs_guest did not end with 'Test result: SUCCESS'"
grep -h '^(XEN) .*\(Panic\|crashed\)' "$serial" "$hvlog" && fail "the hypervisor or a domain crashed"
if [ $failed = 1 ]; then
	echo "--- last lines of dom0's console:"
	serial_lines | tail -n 40
fi
[ $failed = 0 ] && echo "PASS: xs_guest served by xenstored in dom0 over its ring"
exit $failed
