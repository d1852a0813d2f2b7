#!/usr/bin/env bash
# The test initramfs and its start hook, on the host:
#   1. make-initramfs.sh leaves the stock archive byte for byte and appends one gzip cpio with
#      exactly /usr/bin/dom0-test (the given binary, mode 0755) and the start hook (0755), owned
#      by root; it refuses a missing or non-gzip base;
#   2. the start hook turns dom0test.* words of the kernel command line into options, ignores
#      every other word, and succeeds even when the program fails (its output is the verdict).
# usage: check-initramfs.sh DOM0_TEST WORKDIR
set -u
here=$(cd "$(dirname "$0")" && pwd)
prog=$1 work=$2
rm -rf "$work" && mkdir -p "$work/base-root"
failed=0
fail() {
	echo "FAIL $*"
	failed=1
}
ok() { echo "ok   $*"; }

# A stand-in stock archive with a file of its own.
echo "stock init" >"$work/base-root/init"
(cd "$work/base-root" && echo init | cpio -o -H newc --quiet | gzip -9n) >"$work/base.cpio.gz"
out=$work/test.cpio.gz
"$here/make-initramfs.sh" "$work/base.cpio.gz" "$prog" "$out" || fail "make-initramfs.sh failed"

size=$(stat -c %s "$work/base.cpio.gz")
cmp -s -n "$size" "$work/base.cpio.gz" "$out" && ok "the stock archive comes first, unchanged" ||
	fail "the stock archive is not the unchanged start of the result"
tail -c +$((size + 1)) "$out" >"$work/ours.cpio.gz"
listing=$(gunzip -c "$work/ours.cpio.gz" | cpio -itv --quiet 2>&1)
echo "$listing" | sed 's/^/  /'
files=$(echo "$listing" | awk '$1 ~ /^-/ { print $1, $2, $3, $4, $NF }')
want=$'-rwxr-xr-x 1 root root etc/lamina/start.d/50-dom0-test\n-rwxr-xr-x 1 root root usr/bin/dom0-test'
[ "$files" = "$want" ] && ok "the appended archive holds the program and the hook, 0755 root" ||
	fail "the appended archive's files are:"$'\n'"$files"$'\n'"expected:"$'\n'"$want"
mkdir -p "$work/unpacked"
(cd "$work/unpacked" && gunzip -c "$work/ours.cpio.gz" | cpio -id --quiet)
cmp -s "$work/unpacked/usr/bin/dom0-test" "$prog" && ok "usr/bin/dom0-test is the given binary" ||
	fail "usr/bin/dom0-test differs from $prog"
# Both archives one after the other, as Linux reads them: zcat joins the gzip members.
gunzip -c "$out" | cpio -it --quiet 2>/dev/null | grep -qx init && ok "the joined stream starts with the stock tree" ||
	fail "the stock archive's file is not in the joined stream"

for bad in "$work/absent.cpio.gz" "$work/base-root/init"; do
	if "$here/make-initramfs.sh" "$bad" "$prog" "$work/bad.cpio.gz" 2>"$work/err"; then
		fail "make-initramfs.sh accepted the base $bad"
	else
		ok "base $bad refused: $(cat "$work/err")"
	fi
done

# The hook, with a stand-in program that prints its arguments one per line.
printf '#!/bin/sh\nfor a; do echo "arg: $a"; done\nexit 3\n' >"$work/fake-prog"
chmod +x "$work/fake-prog"
echo "console=ttyS0 quiet dom0test.rounds=25 foo=bar dom0test.bench dom0testx=1 dom0test.until=find-peer" \
	>"$work/cmdline"
hook_out=$(DOM0_TEST_CMDLINE=$work/cmdline DOM0_TEST_PROG=$work/fake-prog "$here/50-dom0-test")
hook_status=$?
want_out="dom0-test: starting: $work/fake-prog --rounds=25 --bench --until=find-peer
arg: --rounds=25
arg: --bench
arg: --until=find-peer
dom0-test: exit status 3"
[ "$hook_out" = "$want_out" ] && ok "the hook passes dom0test.* words as options, and only those" ||
	fail "the hook printed:"$'\n'"$hook_out"$'\n'"expected:"$'\n'"$want_out"
[ $hook_status = 0 ] && ok "the hook succeeds when the program fails" ||
	fail "the hook exited with $hook_status"
# And with the real program: a bad option from the command line is reported, not fatal.
echo "dom0test.rounds=0" >"$work/cmdline"
hook_out=$(DOM0_TEST_CMDLINE=$work/cmdline DOM0_TEST_PROG=$prog "$here/50-dom0-test" 2>&1)
grep -Fqx "dom0-test: --rounds=0: out of range (1..100000000)" <<<"$hook_out" &&
	grep -Fqx "dom0-test: exit status 2" <<<"$hook_out" &&
	ok "a bad option on the command line is reported with exit status 2" ||
	fail "the hook with dom0test.rounds=0 printed:"$'\n'"$hook_out"

[ $failed = 0 ] && echo "check-initramfs: PASS"
exit $failed
