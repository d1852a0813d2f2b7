#!/usr/bin/env bash
# Checks kernel-extract on Debian's real kernel (from the dom0 build cache) against xz-utils:
# the vmlinux it wrote must be byte-identical to `xz -dc --single-stream` of the stream found by
# its magic, the way the kernel's own scripts/extract-vmlinux finds it. Also checks that a
# truncated bzImage is refused with a message and leaves no output file.
# usage: check-extract.sh KERNEL_EXTRACT DOM0_DIR
set -euo pipefail
extract=$1 dom0=$2
vmlinuz=$(ls "$dom0"/kernel-root/boot/vmlinuz-* 2>/dev/null | head -n 1)
[ -n "$vmlinuz" ] || { echo "no vmlinuz under $dom0/kernel-root/boot (run make in dom0-tools)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

start=$(date +%s.%N)
"$extract" "$vmlinuz" "$work/vmlinux"
end=$(date +%s.%N)
ours=$(sha256sum <"$work/vmlinux" | cut -d' ' -f1)
offset=$(LC_ALL=C grep -obUaP -m 1 '\xfd7zXZ\x00' "$vmlinuz" | head -n 1 | cut -d: -f1)
[ -n "$offset" ] || { echo "no xz magic in $vmlinuz"; exit 1; }
tail -c +$((offset + 1)) "$vmlinuz" >"$work/from-magic"
theirs=$(xz -dc --single-stream <"$work/from-magic" | sha256sum | cut -d' ' -f1)
echo "kernel-extract: $ours ($(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') s)"
echo "xz-utils:       $theirs (stream at offset $offset)"
[ "$ours" = "$theirs" ] || { echo "FAIL: the two vmlinux differ"; exit 1; }
cmp -s "$work/vmlinux" "$dom0/vmlinux" || { echo "FAIL: $dom0/vmlinux differs from a fresh extraction"; exit 1; }

head -c $(($(stat -c %s "$vmlinuz") / 2)) "$vmlinuz" >"$work/half"
if "$extract" "$work/half" "$work/half.out" 2>"$work/half.err"; then
	echo "FAIL: a truncated bzImage was accepted"
	exit 1
fi
echo "truncated image refused: $(cat "$work/half.err")"
[ ! -e "$work/half.out" ] && [ ! -e "$work/half.out.tmp" ] || { echo "FAIL: output left behind"; exit 1; }

"$extract" "$work/vmlinux" "$work/copy"
cmp "$work/vmlinux" "$work/copy"
echo "PASS"
