#!/usr/bin/env bash
# `make run`: boots Lamina in QEMU (TCG, an AMD CPU with SVM and nested paging) with two small
# PVH guests as boot-time domains. Their output appears as "(d1) ..." and "(d2) ..."; the machine
# powers off when both have finished.
#
#   LAMINA_CMDLINE  replaces the hypervisor command line
#   LAMINA_MODULES  replaces the module list (comma-separated ELF files, QEMU's -initrd syntax)
#   QEMU_EXTRA      more QEMU options, e.g. "-s -S" to wait for gdb
# Leave QEMU with Ctrl-a x.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
guests=$top/build/tests/guests

cmdline=${LAMINA_CMDLINE:-"loglvl=info domain=hello,kernel=0 domain=version,kernel=1"}
modules=${LAMINA_MODULES:-"$guests/selftest.elf,$guests/xen_version.elf"}

exec qemu-system-x86_64 -accel tcg -cpu qemu64,+svm,+npt -smp 2 -m 512 -nographic -no-reboot \
	-kernel "$top/build/lamina" -append "$cmdline" -initrd "$modules" ${QEMU_EXTRA:-}
