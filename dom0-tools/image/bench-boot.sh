#!/usr/bin/env bash
# Boot time of dom0's vmlinux + initramfs under plain QEMU (TCG, no hypervisor), against a
# baseline measured in the same run: the same kernel with a bare busybox initramfs whose /init
# only mounts /proc and prints the marker. The difference is what dom0's /init costs (modules,
# xenstored, DHCP start). Boots alternate between the two, N times each (default 5).
# usage: bench-boot.sh DOM0_DIR WORK_DIR [N]
set -euo pipefail
dom0=$1 work=$2 n=${3:-5}
busybox=$dom0/busybox-root/bin/busybox
for f in "$dom0/vmlinux" "$dom0/initramfs.cpio.gz" "$busybox"; do
	[ -e "$f" ] || { echo "bench-boot: $f is missing (run make in dom0-tools)"; exit 1; }
done
rm -rf "$work" && mkdir -p "$work/bare/bin" "$work/bare/proc"
cp "$busybox" "$work/bare/bin/busybox"
ln -s busybox "$work/bare/bin/sh"
cat >"$work/bare/init" <<'INIT'
#!/bin/sh
/bin/busybox mount -t proc proc /proc
echo "bare: ready $(/bin/busybox cut -d' ' -f1 /proc/uptime) s after kernel start"
echo LAMINA_DOM0_READY
/bin/busybox poweroff -f
INIT
chmod +x "$work/bare/init"
(cd "$work/bare" && find . | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --quiet) | gzip -n >"$work/bare.cpio.gz"

# boot INITRD: prints "host_seconds guest_seconds" (QEMU start -> marker; kernel start -> marker)
boot() {
	local log=$work/serial.log start end guest
	start=$(date +%s.%N)
	qemu-system-x86_64 -accel tcg -cpu qemu64 -m 1024 -display none -monitor none \
		-serial stdio -no-reboot -kernel "$dom0/vmlinux" -initrd "$1" \
		-append "console=ttyS0 quiet panic=-1" </dev/null >"$log" 2>&1 &
	local qemu=$! deadline=$(($(date +%s) + 120))
	until grep -q '^LAMINA_DOM0_READY' "$log"; do
		if [ "$(date +%s)" -ge "$deadline" ] || ! kill -0 $qemu 2>/dev/null; then
			kill $qemu 2>/dev/null || true
			echo "bench-boot: no ready marker; log:" >&2
			tail -n 20 "$log" >&2
			return 1
		fi
		sleep 0.02
	done
	end=$(date +%s.%N)
	kill $qemu 2>/dev/null || true
	wait $qemu 2>/dev/null || true
	guest=$(tr -d '\r' <"$log" | sed -n 's/.*ready \([0-9.]*\) s after kernel start.*/\1/p' | tail -n 1)
	awk -v a="$start" -v b="$end" -v g="${guest:-nan}" 'BEGIN { printf "%.3f %s\n", b - a, g }'
}

for i in $(seq "$n"); do
	boot "$work/bare.cpio.gz" >>"$work/bare.times"
	boot "$dom0/initramfs.cpio.gz" >>"$work/dom0.times"
done
# stats FILE COLUMN: "median min max"
stats() {
	cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.2f %.2f %.2f", m, v[1], v[NR] }'
}
read -r bh bhmin bhmax <<<"$(stats "$work/bare.times" 1)"
read -r dh dhmin dhmax <<<"$(stats "$work/dom0.times" 1)"
read -r bg bgmin bgmax <<<"$(stats "$work/bare.times" 2)"
read -r dg dgmin dgmax <<<"$(stats "$work/dom0.times" 2)"
echo "dom0 boot under plain QEMU (TCG, -cpu qemu64, 1 vCPU), $n boots each, median (min-max) s:"
printf '  %-34s %-20s %s\n' "" "QEMU start -> ready" "kernel start -> ready (guest)"
printf '  %-34s %-20s %s\n' "bare busybox initramfs (baseline)" "$bh ($bhmin-$bhmax)" "$bg ($bgmin-$bgmax)"
printf '  %-34s %-20s %s\n' "dom0 initramfs" "$dh ($dhmin-$dhmax)" "$dg ($dgmin-$dgmax)"
awk -v d="$dh" -v b="$bh" 'BEGIN { printf "  ratio dom0/baseline (QEMU start -> ready): %.2f; /init costs %.2f s\n", d / b, d - b }'
echo "  load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
