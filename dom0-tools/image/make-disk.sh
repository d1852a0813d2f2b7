#!/usr/bin/env bash
# Creates dom0's virtio disk: a sparse ext4 image made with mkfs.ext4 -d from a small staging
# tree (the README below and an empty guests/ directory). An existing image is the user's data:
# it is moved to IMAGE.old rather than overwritten.
# usage: make-disk.sh IMAGE README SIZE     (SIZE as mkfs.ext4 takes it: 1G, 512M, ...)
set -euo pipefail
export PATH=$PATH:/usr/sbin:/sbin # mkfs.ext4 for non-root users
[ $# -eq 3 ] || { echo "usage: make-disk.sh IMAGE README SIZE" >&2; exit 2; }
image=$1 readme=$2 size=$3
log() { echo "make-disk: $*"; }
[ -f "$readme" ] || { echo "make-disk: ERROR: $readme is missing" >&2; exit 1; }
command -v mkfs.ext4 >/dev/null || { echo "make-disk: ERROR: mkfs.ext4 missing (apt-get install e2fsprogs)" >&2; exit 1; }

stage=$image.root
rm -rf "$stage" "$image.tmp"
mkdir -p "$stage/guests"
cp "$readme" "$stage/README"
if ! out=$(mkfs.ext4 -q -F -L lamina-dom0 -E root_owner=0:0 -d "$stage" "$image.tmp" "$size" 2>&1); then
	echo "make-disk: ERROR: mkfs.ext4 -d $stage $image.tmp $size failed:" >&2
	echo "$out" | sed 's/^/  /' >&2
	rm -rf "$stage" "$image.tmp"
	exit 1
fi
rm -rf "$stage"
if [ -e "$image" ]; then
	mv -f "$image" "$image.old"
	log "kept the previous disk as $image.old"
fi
mv "$image.tmp" "$image"
log "wrote $image (ext4, $size, sparse: $(du -h "$image" | cut -f1) used on the host)"
