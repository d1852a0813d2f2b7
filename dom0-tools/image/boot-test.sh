#!/usr/bin/env bash
# Boots dom0's vmlinux + initramfs with a copy of dom0's disk (disk.img) and a virtio NIC on QEMU
# user networking, under plain QEMU or, with --lamina, under Lamina as the hardware domain (the
# command line of `make run`). Waits for /init's ready marker, then drives the root shell on the
# serial console and checks what must be true there:
#   - every non-Xen module of the image is in /proc/modules (crc32c-intel may be refused: it
#     needs SSE4.2, which -cpu qemu64 lacks);
#   - plain QEMU: each Xen module was tried and refused with "No such device" (without a Xen-ABI
#     hypervisor Linux is not a Xen domain and these drivers decline to load), /dev/xen absent;
#     Lamina: each Xen module loaded and /dev/xen/{privcmd,evtchn,gntdev,gntalloc} exist;
#   - the disk: /init mounted /dev/vda at /mnt/disk; the README the host put there reads back
#     intact; a file written in dom0 reads back after a remount, and from the host afterwards;
#   - the network: /init's DHCP hook gave eth0 10.0.2.15/24 with router 10.0.2.2 and DNS
#     10.0.2.3 (QEMU's user networking), and a file served on the host comes through 10.0.2.2;
#   - xenstored (when the image has it) is listening.
# Prints the seconds from QEMU's start to the ready marker.
# usage: boot-test.sh [--lamina IMAGE] DOM0_DIR WORK_DIR [TIMEOUT_SECONDS]
set -euo pipefail

lamina=
if [ "${1:-}" = --lamina ]; then
	lamina=$2
	shift 2
fi
[ $# -ge 2 ] || { echo "usage: boot-test.sh [--lamina IMAGE] DOM0_DIR WORK_DIR [TIMEOUT_SECONDS]"; exit 2; }
dom0=$1 work=$2 timeout=${3:-90}
export PATH=$PATH:/usr/sbin:/sbin # debugfs for non-root users
vmlinux=$dom0/vmlinux initrd=$dom0/initramfs.cpio.gz
for f in "$vmlinux" "$initrd" "$dom0/disk.img" ${lamina:+"$lamina"}; do
	[ -s "$f" ] || { echo "boot-test: $f is missing (run make)"; exit 1; }
done
case "$vmlinux$initrd$work" in
*,*) echo "boot-test: paths cannot contain commas (QEMU splits -initrd on them)"; exit 1 ;;
esac
rm -rf "$work" && mkdir -p "$work/www"
log=$work/serial.log hvlog=$work/hypervisor.log disk=$work/disk.img
what=${lamina:+"Lamina (dom0 as the hardware domain)"}
what=${what:-"plain QEMU (no hypervisor)"}

# The real disk image, copied so that the test never touches the user's data.
cp --sparse=always "$dom0/disk.img" "$disk"
readme_md5=$(debugfs -R "cat /README" "$disk" 2>/dev/null | md5sum | cut -d' ' -f1)
[ "$readme_md5" != "$(md5sum </dev/null | cut -d' ' -f1)" ] ||
	{ echo "boot-test: $dom0/disk.img has no /README (debugfs -R 'cat /README')"; exit 1; }

# Values chosen now, so that a stale result cannot pass.
disk_token="lamina-disk-$RANDOM$RANDOM"
net_token="lamina-net-$RANDOM$RANDOM"
echo "$net_token" >"$work/www/token"

