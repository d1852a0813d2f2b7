#!/usr/bin/env bash
# Debian's xenstore-utils drive our xenstored through XENSTORED_PATH in a private directory.
# usage: utils.sh XENSTORED [LIBDIR]   (LIBDIR: load that libxenstore.so.4 instead of Debian's)
set -u
daemon=$1
libdir=${2:-}
dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
"$daemon" --socket "$dir/socket" --log "$dir/log" &
pid=$!
for _ in $(seq 100); do [ -S "$dir/socket" ] && break; sleep 0.05; done
export XENSTORED_PATH=$dir/socket
[ -n "$libdir" ] && export LD_LIBRARY_PATH=$libdir
fail=0
expect() { # expect WANT -- command...: stdout must equal WANT and the command succeed
	local want=$1 got
	shift 2
	if ! got=$("$@" 2>&1); then
		echo "FAIL: $* exited $?: $got"; fail=1
	elif [ "$got" != "$want" ]; then
		echo "FAIL: $*"; echo "  want: $want"; echo "  got:  $got"; fail=1
	else
		echo "ok: $*"
	fi
}
expect_fail() { # the command must fail
	if "$@" >/dev/null 2>&1; then echo "FAIL: $* succeeded"; fail=1; else echo "ok: ! $*"; fi
}

expect "" -- xenstore-write /vm/name demo /vm/memory 512
expect "demo" -- xenstore-read /vm/name
expect "$(printf 'demo\n512')" -- xenstore-read /vm/name /vm/memory
expect "$(printf 'memory\nname')" -- bash -c "xenstore-list /vm | sort"
expect "" -- xenstore-exists /vm/name
expect_fail xenstore-exists /vm/nothing
expect_fail xenstore-read /vm/nothing
expect "" -- xenstore-chmod /vm/name b3 r4
# Children are listed in creation order, as Xen's daemons list them.
expect "$(printf 'vm = ""\n name = "demo"\n memory = "512"')" -- xenstore-ls
expect "$(printf 'name = "demo"  . . . . . . . . . . . . . . . . . . . . . . .  (b3,r4)\nmemory = "512" . . . . . . . . . . . . . . . . . . . . . . .  (n0)')" -- xenstore-ls -p /vm
expect "" -- xenstore-rm /vm/memory
expect_fail xenstore-read /vm/memory
expect "name" -- xenstore-list /vm
# xenstore-watch: the initial event, then one per change, then it exits after -n events.
xenstore-watch -n 3 /vm >"$dir/watch.out" 2>&1 &
watcher=$!
for _ in $(seq 50); do [ -s "$dir/watch.out" ] && break; sleep 0.05; done
xenstore-write /vm/state running
xenstore-rm /vm/state
wait $watcher
expect "$(printf '/vm\n/vm/state\n/vm/state')" -- cat "$dir/watch.out"
expect_fail xenstore-write "/bad//path" x
expect "" -- xenstore-rm /vm
expect_fail xenstore-exists /vm
if ! kill -0 $pid 2>/dev/null; then echo "FAIL: xenstored died"; fail=1; fi
[ $fail = 0 ] && echo "xenstore-utils: all passed${libdir:+ (with $libdir/libxenstore.so.4)}"
exit $fail
