#!/usr/bin/env bash
# `make run`: boots Lamina in QEMU (TCG, an AMD CPU with SVM and nested paging, 2 vCPUs, 2 GiB)
# with Debian's Linux as dom0, the hardware domain, and leaves you at dom0's root shell on this
# terminal. dom0 has a virtio disk (build/dom0/disk.img, mounted at /mnt/disk) and a virtio NIC
# on QEMU's user networking (DHCP: 10.0.2.15, gateway 10.0.2.2, DNS 10.0.2.3). Once dom0 has
# started, the serial console is dom0's, and the hypervisor's own messages (and domU consoles) go
# to QEMU's debug console, written to build/run/hypervisor.log.
#
#   RUN=guests      the older demo instead: two small PVH test guests, no dom0; their output
#                   appears as "(d1) ..." and "(d2) ...", and the machine powers off when both end
#   LAMINA_CMDLINE  replaces the hypervisor command line
#   LAMINA_MODULES  replaces the module list (QEMU's -initrd syntax: comma-separated files, each
#                   optionally followed by its command line)
#   QEMU_EXTRA      more QEMU options, e.g. "-s -S" to wait for gdb
#   BUILD           the build directory (default: build/ at the top; `make BUILD=...` sets it)
#   LAMINA_IMAGE    another hypervisor image than build/lamina
# Leave QEMU with Ctrl-a x.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
# The hypervisor component writes its image beside its build directory.
lamina=${LAMINA_IMAGE:-$build/lamina}

die() { echo "run-qemu: $*" >&2; exit 1; }
need() {
	local f
	for f in "$@"; do
		[ -s "$f" ] || die "$f is missing: run make first"
	done
}
case "$build" in
*,*) die "the build directory $build contains a comma, which QEMU's -initrd cannot carry" ;;
esac

case "${RUN:-dom0}" in
dom0)
	dom0=$build/dom0
	cmdline=${LAMINA_CMDLINE:-"loglvl=info dom0_mem=1G domain=dom0,kernel=0,initrd=1,hardware"}
	modules=${LAMINA_MODULES:-"$dom0/vmlinux console=ttyS0 quiet,$dom0/initramfs.cpio.gz"}
	need "$lamina" "$dom0/vmlinux" "$dom0/initramfs.cpio.gz" "$dom0/disk.img"
	mkdir -p "$build/run"
	hvlog=$build/run/hypervisor.log
	echo "run-qemu: Lamina with dom0 (Ctrl-a x leaves QEMU); dom0's disk: $dom0/disk.img"
	echo "run-qemu: the hypervisor's messages after dom0 starts go to $hvlog"
	exec qemu-system-x86_64 -accel tcg -cpu qemu64,+svm,+npt -smp 2 -m 2G -nographic -no-reboot \
		-kernel "$lamina" -append "$cmdline" -initrd "$modules" \
		-drive "file=$dom0/disk.img,if=virtio,format=raw" \
		-netdev user,id=n0 -device virtio-net-pci,netdev=n0 \
		-debugcon "file:$hvlog" ${QEMU_EXTRA:-}
	;;
guests)
	guests=$build/tests/guests
	cmdline=${LAMINA_CMDLINE:-"loglvl=info domain=hello,kernel=0 domain=version,kernel=1"}
	modules=${LAMINA_MODULES:-"$guests/selftest.elf,$guests/xen_version.elf"}
	need "$lamina"
	exec qemu-system-x86_64 -accel tcg -cpu qemu64,+svm,+npt -smp 2 -m 512 -nographic -no-reboot \
		-kernel "$lamina" -append "$cmdline" -initrd "$modules" ${QEMU_EXTRA:-}
	;;
*)
	die "RUN=${RUN} is not known: RUN=dom0 (the default) or RUN=guests"
	;;
esac
