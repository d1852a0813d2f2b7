#!/usr/bin/env bash
# Builds dom0's kernel and initramfs from Debian packages:
#   OUT/vmlinux            the uncompressed kernel of linux-image-amd64's current version
#   OUT/initramfs.cpio.gz  busybox-static, the kernel modules dom0 needs, /init (image/init)
# Downloads go to OUT/debs (apt-get download) and are reused: once a package is there it is never
# fetched again. The kernel package chosen first stays until the cache is removed or --refresh
# is given, so builds do not change under you when Debian publishes a new kernel.
#
# usage: build-dom0.sh --out DIR --extract PATH/kernel-extract [--xenbus DIR] [--refresh]
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export PATH=$PATH:/usr/sbin:/sbin # depmod, modprobe for non-root users
OUT= EXTRACT= XENBUS= REFRESH=0
while [ $# -gt 0 ]; do
	case "$1" in
	--out) OUT=$2; shift 2 ;;
	--extract) EXTRACT=$2; shift 2 ;;
	--xenbus) XENBUS=$2; shift 2 ;;
	--refresh) REFRESH=1; shift ;;
	*) echo "build-dom0: unknown argument $1" >&2; exit 2 ;;
	esac
done
[ -n "$OUT" ] && [ -x "$EXTRACT" ] || {
	echo "usage: build-dom0.sh --out DIR --extract PATH/kernel-extract [--xenbus DIR] [--refresh]" >&2
	exit 2
}

# The modules dom0 wants, with the Kconfig symbol that says whether each is built in. ext4's
# own dependencies (jbd2, mbcache, crc16, crc32c) come from modules.dep, not from this list.
WANTED=(
	"xen-evtchn XEN_DEV_EVTCHN"
	"xen-gntdev XEN_GNTDEV"
	"xen-privcmd XEN_PRIVCMD"
	"xen-gntalloc XEN_GRANT_DEV_ALLOC"
	"virtio_pci VIRTIO_PCI"
	"virtio_blk VIRTIO_BLK"
	"virtio_net VIRTIO_NET"
	"tun TUN"
	"bridge BRIDGE"
	"ext4 EXT4_FS"
)
# Parameters given at load time. privcmd otherwise waits for a xenstore "target" node that a
# dom0 booted this way never gets (linux-guest-requirements.md 2.4).
declare -A PARAMS=([xen-privcmd]="unrestricted=1")

DEBS=$OUT/debs
KROOT=$OUT/kernel-root
BBROOT=$OUT/busybox-root
STAGE=$OUT/initramfs-root

log() { echo "build-dom0: $*"; }
die() { echo "build-dom0: ERROR: $*" >&2; exit 1; }
for tool in apt-get apt-cache dpkg-deb depmod modprobe cpio gzip; do
	command -v "$tool" >/dev/null || die "missing host tool $tool (apt-get install apt dpkg kmod cpio gzip)"
done
mkdir -p "$DEBS"

