#!/usr/bin/env bash
# Builds dom0's test initramfs: the stock one (BASE, a gzip cpio) followed by a second gzip cpio
# holding /usr/bin/dom0-test and its start hook /etc/lamina/start.d/50-dom0-test. Linux unpacks
# concatenated archives in order, so ours adds to the stock tree.
# usage: make-initramfs.sh BASE.cpio.gz DOM0_TEST OUT.cpio.gz
set -euo pipefail

[ $# -eq 3 ] || { echo "usage: make-initramfs.sh BASE.cpio.gz DOM0_TEST OUT.cpio.gz" >&2; exit 2; }
base=$1 prog=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
for f in "$base" "$prog"; do
	[ -s "$f" ] || { echo "make-initramfs: $f is missing or empty" >&2; exit 1; }
done
gzip -t "$base" 2>/dev/null || { echo "make-initramfs: $base is not a gzip file" >&2; exit 1; }

stage=$(mktemp -d "${TMPDIR:-/tmp}/dom0-test-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
install -D -m 0755 "$prog" "$stage/usr/bin/dom0-test"
install -D -m 0755 "$here/50-dom0-test" "$stage/etc/lamina/start.d/50-dom0-test"
mkdir -p "$(dirname "$out")"
{
	cat "$base"
	(cd "$stage" && find usr etc | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -9n)
} >"$out.tmp"
mv "$out.tmp" "$out"
