#!/usr/bin/env bash
# Runs one test command and records its verdict for the summary printed by `make test`.
# usage: run-test.sh RESULTS_DIR NAME -- command [args...]
set -u
results=$1 name=$2
shift 3
mkdir -p "$results"
log="$results/${name//\//_}.log"
if "$@" >"$log" 2>&1; then
	verdict=PASS
else
	verdict=FAIL
fi
echo "$verdict $name" >"$results/${name//\//_}.result"
if [ "$verdict" = FAIL ]; then
	tail -n 40 "$log" | sed "s|^|  [$name] |"
fi
echo "$verdict $name"
[ "$verdict" = PASS ]