# apt-get download of PKG into the cache. A download goes to a scratch directory first, so a
# failed or interrupted one never looks complete. Package lists are refreshed only when apt
# does not know the package at all.
download() {
	local pkg=$1 tmp=$DEBS/.partial
	local cmd="apt-get download -q -o APT::Sandbox::User=root $pkg"
	rm -rf "$tmp" && mkdir -p "$tmp"
	log "downloading $pkg ($cmd)"
	if ! (cd "$tmp" && $cmd >"$tmp/apt.log" 2>&1); then
		if ! apt-cache show "$pkg" >/dev/null 2>&1; then
			log "apt does not know $pkg: running apt-get update"
			apt-get update -q >"$tmp/update.log" 2>&1 ||
				die "apt-get update failed:"$'\n'"$(tail -n 5 "$tmp/update.log" | sed 's/^/  /')"
		fi
		(cd "$tmp" && $cmd >"$tmp/apt.log" 2>&1) ||
			die "download failed; the command was (in $DEBS): $cmd"$'\n'"$(grep -v '^$' "$tmp/apt.log" | tail -n 5 | sed 's/^/  /')"
	fi
	mv "$tmp"/*.deb "$DEBS/"
	rm -rf "$tmp"
}

# The cached .deb of PKG (any version), or nothing.
cached_deb() {
	local f
	for f in "$DEBS/$1"_*.deb; do
		[ -f "$f" ] && { echo "$f"; return; }
	done
}

# linux-image-amd64 is a metapackage; its dependency names the versioned kernel package.
resolve_kernel_package() {
	local dep
	dep=$(apt-cache depends linux-image-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
	if [ -z "$dep" ]; then
		log "apt does not know linux-image-amd64: running apt-get update"
		apt-get update -q >"$DEBS/update.log" 2>&1 ||
			die "apt-get update failed:"$'\n'"$(tail -n 5 "$DEBS/update.log" | sed 's/^/  /')"
		dep=$(apt-cache depends linux-image-amd64 2>/dev/null |
			awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
	fi
	[ -n "$dep" ] || die "cannot resolve linux-image-amd64 to a versioned package (apt-cache depends linux-image-amd64)"
	echo "$dep"
}

# Extracts DEB into DIR once; DIR/.from records which .deb it came from.
extract_deb() {
	local deb=$1 dir=$2
	[ -f "$dir/.from" ] && [ "$(cat "$dir/.from")" = "${deb##*/}" ] && return 0
	log "extracting ${deb##*/}"
	rm -rf "$dir" "$dir.tmp"
	dpkg-deb -x "$deb" "$dir.tmp"
	echo "${deb##*/}" >"$dir.tmp/.from"
	mv "$dir.tmp" "$dir"
}

# --- the packages ---------------------------------------------------------------------------
KPKG_FILE=$DEBS/kernel-package
if [ "$REFRESH" = 1 ]; then
	log "--refresh: forgetting the cached packages"
	rm -f "$DEBS"/*.deb "$KPKG_FILE"
fi
if [ ! -s "$KPKG_FILE" ]; then
	resolve_kernel_package >"$KPKG_FILE.tmp"
	mv "$KPKG_FILE.tmp" "$KPKG_FILE"
fi
KPKG=$(cat "$KPKG_FILE")
KVER=${KPKG#linux-image-}
[ -n "$(cached_deb "$KPKG")" ] || download "$KPKG"
[ -n "$(cached_deb busybox-static)" ] || download busybox-static
KDEB=$(cached_deb "$KPKG")
BBDEB=$(cached_deb busybox-static)
log "kernel package: ${KDEB##*/}; busybox: ${BBDEB##*/} (cache $DEBS)"

extract_deb "$KDEB" "$KROOT"
extract_deb "$BBDEB" "$BBROOT"
VMLINUZ=$KROOT/boot/vmlinuz-$KVER
CONFIG=$KROOT/boot/config-$KVER
MODDIR=$KROOT/lib/modules/$KVER
BUSYBOX=$BBROOT/bin/busybox
for f in "$VMLINUZ" "$CONFIG" "$MODDIR" "$BUSYBOX"; do
	[ -e "$f" ] || die "$f is missing from the extracted package"
done
# The package leaves modules.dep to its postinst (depmod); build it for the extracted tree.
[ -s "$MODDIR/modules.dep" ] || { log "depmod for $KVER"; depmod -b "$KROOT" "$KVER"; }

# --- vmlinux --------------------------------------------------------------------------------
if [ ! -s "$OUT/vmlinux" ] || [ "$VMLINUZ" -nt "$OUT/vmlinux" ] || [ "$EXTRACT" -nt "$OUT/vmlinux" ]; then
	"$EXTRACT" "$VMLINUZ" "$OUT/vmlinux"
fi

# --- initramfs ------------------------------------------------------------------------------
XENSTORED=
[ -n "$XENBUS" ] && [ -x "$XENBUS/xenstored" ] && XENSTORED=$XENBUS/xenstored
INPUTS=("$HERE/init" "$HERE/udhcpc.script" "${BASH_SOURCE[0]}" "$KROOT/.from" "$BBROOT/.from")
[ -n "$XENSTORED" ] && INPUTS+=("$XENSTORED")
stale=0
[ -s "$OUT/initramfs.cpio.gz" ] || stale=1
for f in "${INPUTS[@]}"; do
	[ "$f" -nt "$OUT/initramfs.cpio.gz" ] && stale=1
done
# whether xenstored is in the archive must follow whether it exists now
[ -f "$OUT/initramfs.xenstored" ] && [ "$(cat "$OUT/initramfs.xenstored")" = "${XENSTORED:-none}" ] || stale=1
if [ "$stale" = 0 ]; then
	log "up to date: $OUT/vmlinux, $OUT/initramfs.cpio.gz"
	exit 0
fi

log "building the initramfs in $STAGE"
rm -rf "$STAGE"
mkdir -p "$STAGE"/{bin,sbin,usr/bin,usr/sbin,etc/lamina/start.d,proc,sys,dev,run,tmp,root,var,mnt/disk}
ln -s ../run "$STAGE/var/run"

cp "$BUSYBOX" "$STAGE/bin/busybox"
for applet in $("$BUSYBOX" --list-full); do
	[ -e "$STAGE/$applet" ] || ln -s /bin/busybox "$STAGE/$applet"
done

# Which wanted modules are modules in this kernel, and their dependencies from modules.dep.
modules=()
for entry in "${WANTED[@]}"; do
	name=${entry% *} sym=CONFIG_${entry#* }
	setting=$(sed -n "s/^$sym=//p" "$CONFIG")
	case "$setting" in
	y) log "  $name: built in ($sym=y)" ;;
	m) modules+=("$name") ;;
	*) log "  $name: not in this kernel ($sym unset), skipped" ;;
	esac
