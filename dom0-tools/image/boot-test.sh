#!/usr/bin/env bash
# Boots dom0's vmlinux + initramfs under plain QEMU (no hypervisor), waits for /init's ready
# marker, then drives the root shell on the serial console and checks what must be true there:
#   - every non-Xen module of the image is in /proc/modules (crc32c-intel may be refused: it
#     needs SSE4.2, which -cpu qemu64 lacks);
#   - each Xen module was tried and refused with "No such device": without a Xen-ABI hypervisor
#     Linux is not a Xen domain and these drivers decline to load, so /dev/xen must be absent;
#   - virtio-blk + ext4 work: the disk QEMU was given mounts and a file written on the host reads
#     back; virtio-net works: eth0 gets QEMU's DHCP address 10.0.2.15;
#   - xenstored (when the image has it) is listening.
# Prints the seconds from QEMU's start to the ready marker.
# usage: boot-test.sh DOM0_DIR WORK_DIR [TIMEOUT_SECONDS]
set -euo pipefail

dom0=$1 work=$2 timeout=${3:-90}
export PATH=$PATH:/usr/sbin:/sbin # mkfs.ext4 for non-root users
vmlinux=$dom0/vmlinux initrd=$dom0/initramfs.cpio.gz
for f in "$vmlinux" "$initrd"; do
	[ -s "$f" ] || { echo "boot-test: $f is missing (run make in dom0-tools)"; exit 1; }
done
rm -rf "$work" && mkdir -p "$work"
log=$work/serial.log disk=$work/disk.img

# A small ext4 disk holding a file with a value chosen now, so a stale result cannot pass.
token="lamina-disk-$RANDOM$RANDOM"
mkdir -p "$work/disk-root"
echo "$token" >"$work/disk-root/marker"
mkfs.ext4 -q -F -d "$work/disk-root" "$disk" 16M

mkfifo "$work/in"
cmd=(qemu-system-x86_64 -accel tcg -cpu qemu64 -m 1024 -display none -monitor none
	-serial stdio -no-reboot -kernel "$vmlinux" -initrd "$initrd"
	-append "console=ttyS0 quiet panic=-1"
	-drive "file=$disk,format=raw,if=virtio"
	-netdev user,id=net0 -device virtio-net-pci,netdev=net0)
echo "boot-test: ${cmd[*]}"
start=$(date +%s.%N)
"${cmd[@]}" <"$work/in" >"$log" 2>&1 &
qemu=$!
exec 3>"$work/in"
cleanup() {
	exec 3>&- 2>/dev/null || true
	kill "$qemu" 2>/dev/null || true
	wait "$qemu" 2>/dev/null || true
}
trap cleanup EXIT

# wait_for TEXT SECONDS: until the serial log has a line that is exactly TEXT
wait_for() {
	local deadline=$(($(date +%s) + $2))
	while ! grep -qx -- "$1"$'\r\\?' "$log"; do
		if ! kill -0 "$qemu" 2>/dev/null; then
			echo "boot-test: QEMU exited before \"$1\"; serial log:"
			tail -n 40 "$log"
			return 1
		fi
		if [ "$(date +%s)" -ge "$deadline" ]; then
			echo "boot-test: no \"$1\" within $2 s; serial log:"
			tail -n 40 "$log"
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

# The shell's output is told apart from the echo of what is typed: the end marker is computed.
sleep 0.3
cat >&3 <<'EOF'
echo CHECK-$((1+1))-BEGIN
for m in $(cut -d' ' -f1 /proc/modules); do echo "loaded $m"; done
ls -d /dev/xen 2>/dev/null && echo "devxen present"
mount -t ext4 /dev/vda /mnt && echo "disk $(cat /mnt/marker)" && umount /mnt
for i in $(seq 50); do ip -4 -o addr show eth0 | grep -q inet && break; sleep 0.2; done
echo "eth0 $(ip -4 -o addr show eth0 | awk '{print $4}')"
for i in $(seq 20); do [ -S /run/xenstored/socket ] && break; sleep 0.1; done
[ -S /run/xenstored/socket ] && echo "xenstored listening"
echo CHECK-$((2+2))-END
EOF
wait_for CHECK-4-END 60
echo poweroff -f >&3
out=$(sed -n 's/\r$//; /^CHECK-2-BEGIN$/,/^CHECK-4-END$/p' "$log")

fail=0
check() { # check CONDITION-RESULT MESSAGE
	if [ "$1" = ok ]; then echo "ok   $2"; else echo "FAIL $2"; fail=1; fi
}
has() { grep -qx -- "$1" <<<"$out" && echo ok || echo no; }

# the image's module list, as /init loaded it
mods=$(gunzip -c "$initrd" | (cd "$work" && cpio -i --quiet --to-stdout etc/lamina/modules) |
	awk '{ n = $1; sub(/.*\//, "", n); sub(/\.ko$/, "", n); print n }')
[ -n "$mods" ] || { echo "FAIL no module list in the initramfs"; exit 1; }
for m in $mods; do
	proc_name=${m//-/_} # /proc/modules spells names with underscores
	case "$m" in
	xen-*)
		check "$(grep -qx "lamina-dom0: module $m: not loaded (No such device)" <(tr -d '\r' <"$log") && echo ok)" \
			"$m refused with ENODEV (true without a Xen-ABI hypervisor)"
		;;
	crc32c-intel)
		if [ "$(has "loaded $proc_name")" = ok ]; then echo "ok   $m loaded (host CPU has SSE4.2)"
		else echo "note $m not loaded: -cpu qemu64 has no SSE4.2; crc32c_generic serves ext4"; fi
		;;
	*) check "$(has "loaded $proc_name")" "$m loaded" ;;
	esac
done
check "$([ "$(has "devxen present")" = no ] && echo ok)" "/dev/xen absent (no Xen drivers bound)"
check "$(has "disk $token")" "virtio-blk disk mounted as ext4, marker read back"
check "$(has "eth0 10.0.2.15/24")" "virtio-net eth0 configured by DHCP (10.0.2.15/24)"
if gunzip -c "$initrd" | cpio -t --quiet 2>/dev/null | grep -qx usr/sbin/xenstored; then
	check "$(has "xenstored listening")" "xenstored started and listening on /run/xenstored/socket"
else
	echo "note image has no xenstored (xenbus not built)"
fi
echo "boot-test: vmlinux -> shell under plain QEMU (TCG): $boot_s s"
exit $fail