# A file server on the host's loopback; QEMU's user networking forwards the guest's connections
# to 10.0.2.2 there. It writes the port it got to www/.port.
python3 -c '
import http.server, os, socketserver, sys
os.chdir(sys.argv[1])
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
server = socketserver.TCPServer(("127.0.0.1", 0), Quiet)
with open(".port.tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(".port.tmp", ".port")
server.serve_forever()' "$work/www" &
httpd=$!

if [ -n "$lamina" ]; then
	cmd=(qemu-system-x86_64 -accel tcg -cpu qemu64,+svm,+npt -smp 2 -m 2G -display none
		-monitor none -serial stdio -no-reboot -kernel "$lamina"
		-append "loglvl=info dom0_mem=1G domain=dom0,kernel=0,initrd=1,hardware"
		-initrd "$vmlinux console=ttyS0 quiet panic=-1,$initrd"
		-debugcon "file:$hvlog")
else
	cmd=(qemu-system-x86_64 -accel tcg -cpu qemu64 -m 1024 -display none -monitor none
		-serial stdio -no-reboot -kernel "$vmlinux" -initrd "$initrd"
		-append "console=ttyS0 quiet panic=-1")
fi
cmd+=(-drive "file=$disk,if=virtio,format=raw" -netdev user,id=n0 -device virtio-net-pci,netdev=n0)

mkfifo "$work/in"
echo "boot-test: under $what: ${cmd[*]}"
start=$(date +%s.%N)
"${cmd[@]}" <"$work/in" >"$log" 2>&1 &
qemu=$!
exec 3>"$work/in"
cleanup() {
	exec 3>&- 2>/dev/null || true
	kill "$qemu" "$httpd" 2>/dev/null || true
	wait "$qemu" "$httpd" 2>/dev/null || true
}
trap cleanup EXIT

show_logs() {
	echo "--- serial log (last 40 lines):"
	tail -n 40 "$log"
	if [ -n "$lamina" ]; then
		echo "--- hypervisor log after dom0 started ($hvlog, last 20 lines):"
		tail -n 20 "$hvlog" 2>/dev/null || true
	fi
}

# wait_for TEXT SECONDS: until the serial log has a line that is exactly TEXT
wait_for() {
	local deadline=$(($(date +%s) + $2))
	while ! grep -qx -- "$1"$'\r\\?' "$log"; do
		if ! kill -0 "$qemu" 2>/dev/null; then
			echo "boot-test: QEMU exited before \"$1\""
			show_logs
			return 1
		fi
		if [ "$(date +%s)" -ge "$deadline" ]; then
			echo "boot-test: no \"$1\" within $2 s"
			show_logs
			return 1
		fi
		sleep 0.05
	done
}

wait_for LAMINA_DOM0_READY "$timeout"
ready=$(date +%s.%N)
boot_s=$(awk -v a="$start" -v b="$ready" 'BEGIN { printf "%.2f", b - a }')
echo "boot-test: QEMU start -> LAMINA_DOM0_READY: $boot_s s"
sed -n 's/\r$//; /^lamina-dom0: /p' "$log"

for _ in $(seq 50); do
	[ -s "$work/www/.port" ] && break
	sleep 0.1
done
port=$(cat "$work/www/.port" 2>/dev/null) || { echo "boot-test: the host file server did not start"; exit 1; }

# The shell's output is told apart from the echo of what is typed: the end marker is computed,
# and every checked line is matched whole.
sleep 0.3
echo "T=$disk_token P=$port" >&3
cat >&3 <<'EOF'
echo CHECK-$((1+1))-BEGIN
for m in $(cut -d' ' -f1 /proc/modules); do echo "loaded $m"; done
for d in /dev/xen/*; do [ -c "$d" ] && echo "xendev ${d#/dev/xen/}"; done
grep -q ' /mnt/disk ext4 ' /proc/mounts && echo "disk mounted"
echo "readme $(md5sum </mnt/disk/README | cut -d' ' -f1)"
echo "$T" >/mnt/disk/written-by-dom0 && sync && umount /mnt/disk && mount -t ext4 /dev/vda /mnt/disk && echo "reread $(cat /mnt/disk/written-by-dom0)" && sync
for i in $(seq 50); do ip -4 -o addr show eth0 | grep -q inet && break; sleep 0.2; done
echo "eth0 $(ip -4 -o addr show eth0 | awk '{print $4}')"
echo "route $(ip -4 route show default | awk '{print $3}')"
echo "dns $(awk '$1 == "nameserver" { print $2 }' /etc/resolv.conf)"
echo "http $(wget -q -O - http://10.0.2.2:$P/token)"
for i in $(seq 20); do [ -S /run/xenstored/socket ] && break; sleep 0.1; done
[ -S /run/xenstored/socket ] && echo "xenstored listening"
echo CHECK-$((2+2))-END
EOF
wait_for CHECK-4-END 60
echo poweroff -f >&3
out=$(sed -n 's/\r$//; /^CHECK-2-BEGIN$/,/^CHECK-4-END$/p' "$log")
serial=$(tr -d '\r' <"$log")

# QEMU exits when dom0 powers off (under Lamina: dom0 is the initial domain, so the machine
# powers off with it); the disk is then read from the host.
powered_off=no
for _ in $(seq 200); do
	kill -0 "$qemu" 2>/dev/null || { powered_off=ok; break; }
	sleep 0.1
done
if [ "$powered_off" = no ]; then
	echo "QEMU still running 20 s after poweroff -f; stopping it"
	kill "$qemu" 2>/dev/null || true
fi
wait "$qemu" 2>/dev/null || true
host_read=$(debugfs -R "cat /written-by-dom0" "$disk" 2>/dev/null || true)

fail=0
check() { # check CONDITION-RESULT MESSAGE
	if [ "$1" = ok ]; then echo "ok   $2"; else echo "FAIL $2"; fail=1; fi
}
has() { grep -qx -- "$1" <<<"$out" && echo ok || echo no; }
logged() { grep -qx -- "$1" <<<"$serial" && echo ok || echo no; }
# A line that /init's background jobs print may follow the shell's prompt on the same line.
logged_after_prompt() { grep -qF -- "$1" <<<"$serial" && echo ok || echo no; }

if [ -n "$lamina" ]; then
	check "$(grep -q '^(XEN) ' <<<"$serial" && echo ok)" "the hypervisor's boot log is on the serial console"
fi

# the image's module list, as /init loaded it
mods=$(gunzip -c "$initrd" | (cd "$work" && cpio -i --quiet --to-stdout etc/lamina/modules) |
	awk '{ n = $1; sub(/.*\//, "", n); sub(/\.ko$/, "", n); print n }')
[ -n "$mods" ] || { echo "FAIL no module list in the initramfs"; exit 1; }
for m in $mods; do
	proc_name=${m//-/_} # /proc/modules spells names with underscores
	case "$m" in
	xen-*)
		if [ -n "$lamina" ]; then
			check "$(has "loaded $proc_name")" "$m loaded (dom0 is a Xen domain)"
		else
			check "$(logged "lamina-dom0: module $m: not loaded (No such device)")" \
				"$m refused with ENODEV (true without a Xen-ABI hypervisor)"
		fi
		;;
	crc32c-intel)
		if [ "$(has "loaded $proc_name")" = ok ]; then echo "ok   $m loaded (host CPU has SSE4.2)"
		else echo "note $m not loaded: -cpu qemu64 has no SSE4.2; crc32c_generic serves ext4"; fi
		;;
	*) check "$(has "loaded $proc_name")" "$m loaded" ;;
	esac
done
if [ -n "$lamina" ]; then
	for dev in privcmd evtchn gntdev gntalloc; do
		check "$(has "xendev $dev")" "/dev/xen/$dev is a character device"
	done
else
	check "$(grep -q '^xendev ' <<<"$out" || echo ok)" "/dev/xen absent (no Xen drivers bound)"
fi

check "$powered_off" "QEMU exited when dom0 ran poweroff -f"
check "$(logged "lamina-dom0: disk: /dev/vda mounted at /mnt/disk (ext4)")" "/init mounted /dev/vda at /mnt/disk"
check "$(has "disk mounted")" "/mnt/disk is an ext4 mount in the shell"
check "$(has "readme $readme_md5")" "the disk's README reads back intact in dom0 (md5 $readme_md5)"
check "$(has "reread $disk_token")" "a file written in dom0 reads back after umount and mount"
check "$([ "$host_read" = "$disk_token" ] && echo ok)" "the host reads the same file from the image after QEMU exits"

check "$(logged_after_prompt "lamina-dom0: eth0: 10.0.2.15/24 (router 10.0.2.2, dns 10.0.2.3)")" \
	"/init's DHCP hook logged eth0 10.0.2.15/24, router 10.0.2.2, dns 10.0.2.3"
check "$(has "eth0 10.0.2.15/24")" "eth0 has 10.0.2.15/24"
check "$(has "route 10.0.2.2")" "default route via 10.0.2.2"
check "$(has "dns 10.0.2.3")" "resolv.conf names 10.0.2.3"
check "$(has "http $net_token")" "a file served on the host came through 10.0.2.2 (wget)"

if gunzip -c "$initrd" | cpio -t --quiet 2>/dev/null | grep -qx usr/sbin/xenstored; then
	check "$(has "xenstored listening")" "xenstored started and listening on /run/xenstored/socket"
else
	echo "note image has no xenstored (xenbus not built)"
fi
[ "$fail" = 0 ] || show_logs
echo "boot-test: vmlinux -> LAMINA_DOM0_READY under $what: $boot_s s"
exit $fail
