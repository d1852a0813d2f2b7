#!/usr/bin/env bash
# dom0 boot time: seconds from QEMU's start to /init's LAMINA_DOM0_READY, for the same vmlinux and
# initramfs booted three ways in the same run, N times each (default 5), the three alternating:
#   bare    plain QEMU, the same kernel with a bare busybox initramfs whose /init only mounts
#           /proc and prints the marker: the floor, and what dom0's /init costs above it;
#   plain   plain QEMU (no hypervisor), dom0's initramfs;
#   lamina  (with --lamina IMAGE) Lamina with that kernel and initramfs as the hardware domain,
#           the command line of `make run`.
# Every boot has the same QEMU CPU model, a fresh copy of dom0's disk and a virtio NIC on user
# networking. Plain QEMU gets one vCPU and 1 GiB, as dom0 has under Lamina (nr_cpus=1,
# dom0_mem=1G of -m 2G); Lamina gets -smp 2 because dom0 owns CPU0 and domUs run on the others.
# Prints medians (min-max) and the ratios of the medians.
# usage: bench-boot.sh [--lamina IMAGE] DOM0_DIR WORK_DIR [N]
set -euo pipefail
lamina=
if [ "${1:-}" = --lamina ]; then
	lamina=$2
	shift 2
fi
[ $# -ge 2 ] || { echo "usage: bench-boot.sh [--lamina IMAGE] DOM0_DIR WORK_DIR [N]" >&2; exit 2; }
dom0=$1 work=$2 n=${3:-5}
busybox=$dom0/busybox-root/bin/busybox
for f in "$dom0/vmlinux" "$dom0/initramfs.cpio.gz" "$dom0/disk.img" "$busybox" ${lamina:+"$lamina"}; do
	[ -e "$f" ] || { echo "bench-boot: $f is missing (run make)" >&2; exit 1; }
done
case "$dom0$work" in
*,*) echo "bench-boot: paths cannot contain commas (QEMU splits -initrd on them)" >&2; exit 1 ;;
esac
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

cpu=qemu64,+svm,+npt
kargs="console=ttyS0 quiet panic=-1"
common=(-accel tcg -cpu "$cpu" -display none -monitor none -serial stdio -no-reboot
	-drive "file=$work/disk.img,if=virtio,format=raw"
	-netdev user,id=n0 -device virtio-net-pci,netdev=n0)

# boot KIND: prints "host_seconds guest_seconds" (QEMU start -> marker; kernel start -> marker)
boot() {
	local kind=$1 log=$work/$1.serial.log start end guest extra
	case "$kind" in
	bare) extra=(-smp 1 -m 1G -kernel "$dom0/vmlinux" -initrd "$work/bare.cpio.gz" -append "$kargs") ;;
	plain) extra=(-smp 1 -m 1G -kernel "$dom0/vmlinux" -initrd "$dom0/initramfs.cpio.gz" -append "$kargs") ;;
	lamina) extra=(-smp 2 -m 2G -kernel "$lamina"
		-append "loglvl=info dom0_mem=1G domain=dom0,kernel=0,initrd=1,hardware"
		-initrd "$dom0/vmlinux $kargs,$dom0/initramfs.cpio.gz"
		-debugcon "file:$work/lamina.hypervisor.log") ;;
	esac
	cp --sparse=always "$dom0/disk.img" "$work/disk.img"
	start=$(date +%s.%N)
	qemu-system-x86_64 "${common[@]}" "${extra[@]}" </dev/null >"$log" 2>&1 &
	local qemu=$! deadline=$(($(date +%s) + 120))
	until grep -q '^LAMINA_DOM0_READY' "$log"; do
		if [ "$(date +%s)" -ge "$deadline" ] || ! kill -0 $qemu 2>/dev/null; then
			kill $qemu 2>/dev/null || true
			echo "bench-boot: $kind: no ready marker; serial log $log ends:" >&2
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

kinds="bare plain${lamina:+ lamina}"
for _ in $(seq "$n"); do
	for kind in $kinds; do
		boot "$kind" >>"$work/$kind.times"
	done
done

# stats FILE COLUMN: "median min max"
stats() {
	cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.2f %.2f %.2f", m, v[1], v[NR] }'
}
declare -A label=(
	[bare]="plain QEMU, bare busybox initramfs"
	[plain]="plain QEMU, dom0 initramfs"
	[lamina]="Lamina, dom0 as hardware domain"
)
declare -A host=()
echo "dom0 boot (TCG, -cpu $cpu, disk + NIC), $n boots each, median (min-max) s:"
printf '  %-36s %-20s %s\n' "" "QEMU start -> ready" "kernel start -> ready (guest clock)"
for kind in $kinds; do
	read -r h hmin hmax <<<"$(stats "$work/$kind.times" 1)"
	read -r g gmin gmax <<<"$(stats "$work/$kind.times" 2)"
	host[$kind]=$h
	printf '  %-36s %-20s %s\n' "${label[$kind]}" "$h ($hmin-$hmax)" "$g ($gmin-$gmax)"
done
awk -v d="${host[plain]}" -v b="${host[bare]}" 'BEGIN {
	printf "  ratio plain dom0 / bare (QEMU start -> ready): %.2f; dom0'"'"'s /init costs %.2f s\n", d / b, d - b }'
if [ -n "$lamina" ]; then
	awk -v l="${host[lamina]}" -v p="${host[plain]}" 'BEGIN {
		printf "  ratio Lamina / plain QEMU (QEMU start -> ready): %.2f; Lamina adds %.2f s\n", l / p, l - p }'
else
	echo "  Lamina: not measured (no --lamina IMAGE given)"
fi
echo "  load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