done
: >"$STAGE/etc/lamina/modules"
declare -A seen=()
# -a: without it modprobe takes every name after the first as a parameter
while read -r kind path _; do
	[ "$kind" = insmod ] || continue
	rel=${path#"$KROOT"}
	[ -n "${seen[$rel]:-}" ] && continue
	seen[$rel]=1
	mkdir -p "$STAGE$(dirname "$rel")"
	cp "$path" "$STAGE$rel"
	name=${rel##*/}
	name=${name%.ko}
	echo "$rel ${PARAMS[$name]:-}" >>"$STAGE/etc/lamina/modules"
	log "  module $name${PARAMS[$name]:+ (${PARAMS[$name]})}"
done < <(modprobe -d "$KROOT" -S "$KVER" --show-depends -a "${modules[@]}")
cp "$MODDIR"/modules.{order,builtin,builtin.modinfo} "$STAGE/lib/modules/$KVER/"
depmod -b "$STAGE" "$KVER" # so that modprobe works from dom0's shell

if [ -n "$XENSTORED" ]; then
	log "adding xenstored from $XENSTORED"
	cp "$XENSTORED" "$STAGE/usr/sbin/xenstored"
	for lib in $(ldd "$XENSTORED" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
		mkdir -p "$STAGE$(dirname "$lib")"
		cp -L "$lib" "$STAGE$lib"
	done
else
	log "no xenstored (build xenbus first to include it)"
fi

cp "$HERE/init" "$STAGE/init"
cp "$HERE/udhcpc.script" "$STAGE/etc/lamina/udhcpc.script"
chmod 0755 "$STAGE/init" "$STAGE/etc/lamina/udhcpc.script"
echo lamina-dom0 >"$STAGE/etc/hostname"
echo 'root:x:0:0:root:/root:/bin/sh' >"$STAGE/etc/passwd"
printf 'root:x:0:\ntty:x:5:\n' >"$STAGE/etc/group"
echo 'PS1="dom0# "; export PS1' >"$STAGE/etc/profile"
: >"$STAGE/etc/resolv.conf"

# Reproducible archive: sorted names, owner root, one timestamp (the kernel's), no gzip name.
stamp=$(stat -c %Y "$VMLINUZ")
find "$STAGE" -exec touch -h -d "@$stamp" {} +
(cd "$STAGE" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc --owner=0:0 --reproducible --quiet) | gzip -n -9 >"$OUT/initramfs.cpio.gz.tmp"
mv "$OUT/initramfs.cpio.gz.tmp" "$OUT/initramfs.cpio.gz"
echo "${XENSTORED:-none}" >"$OUT/initramfs.xenstored"
log "wrote $OUT/vmlinux ($(stat -c %s "$OUT/vmlinux") bytes) and $OUT/initramfs.cpio.gz ($(stat -c %s "$OUT/initramfs.cpio.gz") bytes, $(wc -l <"$STAGE/etc/lamina/modules") modules)"
