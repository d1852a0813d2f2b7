#!/usr/bin/env bash
# Runs a command against a private xenstored: with-daemon.sh XENSTORED COMMAND [ARGS...]
set -u
daemon=$1
shift
dir=$(mktemp -d)
"$daemon" --socket "$dir/socket" --log "$dir/log" &
pid=$!
for _ in $(seq 100); do [ -S "$dir/socket" ] && break; sleep 0.05; done
XENSTORED_PATH=$dir/socket "$@"
rc=$?
if ! kill -0 $pid 2>/dev/null; then echo "xenstored died"; rc=1; fi
kill $pid
wait $pid 2>/dev/null
[ $rc = 0 ] || { echo "--- xenstored log"; cat "$dir/log"; }
rm -rf "$dir"
exit $rc
