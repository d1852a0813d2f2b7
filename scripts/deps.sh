#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, or prints the exact apt-get line
# when not root. Each entry: a file or command that proves the package is there, and the package.
set -euo pipefail

checks=(
	"/usr/bin/gcc build-essential"
	"/usr/bin/clang clang"
	"/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev"
	"/usr/bin/qemu-system-x86_64 qemu-system-x86"
	"/usr/include/cmocka.h libcmocka-dev"
	"/usr/lib/python3/dist-packages/kconfiglib.py python3-kconfiglib"
	"/usr/include/xen/xen.h libxen-dev"
	"/usr/bin/xenstore-write xenstore-utils"
	"/usr/include/yajl/yajl_gen.h libyajl-dev"
	"/usr/include/uuid/uuid.h uuid-dev"
	"/usr/include/zlib.h zlib1g-dev"
	"/usr/include/lzma.h liblzma-dev"
	"/usr/bin/cpio cpio"
	"/sbin/depmod kmod"
	"/usr/bin/xz xz-utils"
	"/sbin/mkfs.ext4 e2fsprogs"
)

missing=()
for c in "${checks[@]}"; do
	path=${c% *}
	pkg=${c##* }
	[ -e "$path" ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages; run as root: apt-get update && $line" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
